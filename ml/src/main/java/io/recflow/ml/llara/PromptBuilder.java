package io.recflow.ml.llara;

import io.recflow.ml.data.Item;
import io.recflow.ml.data.ItemCatalog;
import io.recflow.ml.llm.LlmTokenizer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import java.util.function.IntFunction;
import java.util.regex.Pattern;

/**
 * Builds LLaRA's prompts from a {@link PromptTemplate}: the history's and the candidates' titles,
 * comma-separated, either as text only or in the hybrid form where each title is followed by a
 * placeholder token ({@code "<title> [HistoryEmb]"}, {@code "<title> [CansEmb]"}) whose input
 * embedding becomes the item's projected collaborative embedding. Also the target: the next item's
 * title and a newline.
 *
 * <p>Placeholders are positions, not tokenizer entries: the text between them is encoded piece by
 * piece (exactly what a Hugging Face tokenizer does around an added special token: it splits the
 * text there before BPE) and each placeholder takes one cell holding {@link #PLACEHOLDER_ID}. Adding
 * real tokens would change the base model's tokenizer and grow its tied embedding and output head,
 * which would change the base's output distribution and the stored base; a cell whose embedding is
 * always replaced needs neither. A title containing the text "[HistoryEmb]" stays text.
 *
 * <p>Prompts longer than the budget (the model's context less what must follow the prompt, and at
 * most a configured number of tokens) lose their oldest history items first.
 */
public final class PromptBuilder {

    /** The id written in a placeholder cell; never read, since the cell's embedding is replaced. */
    public static final int PLACEHOLDER_ID = 0;

    private static final String SEPARATOR = ", ";
    private static final String TERMINATOR = "\n";
    private static final Pattern LINE_BREAKS = Pattern.compile("\\s*\\R\\s*");

    private final LlmTokenizer tokenizer;
    private final PromptTemplate template;
    private final List<String> titles;
    private final int maxPromptTokens;

    /**
     * @param maxPromptTokens the most tokens a prompt may have (the caller caps it at the model's context)
     */
    public PromptBuilder(LlmTokenizer tokenizer, PromptTemplate template, ItemCatalog catalog, int maxPromptTokens) {
        if (maxPromptTokens < 1) {
            throw new IllegalArgumentException("maxPromptTokens must be >= 1, was " + maxPromptTokens);
        }
        this.tokenizer = tokenizer;
        this.template = template;
        this.titles = catalog.items().stream().map(PromptBuilder::title).toList();
        this.maxPromptTokens = maxPromptTokens;
    }

    /**
     * An item's name in prompts: its title, or its id when it has none; a line break inside becomes a space (an
     * answer is read up to its first line break, so a title spanning two lines could never be chosen).
     */
    static String title(Item item) {
        return LINE_BREAKS.matcher(item.title().isBlank() ? item.externalId() : item.title().strip()).replaceAll(" ");
    }

    public String title(int item) {
        return titles.get(item);
    }

    /** How many items the catalogue has. */
    public int items() {
        return titles.size();
    }

    /**
     * The prompt for {@code history} (oldest first) and {@code candidates} (in the order shown),
     * dropping the oldest history items until it has at most {@code budget} tokens.
     *
     * @param budget tokens the prompt may take (at most the configured maximum is used)
     * @throws PromptTooLongException when even an empty history does not fit
     */
    public LlaraPrompt build(int[] history, int[] candidates, boolean hybrid, int budget) {
        return fit(history, budget, kept -> {
            Pieces pieces = new Pieces();
            pieces.text(template.beforeHistory());
            list(pieces, kept, hybrid);
            pieces.text(template.betweenHistoryAndCandidates(candidates.length));
            list(pieces, candidates, hybrid);
            pieces.text(template.afterCandidates());
            return pieces;
        }, " (" + candidates.length + " candidates)");
    }

    /**
     * The prompt for {@code history} with no candidates listed, for choosing from the whole catalogue
     * ({@link PromptTemplate#afterHistoryWithoutCandidates}); shortened as {@link #build} does.
     */
    public LlaraPrompt buildOpen(int[] history, boolean hybrid, int budget) {
        return fit(history, budget, kept -> {
            Pieces pieces = new Pieces();
            pieces.text(template.beforeHistory());
            list(pieces, kept, hybrid);
            pieces.text(template.afterHistoryWithoutCandidates());
            return pieces;
        }, "");
    }

    /**
     * The prompt that drops the fewest of the oldest history items and fits {@code budget}. Each kept item takes at
     * least one token, so at most {@code limit} of them can fit; keeping fewer does not make a prompt longer, so
     * past that bound the fewest to drop are found by bisection: a history of a thousand items is encoded about ten
     * times, not once per item dropped (which took seconds, inside serving's one-call-at-a-time lock).
     */
    private LlaraPrompt fit(int[] history, int budget, Function<int[], Pieces> assemble, String what) {
        int limit = Math.min(budget, maxPromptTokens);
        IntFunction<LlaraPrompt> dropping = dropped ->
                assemble.apply(Arrays.copyOfRange(history, dropped, history.length)).prompt(dropped);
        int low = Math.max(0, history.length - limit);
        LlaraPrompt atBound = dropping.apply(low);
        if (atBound.ids().length <= limit) {
            return atBound;
        }
        LlaraPrompt fitting = null;
        int first = low + 1;
        int last = history.length; // the fewest to drop that fit, if any, lie in [first, last]
        while (first <= last) {
            int middle = (first + last) >>> 1;
            LlaraPrompt prompt = dropping.apply(middle);
            if (prompt.ids().length <= limit) {
                fitting = prompt;
                last = middle - 1;
            } else {
                first = middle + 1;
            }
        }
        if (fitting == null) {
            throw new PromptTooLongException("the prompt needs more than " + limit + " tokens even without history"
                    + what);
        }
        return fitting;
    }

    /** The answer the model learns to give: the item's title, then a newline. */
    public int[] target(int item) {
        return tokenizer.encode(titles.get(item) + TERMINATOR);
    }

    private void list(Pieces pieces, int[] items, boolean hybrid) {
        for (int i = 0; i < items.length; i++) {
            if (i > 0) {
                pieces.text(SEPARATOR);
            }
            if (hybrid) {
                pieces.text(titles.get(items[i]) + " ");
                pieces.placeholder(items[i]);
            } else {
                pieces.text(titles.get(items[i]));
            }
        }
    }

    /** Text runs and placeholders in order; each run is encoded whole, so the text-only form is one encoding. */
    private final class Pieces {

        private final StringBuilder pending = new StringBuilder();
        private final List<Integer> ids = new ArrayList<>();
        private final List<Integer> positions = new ArrayList<>();
        private final List<Integer> items = new ArrayList<>();

        void text(String text) {
            pending.append(text);
        }

        void placeholder(int item) {
            flush();
            positions.add(ids.size());
            items.add(item);
            ids.add(PLACEHOLDER_ID);
        }

        private void flush() {
            if (!pending.isEmpty()) {
                for (int id : tokenizer.encode(pending.toString())) {
                    ids.add(id);
                }
                pending.setLength(0);
            }
        }

        LlaraPrompt prompt(int dropped) {
            flush();
            return new LlaraPrompt(ints(ids), ints(positions), ints(items), dropped);
        }

        private static int[] ints(List<Integer> values) {
            return values.stream().mapToInt(Integer::intValue).toArray();
        }
    }
}
