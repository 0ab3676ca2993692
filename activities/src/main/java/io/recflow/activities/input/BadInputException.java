package io.recflow.activities.input;

import java.util.List;

/**
 * The input cannot be ingested: a malformed file, a missing column or file, a URI outside the allowed
 * roots, an unknown format, an empty data set. The same input always fails the same way, so callers
 * must not retry (the ingest activity maps this to a non-retryable {@code BadInput} failure). The
 * message lists every collected problem (up to a limit), each as {@code <file>:<line>: field '<f>': <what>}.
 */
public class BadInputException extends RuntimeException {

    private final List<InputProblem> problems;
    private final boolean truncated;

    public BadInputException(List<InputProblem> problems, boolean truncated) {
        super(format(problems, truncated));
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("a BadInputException needs at least one problem");
        }
        this.problems = List.copyOf(problems);
        this.truncated = truncated;
    }

    public BadInputException(InputProblem problem) {
        this(List.of(problem), false);
    }

    public BadInputException(String file, long line, String field, String message) {
        this(new InputProblem(file, line, field, message));
    }

    /** The problems found, in the order they were found. */
    public List<InputProblem> problems() {
        return problems;
    }

    /** True when reading stopped at the problem limit: there may be more. */
    public boolean truncated() {
        return truncated;
    }

    private static String format(List<InputProblem> problems, boolean truncated) {
        if (problems.size() == 1 && !truncated) {
            return "Bad input: " + problems.get(0);
        }
        StringBuilder s = new StringBuilder("Bad input: ").append(problems.size()).append(" problems");
        if (truncated) {
            s.append(" (stopped after the first ").append(problems.size()).append(')');
        }
        for (InputProblem p : problems) {
            s.append("\n  ").append(p);
        }
        return s.toString();
    }
}
