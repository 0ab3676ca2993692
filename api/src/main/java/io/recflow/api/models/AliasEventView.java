package io.recflow.api.models;

import io.recflow.activities.lineage.AliasEventEntity;

import java.time.Instant;

/** One entry of an alias's audit log; its id is where the next page of older moves starts. */
public record AliasEventView(long id, String alias, Integer fromVersion, int toVersion, String actor, String reason,
                             Instant at) {

    static AliasEventView of(AliasEventEntity e) {
        return new AliasEventView(e.getId(), e.getAlias(), e.getFromVersion(), e.getToVersion(), e.getActor(),
                e.getReason(), e.getAt());
    }
}
