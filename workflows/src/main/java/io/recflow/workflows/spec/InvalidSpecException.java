package io.recflow.workflows.spec;

import java.util.List;

/** A spec that breaks one or more rules; {@link #problems()} says each as {@code field: message}. */
public final class InvalidSpecException extends IllegalArgumentException {

    private final List<String> problems;

    public InvalidSpecException(List<String> problems) {
        super("invalid pipeline spec: " + String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
