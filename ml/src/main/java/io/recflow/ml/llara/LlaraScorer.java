package io.recflow.ml.llara;

import io.recflow.ml.llm.ConstrainedBeamSearch;
import io.recflow.ml.llm.ContinuationScorer;
import io.recflow.ml.llm.LlamaGenerator;
import io.recflow.ml.llm.TokenTrie;
import io.recflow.ml.split.Example;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.IntPredicate;

/**
 * Answers for the candidates protocol, both ways: LLaRA's generation (greedy, up to
 * {@value #MAX_NEW_TOKENS} new tokens, the first non-blank line lower-cased; valid when exactly one
 * candidate's lower-cased title occurs in it) and likelihood ranking (each candidate's title and
 * newline scored by log-probability after the prompt; always valid). Take the candidates from
 * {@link io.recflow.ml.evaluation.CandidatesProtocol#candidates} so that every model sees the same
 * users and draws; the prompt lists them in an order shuffled by the user and the draw alone, so
 * every model sees the same order too.
 */
public final class LlaraScorer {

    public static final int MAX_NEW_TOKENS = 64;

    /** Prompts generated together: a CPU gains little from more, and rows that finish keep decoding. */
    private static final int GENERATION_BATCH = 4;

    private final LlmRecommender model;
    private final CollaborativeSignals signals;

    /** @param signals the encoder's signals for a fine-tuned model; null for zero-shot (text-only prompts) */
    LlaraScorer(LlmRecommender model, CollaborativeSignals signals) {
        this.model = model;
        this.signals = signals;
    }

    /**
     * Whether an answer's first line is complete: EOS, or a newline after some text (LLaRA strips the
     * answer before taking its first line, so leading blank lines do not end it).
     */
    private boolean answered(int[] tokens) {
        return tokens[tokens.length - 1] == model.llama().config().eosTokenId()
                || model.tokenizer().decode(tokens).stripLeading().contains("\n");
    }

    /** LLaRA's generation for each test user, with {@code candidates[u]} (target included) for user u. */
    public List<CandidateAnswer> generate(List<Example> test, int[][] candidates) {
        int[][] shown = new int[test.size()][];
        for (int u = 0; u < test.size(); u++) {
            shown[u] = shown(test.get(u), candidates[u]);
        }
        List<GeneratedLine> lines = firstLines(Example.histories(test), shown);
        List<CandidateAnswer> answers = new ArrayList<>(test.size());
        for (int u = 0; u < test.size(); u++) {
            Example example = test.get(u);
            GeneratedLine line = lines.get(u);
            int named = named(line.text(), shown[u]);
            answers.add(new CandidateAnswer(example.user(), example.target(), shown[u], named >= 0, named, line.text(),
                    null, line.droppedHistory()));
        }
        return answers;
    }

    /** A generated answer's first line (LLaRA's reading) and how much history its prompt left out. */
    record GeneratedLine(String text, int droppedHistory) {
    }

    /** Greedy answers to the prompts listing {@code shown[u]} after {@code histories[u]}, a few prompts per batch. */
    List<GeneratedLine> firstLines(int[][] histories, int[][] shown) {
        List<GeneratedLine> lines = new ArrayList<>(histories.length);
        LlamaGenerator generator = new LlamaGenerator(model.llama());
        for (int from = 0; from < histories.length; from += GENERATION_BATCH) {
            int to = Math.min(histories.length, from + GENERATION_BATCH);
            int[][] chunk = Arrays.copyOfRange(histories, from, to);
            List<LlaraPrompt> prompts = new ArrayList<>();
            for (int u = 0; u < chunk.length; u++) {
                prompts.add(prompt(chunk[u], shown[from + u], model.contextLength() - MAX_NEW_TOKENS));
            }
            int[][] ids = prompts.stream().map(LlaraPrompt::ids).toArray(int[][]::new);
            int[][] generated = generator.greedy(ids, conditioning(chunk, prompts), MAX_NEW_TOKENS, this::answered, true);
            for (int u = 0; u < chunk.length; u++) {
                // As LLaRA decodes: special tokens (the EOS that may end an answer) are not text.
                lines.add(new GeneratedLine(firstLine(model.tokenizer().decode(generated[u], true)),
                        prompts.get(u).droppedHistory()));
            }
        }
        return lines;
    }

