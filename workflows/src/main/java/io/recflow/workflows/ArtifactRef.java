package io.recflow.workflows;

import java.util.Objects;

/**
 * A reference to a content-addressed artifact: what workflow payloads carry instead of data
 * (Temporal's payload limit is 2 MB). {@code uri} is {@code s3://bucket/artifacts/<kind>/<sha256>}.
 */
public record ArtifactRef(String uri, String sha256, long size, String kind) {

    public ArtifactRef {
        Objects.requireNonNull(uri, "uri");
        Objects.requireNonNull(sha256, "sha256");
        Objects.requireNonNull(kind, "kind");
    }
}
