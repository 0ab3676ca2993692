package io.recflow.ml.tokenizer;

import java.util.List;

/**
 * A ready-made code index cannot tokenize the catalogue. Lists every problem found (up to a limit), each
 * tied to the item it is about, so the caller can name the file and the item in its own error.
 */
public class GivenCodesException extends IllegalArgumentException {

    /**
     * @param item    the index key (item id) at fault, or null for a problem of the whole index
     * @param message what is wrong, in words a person can act on
     */
    public record Problem(String item, String message) {
    }

    private final List<Problem> problems;
    private final boolean truncated;

    public GivenCodesException(List<Problem> problems, boolean truncated) {
        super(problems.size() + " problem(s) with the given item codes, first: " + problems.get(0)
                + (truncated ? " (stopped after " + problems.size() + ")" : ""));
        this.problems = List.copyOf(problems);
        this.truncated = truncated;
    }

    public List<Problem> problems() {
        return problems;
    }

    /** True when checking stopped at the problem limit: there may be more. */
    public boolean truncated() {
        return truncated;
    }
}
