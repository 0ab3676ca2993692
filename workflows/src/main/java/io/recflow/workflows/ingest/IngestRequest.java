package io.recflow.workflows.ingest;

import io.recflow.workflows.spec.DataSpec;

public record IngestRequest(DataSpec data, long seed) {
}
