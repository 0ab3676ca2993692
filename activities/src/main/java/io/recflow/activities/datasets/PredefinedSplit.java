package io.recflow.activities.datasets;

import java.util.List;

/**
 * A split that comes with the data (the iLoRA/LLaRA train/val/test files). Training users are used
 * whole for training; each validation / test user's last item is its target and the items before it
 * are the history. The user ids are those of the data set.
 */
public record PredefinedSplit(String source, List<String> trainUsers, List<String> validUsers,
                              List<String> testUsers) {

    public PredefinedSplit {
        trainUsers = List.copyOf(trainUsers);
        validUsers = List.copyOf(validUsers);
        testUsers = List.copyOf(testUsers);
    }
}
