package io.recflow.activities.finetune;

import io.recflow.activities.stage.StageStep;
import io.recflow.ml.split.Example;
import io.recflow.ml.tokenizer.ItemCodes;
import io.recflow.workflows.finetune.FineTuneRequest;

import java.util.List;

/**
 * What finding or pre-training the base backbone needs: the request (which base, spec, seed), this run's
 * item codes (a base must have been trained with them) and training examples, the attempt (device, what
 * to resume), the step that records reads and writes, and where pre-training's numbers go.
 */
record BaseInputs(FineTuneRequest request, ItemCodes codes, List<Example> examples, TrainingAttempt attempt,
                  StageStep step, TrainingMeasurements measurements) {
}
