package io.recflow.activities.datasets;

import io.recflow.activities.input.BadInputException;
import io.recflow.activities.input.InputProblem;
import java.util.ArrayList;
import java.util.List;

/**
 * Collects input problems so that a user sees several at once; throws as soon as {@link #limit} are
 * collected, and at {@link #throwIfAny()}.
 */
final class Problems {

    static final int DEFAULT_LIMIT = 10;

    private final int limit;
    private final List<InputProblem> found = new ArrayList<>();

    Problems(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be >= 1");
        }
        this.limit = limit;
    }

    Problems() {
        this(DEFAULT_LIMIT);
    }

    void add(String file, long line, String field, String message) {
        add(new InputProblem(file, line, field, message));
    }

    void add(InputProblem problem) {
        found.add(problem);
        if (found.size() >= limit) {
            throw new BadInputException(found, true);
        }
    }

    /** Records a problem after which reading cannot go on, and throws with everything collected. */
    BadInputException fatal(String file, long line, String field, String message) {
        found.add(new InputProblem(file, line, field, message));
        return new BadInputException(found, false);
    }

    boolean isEmpty() {
        return found.isEmpty();
    }

    int size() {
        return found.size();
    }

    void throwIfAny() {
        if (!found.isEmpty()) {
            throw new BadInputException(found, false);
        }
    }
}
