package io.recflow.api.infra;

import io.recflow.workflows.ArtifactRef;

import java.util.HexFormat;
import java.util.Random;

/** Artifacts for lineage tests: rows only, no object behind them in the store. */
public final class TestArtifacts {

    private TestArtifacts() {
    }

    /** A made-up artifact of {@code kind} with a random digest, so that every call records a new one. */
    public static ArtifactRef artifact(String kind) {
        byte[] b = new byte[32];
        new Random().nextBytes(b);
        String sha = HexFormat.of().formatHex(b);
        return new ArtifactRef("s3://recflow/artifacts/" + kind + "/" + sha, sha, 100, kind);
    }
}
