package io.recflow.workflows.pipeline;

import io.recflow.workflows.spec.PipelineSpec;
import io.temporal.common.SearchAttributeKey;
import io.temporal.common.SearchAttributes;

import java.util.List;

/**
 * The custom search attributes of a pipeline run (Keyword), so runs can be filtered in the Temporal
 * Web UI and through the visibility API, e.g. {@code RecflowModel = 'movies' AND RecflowStatus = 'FAILED'}.
 * A real Temporal server must have them registered ({@code infra/start.sh} does); the embedded test
 * server has no search attributes at all. So whoever starts a run sets them only where the server
 * supports them, and the workflow keeps {@link #STATUS} up to date only when its run was started with
 * them ({@link #PIPELINE} present): a run without them, and every history recorded before, replays
 * unchanged.
 */
public final class RecflowSearchAttributes {

    /** The pipeline definition that started the run: the schedule id for a scheduled run, else the run's id. */
    public static final SearchAttributeKey<String> PIPELINE = SearchAttributeKey.forKeyword("RecflowPipeline");
    /** The data set's URI. */
    public static final SearchAttributeKey<String> DATASET = SearchAttributeKey.forKeyword("RecflowDataset");
    /** The registry model the run produces a version of. */
    public static final SearchAttributeKey<String> MODEL = SearchAttributeKey.forKeyword("RecflowModel");
    /** The run's {@link PipelineStatus}, kept current by the workflow. */
    public static final SearchAttributeKey<String> STATUS = SearchAttributeKey.forKeyword("RecflowStatus");

    /** All four, as registered: {@code temporal operator search-attribute create --name N --type Keyword}. */
    public static final List<SearchAttributeKey<String>> ALL = List.of(PIPELINE, DATASET, MODEL, STATUS);

    private RecflowSearchAttributes() {
    }

    /** The attributes a run starts with. */
    public static SearchAttributes initial(String pipeline, PipelineSpec spec) {
        SearchAttributes.Builder builder = SearchAttributes.newBuilder()
                .set(PIPELINE, pipeline)
                .set(STATUS, PipelineStatus.RUNNING.name());
        if (spec.model() != null) {
            builder.set(MODEL, spec.model());
        }
        if (spec.data() != null && spec.data().uri() != null) {
            builder.set(DATASET, spec.data().uri());
        }
        return builder.build();
    }
}
