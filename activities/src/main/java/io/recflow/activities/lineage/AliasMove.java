package io.recflow.activities.lineage;

/**
 * The outcome of {@link ModelRegistry#moveAlias}: {@code changed} is false (and {@code event} null)
 * when the alias already pointed to {@code toVersion}, so a retried promotion writes one audit event.
 */
public record AliasMove(String model, String alias, Integer fromVersion, int toVersion, boolean changed,
                        AliasEventEntity event) {
}
