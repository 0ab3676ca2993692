package io.recflow.workflows.pipeline;

/**
 * The sweep's decision for one evaluated child: {@code offered} children go through their promotion gate as any
 * run does (policy, approval); the others register their version and stop there.
 */
public record SweepOffer(boolean offered, String reason) {
}
