package io.recflow.workflows.foundation;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/**
 * Obtains a GGUF, verifies its sha256, converts it to the imported format and stores it as one
 * {@code foundation-model} artifact with its lineage. Bad input (an unknown name, a wrong sha256, a
 * truncated or unsupported GGUF) fails without retry and stores nothing.
 */
@ActivityInterface
public interface FoundationImportActivities {

    @ActivityMethod(name = "ImportFoundationModel")
    FoundationImportResult importModel(FoundationImportRequest request);
}
