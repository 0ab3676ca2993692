package io.recflow.workflows.pipeline;

/** The pipeline's stages in order; {@link #id()} is the name lineage and the API use. */
public enum Stage {
    INGEST("ingest"), TOKENIZE("tokenize"), FINE_TUNE("fine-tune"), EVALUATE("evaluate"), PROMOTE("promote");

    private final String id;

    Stage(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }
}
