package io.recflow.activities.lineage;

import java.util.List;
import java.util.Map;

/**
 * The answer to an upstream or downstream lineage query. Node ids are {@code artifact:<id>} and
 * {@code step:<id>}; edges point in data-flow direction: {@code used} goes artifact -> step (the step
 * read it), {@code generated} goes step -> artifact (the step wrote it). {@code depth} of a node is the
 * number of steps between it and the root. {@code truncated}: there were more than {@link LineageQueries#MAX_NODES}
 * nodes within the depth, and only the nearest are here.
 */
public record LineageGraph(long root, Direction direction, int depth, List<Node> nodes, List<Edge> edges,
                           boolean truncated) {

    public enum Direction {
        UPSTREAM, DOWNSTREAM;

        public static Direction parse(String value) {
            for (Direction d : values()) {
                if (d.name().equalsIgnoreCase(value)) {
                    return d;
                }
            }
            throw new IllegalArgumentException("direction must be upstream or downstream, got " + value);
        }
    }

    /** {@code type} is {@code artifact} or {@code step}; {@code attributes} hold the row's columns. */
    public record Node(String id, String type, int depth, Map<String, Object> attributes) {
    }

    public record Edge(String from, String to, String label) {
    }

    public static String artifactNode(long id) {
        return "artifact:" + id;
    }

    public static String stepNode(long id) {
        return "step:" + id;
    }
}
