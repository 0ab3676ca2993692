package io.recflow.workflows.collect;

/**
 * What a scheduled collection deletes: artifacts made more than {@code olderThan} (ISO-8601, e.g.
 * {@code PT168H}) before it runs that nothing needs any more.
 *
 * @param by the name the deletion carries in lineage
 */
public record CollectionOrder(String olderThan, String by) {
}
