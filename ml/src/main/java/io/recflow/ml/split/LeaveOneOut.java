package io.recflow.ml.split;

import io.recflow.ml.data.UserSequence;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The leave-one-out split of sequential recommendation (SASRec, TIGER, LETTER, CoFiRec): per user,
 * the last item is the test target, the one before it the validation target, and everything before
 * that is training data. The test history includes the validation item, as in those papers. Users
 * with fewer than 3 events only contribute training data. Users keep their input order.
 */
public record LeaveOneOut(List<UserSequence> train, List<Example> validation, List<Example> test) {

    /** Fewest events a user needs to get a validation and a test target and keep one training event. */
    public static final int MIN_EVALUATED_LENGTH = 3;

    public LeaveOneOut {
        train = List.copyOf(train);
        validation = List.copyOf(validation);
        test = List.copyOf(test);
    }

    public static LeaveOneOut split(List<UserSequence> sequences) {
        List<UserSequence> train = new ArrayList<>(sequences.size());
        List<Example> validation = new ArrayList<>(sequences.size());
        List<Example> test = new ArrayList<>(sequences.size());
        for (UserSequence sequence : sequences) {
            int n = sequence.length();
            if (n < MIN_EVALUATED_LENGTH) {
                train.add(sequence);
                continue;
            }
            int[] items = sequence.items();
            train.add(sequence.prefix(n - 2));
            validation.add(new Example(sequence.user(), Arrays.copyOf(items, n - 2), items[n - 2]));
            test.add(new Example(sequence.user(), Arrays.copyOf(items, n - 1), items[n - 1]));
        }
        return new LeaveOneOut(train, validation, test);
    }

    public List<Example> validation(int maxHistory) {
        return truncate(validation, maxHistory);
    }

    public List<Example> test(int maxHistory) {
        return truncate(test, maxHistory);
    }

    private static List<Example> truncate(List<Example> examples, int maxHistory) {
        return examples.stream().map(e -> e.truncated(maxHistory)).toList();
    }
}
