package io.recflow.bootstrap;

/** {@code recflow.mode}: where the infrastructure comes from. */
public enum InfraMode {
    /**
     * recflow starts PostgreSQL, s3proxy and the Temporal test server itself, under {@code recflow.data-dir}
     * (when the build carries them: see {@link InProcessInfrastructure}).
     */
    EMBEDDED,
    /** Real servers on this machine at their usual ports (Temporal 7233, MinIO 9000, PostgreSQL 5432). */
    LOCAL,
    /** Endpoints from config / environment only. */
    CLUSTER;

    public static InfraMode parse(String value) {
        if (value == null || value.isBlank()) {
            return EMBEDDED;
        }
        for (InfraMode mode : values()) {
            if (mode.name().equalsIgnoreCase(value.trim())) {
                return mode;
            }
        }
        throw new IllegalArgumentException("recflow.mode must be embedded, local or cluster, not '" + value + "'");
    }
}
