package io.recflow.workflows.foundation;

import io.temporal.workflow.Workflow;

/** A single durable activity: the import's steps share local files, so they cannot be split across workers. */
public class FoundationImportWorkflowImpl implements FoundationImportWorkflow {

    private final FoundationImportActivities activities =
            Workflow.newActivityStub(FoundationImportActivities.class, ImportPolicy.options());

    @Override
    public FoundationImportResult importModel(FoundationImportRequest request) {
        return activities.importModel(request);
    }
}
