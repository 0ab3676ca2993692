package io.recflow.api.foundation;

/** Where an import that has not registered its model yet stands: IMPORTING, or FAILED with the reason. */
record ImportState(String workflowId, String status, String message) {
}
