package io.recflow.ml.llara;

/**
 * How many prompts lost history to fit their token budget, and how many items they dropped: what the
 * platform records with a fine-tuning (its metrics {@code truncatedPrompts} and {@code droppedHistoryItems}).
 *
 * @param prompts      prompts built
 * @param truncated    prompts that dropped at least one history item
 * @param droppedItems history items dropped in all
 */
public record Truncation(long prompts, long truncated, long droppedItems) {

    public static final Truncation NONE = new Truncation(0, 0, 0);

    /** This count with one more prompt, which dropped {@code dropped} items. */
    public Truncation plus(int dropped) {
        return new Truncation(prompts + 1, truncated + (dropped > 0 ? 1 : 0), droppedItems + dropped);
    }
}
