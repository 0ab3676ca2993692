package io.recflow.api.requests;

import io.recflow.api.problem.ProblemException;
import io.recflow.workflows.pipeline.PipelineStatus;

import java.util.Arrays;
import java.util.List;

/** The query parameters the list endpoints share: how many rows, and the status of the runs listed. */
public final class ListParameters {

    public static final int MAX_LIMIT = 1000;

    private ListParameters() {
    }

    public static void requireLimit(int limit) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw ProblemException.badRequest("limit must be in 1.." + MAX_LIMIT + ", got " + limit);
        }
    }

    /** A run status to filter by; null lists every status. */
    public static void requireRunStatus(String status) {
        if (status != null && Arrays.stream(PipelineStatus.values()).noneMatch(s -> s.name().equals(status))) {
            throw ProblemException.badRequest("status must be one of " + List.of(PipelineStatus.values())
                    + ", got '" + status + "'");
        }
    }
}
