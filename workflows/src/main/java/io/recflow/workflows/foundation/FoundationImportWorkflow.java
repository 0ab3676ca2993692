package io.recflow.workflows.foundation;

import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/** Imports one foundation model; the workflow id is {@link #workflowId(String)} of its name. */
@WorkflowInterface
public interface FoundationImportWorkflow {

    @WorkflowMethod
    FoundationImportResult importModel(FoundationImportRequest request);

    /** One id per model name, so two concurrent requests for the same model share one import. */
    static String workflowId(String name) {
        return "foundation-import-" + name;
    }
}
