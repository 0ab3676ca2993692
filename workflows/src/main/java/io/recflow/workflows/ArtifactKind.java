package io.recflow.workflows;

/** The kinds of artifact the pipeline writes; each is a folder under {@code artifacts/}. */
public final class ArtifactKind {

    public static final String DATASET = "dataset";
    public static final String SPLIT = "split";
    public static final String ENCODER = "encoder";
    public static final String TOKENIZER = "tokenizer";
    /** Ready-made item codes a run took instead of training its tokenizer (an input, not an output). */
    public static final String CODE_INDEX = "code-index";
    public static final String CHECKPOINT = "checkpoint";
    public static final String MODEL = "model";
    public static final String EVAL_REPORT = "eval-report";
    /** A pretrained language model in the imported format (a deterministic tar of its directory). */
    public static final String FOUNDATION_MODEL = "foundation-model";

    private ArtifactKind() {
    }
}
