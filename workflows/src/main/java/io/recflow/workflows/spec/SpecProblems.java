package io.recflow.workflows.spec;

import java.util.ArrayList;
import java.util.List;

/** Collects what is wrong with a spec, each as {@code field: message}, so a user sees all at once. */
final class SpecProblems {

    private final List<String> problems = new ArrayList<>();

    void require(boolean condition, String field, String message) {
        if (!condition) {
            problems.add(field + ": " + message);
        }
    }

    List<String> list() {
        return List.copyOf(problems);
    }
}
