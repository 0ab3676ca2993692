package io.recflow.ml.generative;

import io.recflow.ml.data.UserSequence;
import io.recflow.ml.split.Example;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Training examples for the backbone from users' (training) sequences. */
public final class TrainingExamples {

    private TrainingExamples() {
    }

    /**
     * One example per event after a user's first: its preceding {@code historyLength} items (fewer
     * near the start) and the event's item, as SASRec-style next-item training sees every position.
     */
    public static List<Example> everyPrefix(List<UserSequence> sequences, int historyLength) {
        List<Example> examples = new ArrayList<>();
        for (UserSequence sequence : sequences) {
            int[] items = sequence.items();
            for (int t = 1; t < items.length; t++) {
                int from = Math.max(0, t - historyLength);
                examples.add(new Example(sequence.user(), Arrays.copyOfRange(items, from, t), items[t]));
            }
        }
        return examples;
    }
}