    /** Likelihood ranking for each test user: the candidate whose title is likeliest after the prompt. */
    public List<CandidateAnswer> rank(List<Example> test, int[][] candidates) {
        List<CandidateAnswer> answers = new ArrayList<>(test.size());
        for (int u = 0; u < test.size(); u++) {
            Example example = test.get(u);
            int[] shown = shown(example, candidates[u]);
            Likelihoods likelihoods = likelihoods(example.history(), shown);
            double[] logProbabilities = likelihoods.logProbabilities();
            // As every other model is counted (CandidatesProtocol): a tie with the target is no hit, so among
            // candidates tied for the best the target is named last; NaN ranks below every number.
            int best = 0;
            for (int c = 1; c < shown.length; c++) {
                double score = comparable(logProbabilities[c]);
                double top = comparable(logProbabilities[best]);
                if (score > top || (score == top && shown[best] == example.target())) {
                    best = c;
                }
            }
            answers.add(new CandidateAnswer(example.user(), example.target(), shown, true, shown[best], null,
                    logProbabilities, likelihoods.droppedHistory()));
        }
        return answers;
    }

    private static double comparable(double logProbability) {
        return Double.isNaN(logProbability) ? Double.NEGATIVE_INFINITY : logProbability;
    }

    /** Each shown candidate's log P(title and newline | prompt), and how much history the prompt left out. */
    record Likelihoods(double[] logProbabilities, int droppedHistory) {
    }

    /** The likelihoods of the candidates {@code shown}, in that order, listed so in the prompt after {@code history}. */
    Likelihoods likelihoods(int[] history, int[] shown) {
        int[][] titles = Arrays.stream(shown).mapToObj(model.prompts()::target).toArray(int[][]::new);
        int longest = Arrays.stream(titles).mapToInt(t -> t.length).max().orElse(0);
        LlaraPrompt prompt = prompt(history, shown, model.contextLength() - longest);
        double[] logProbabilities = new ContinuationScorer(model.llama()).logProbabilities(prompt.ids(),
                conditioning(new int[][]{history}, List.of(prompt)), titles);
        return new Likelihoods(logProbabilities, prompt.droppedHistory());
    }

    /**
     * The {@code beams} likeliest items of the whole catalogue but those {@code leftOut} accepts, after a prompt
     * that lists no candidates, decoded over {@code titles} (the trie of every item's target tokens, its values the
     * item indexes).
     *
     * @param longestTitle tokens of the longest target, kept free of the prompt's budget
     */
    List<ConstrainedBeamSearch.Match> decode(int[] history, IntPredicate leftOut, TokenTrie titles, int longestTitle,
                                             int beams) {
        LlaraPrompt prompt = model.prompts().buildOpen(history, signals != null, model.contextLength() - longestTitle);
        return new ConstrainedBeamSearch(model.llama()).search(prompt.ids(),
                conditioning(new int[][]{history}, List.of(prompt)), titles, beams, leftOut);
    }

    private LlaraPrompt prompt(int[] history, int[] shown, int budget) {
        return model.prompts().build(history, shown, signals != null, budget);
    }

    private PromptConditioning conditioning(int[][] histories, List<LlaraPrompt> prompts) {
        if (signals == null) {
            return new PromptConditioning(prompts, null, null, null, null);
        }
        float[][] representations = model.gate() == null ? null : signals.represent(histories);
        return new PromptConditioning(prompts, signals.itemEmbeddings(), model.projector(), model.gate(),
                representations);
    }

    /** The candidates in the prompt's order ({@link CandidateOrder}: as serving lists them for this history). */
    static int[] shown(Example example, int[] candidates) {
        return CandidateOrder.of(example.history(), candidates);
    }

    /** LLaRA's reading of an answer: stripped, its first line, stripped again, lower-cased. */
    static String firstLine(String text) {
        String stripped = text.strip();
        int end = stripped.indexOf('\n');
        return (end < 0 ? stripped : stripped.substring(0, end)).strip().toLowerCase(Locale.ROOT);
    }

    /**
     * Serving's reading: the one candidate whose lower-cased title is the whole answer, else {@link #named LLaRA's
     * rule} (an answer "aliens" names "Aliens", though it also contains the candidate "Alien").
     */
    int chosen(String line, int[] shown) {
        int exact = -1;
        for (int item : shown) {
            if (line.equals(model.prompts().title(item).toLowerCase(Locale.ROOT))) {
                if (exact >= 0) {
                    return -1; // two candidates of one title: the answer cannot tell them apart
                }
                exact = item;
            }
        }
        return exact >= 0 ? exact : named(line, shown);
    }

    /** LLaRA's rule: the one candidate whose lower-cased title occurs in the answer, or -1 for none or several. */
    int named(String line, int[] shown) {
        int named = -1;
        for (int item : shown) {
            if (line.contains(model.prompts().title(item).toLowerCase(Locale.ROOT))) {
                if (named >= 0) {
                    return -1;
                }
                named = item;
            }
        }
        return named;
    }
}
