package io.recflow.workflows.sweep;

import java.util.List;

/**
 * A sweep as the API validated it: every child's complete spec, how many may run at once, and the metric the
 * best child is chosen by.
 *
 * @param selectBy    {@code protocol/metric} of the children's {@code validation} row (higher is better), e.g.
 *                    {@code full-ranking/NDCG@10}: choosing on test numbers would make the promotion gate's
 *                    test-set comparison optimistic
 * @param maxParallel children running at once (children waiting for the sweep's decision do not count)
 */
public record SweepPlan(List<SweepChild> children, int maxParallel, String selectBy) {

    public SweepPlan {
        children = List.copyOf(children);
    }
}
