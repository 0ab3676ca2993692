package io.recflow.workflows.ingest;

import io.recflow.workflows.pipeline.DataSpec;

public record IngestRequest(DataSpec data, long seed) {
}
