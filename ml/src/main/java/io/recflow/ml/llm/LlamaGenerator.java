package io.recflow.ml.llm;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import io.recflow.ml.train.GradMode;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.function.Predicate;

/**
 * Greedy and beam decoding with a {@link LlamaModel}. Each call works in its own sub-manager of the
 * model's, each pass in one of {@link DecodingPasses}, and records no gradients.
 */
public final class LlamaGenerator {

    /** Passed as the EOS id to generate exactly {@code maxNewTokens} tokens. */
    public static final int NO_EOS = -1;

    private final LlamaModel model;

    public LlamaGenerator(LlamaModel model) {
        this.model = model;
    }

    /**
     * The greedy continuation of each prompt: up to {@code maxNewTokens} tokens, ending with EOS
     * (included) when one is produced. With {@code cached}, the prompts run once and each step feeds
     * one token per row against the KV cache; without, every step reruns the whole sequences (the
     * reference the cache is tested against). Rows that finished keep decoding in the batch, unread.
     */
    public int[][] greedy(int[][] prompts, int maxNewTokens, int eosId, boolean cached) {
        return greedy(prompts, Conditioning.NONE, maxNewTokens, tokens -> tokens[tokens.length - 1] == eosId, cached);
    }

    /**
     * As {@link #greedy(int[][], int, int, boolean)} for conditioned prompts (item embeddings, an
     * expert gate per prompt), a row ending once {@code finished} accepts its tokens so far (e.g. a
     * completed first line of text).
     */
    public int[][] greedy(int[][] prompts, Conditioning conditioning, int maxNewTokens, Predicate<int[]> finished,
                          boolean cached) {
        int rows = prompts.length;
        List<List<Integer>> generated = new ArrayList<>();
        for (int r = 0; r < rows; r++) {
            generated.add(new ArrayList<>());
        }
        boolean[] done = new boolean[rows];
        try (NDManager manager = model.manager().newSubManager(); DecodingPasses passes = new DecodingPasses(manager);
             GradMode.Scope ignored = GradMode.paused()) {
            NDArray gate = conditioning.gate(manager);
            TokenBatch promptBatch = TokenBatch.leftPadded(prompts);
            NDManager first = passes.next();
            LlamaModel.Output out = passes.keep(model.forward(first, promptBatch, null,
                    conditioning.overrides(first, promptBatch), gate));
            for (int step = 0; step < maxNewTokens && !allTrue(done); step++) {
                int[] next = argMaxLast(out.hidden());
                for (int r = 0; r < rows; r++) {
                    if (!done[r]) {
                        generated.get(r).add(next[r]);
                        done[r] = finished.test(generated.get(r).stream().mapToInt(Integer::intValue).toArray());
                    }
                }
                if (step + 1 == maxNewTokens || allTrue(done)) {
                    break;
                }
                NDManager pass = passes.next();
                if (cached) {
                    out = passes.keep(model.forward(pass, TokenBatch.column(next), out.cache(), null, gate));
                } else {
                    TokenBatch whole = TokenBatch.leftPadded(extend(prompts, generated, next));
                    out = passes.keep(model.forward(pass, whole, null, conditioning.overrides(pass, whole), gate));
                }
            }
        }
        return generated.stream().map(g -> g.stream().mapToInt(Integer::intValue).toArray()).toArray(int[][]::new);
    }

    /** The prompts followed by all tokens chosen so far (finished rows continue with this step's token, unread). */
    private static int[][] extend(int[][] prompts, List<List<Integer>> generated, int[] next) {
        int[][] rows = new int[prompts.length][];
        int steps = 0;
        for (List<Integer> g : generated) {
            steps = Math.max(steps, g.size());
        }
        for (int r = 0; r < prompts.length; r++) {
            int[] row = Arrays.copyOf(prompts[r], prompts[r].length + steps);
            List<Integer> g = generated.get(r);
            for (int i = 0; i < steps; i++) {
                row[prompts[r].length + i] = i < g.size() ? g.get(i) : next[r];
            }
            rows[r] = row;
        }
        return rows;
    }

    private int[] argMaxLast(NDArray hidden) {
        long[] ids = model.logits(hidden.get(new NDIndex(":, -1, :"))).argMax(-1).toLongArray();
        return Arrays.stream(ids).mapToInt(Math::toIntExact).toArray();
    }

    private static boolean allTrue(boolean[] flags) {
        for (boolean f : flags) {
            if (!f) {
                return false;
            }
        }
        return true;
    }

    /** A decoded continuation and its total log-probability. */
    public record Hypothesis(int[] tokens, double logProbability) {
    }

    /**
     * Beam search from one prompt: {@code beams} hypotheses are extended by their best
     * continuations each step; one that produces EOS is finished (EOS included). Stops once
     * {@code beams} hypotheses have finished or after {@code maxNewTokens} tokens, and returns the
     * finished ones (topped up with the best unfinished) ranked by total log-probability, with no
     * length normalisation.
     */
    public List<Hypothesis> beamSearch(int[] prompt, int beams, int maxNewTokens, int eosId) {
        List<Hypothesis> finished = new ArrayList<>();
        List<Hypothesis> alive = List.of(new Hypothesis(new int[0], 0));
        try (NDManager manager = model.manager().newSubManager(); DecodingPasses passes = new DecodingPasses(manager);
             GradMode.Scope ignored = GradMode.paused()) {
            LlamaModel.Output out = passes.keep(model.forward(passes.next(), TokenBatch.leftPadded(new int[][]{prompt}),
                    null, null, null));
            for (int step = 0; step < maxNewTokens && finished.size() < beams; step++) {
                NDArray logProbs = model.logits(out.hidden().get(new NDIndex(":, -1, :"))).logSoftmax(-1);
                int vocab = (int) logProbs.getShape().get(1);
                float[] flat = logProbs.toFloatArray();
                List<Hypothesis> nextAlive = new ArrayList<>();
                List<Integer> parents = new ArrayList<>();
                for (long candidate : best(alive, flat, vocab, 2 * beams)) {
                    int parent = (int) (candidate / vocab);
                    int token = (int) (candidate % vocab);
                    Hypothesis h = alive.get(parent);
                    int[] tokens = Arrays.copyOf(h.tokens(), h.tokens().length + 1);
                    tokens[tokens.length - 1] = token;
                    Hypothesis extended = new Hypothesis(tokens, h.logProbability() + flat[parent * vocab + token]);
                    if (token == eosId) {
                        finished.add(extended);
                    } else if (nextAlive.size() < beams) {
                        nextAlive.add(extended);
                        parents.add(parent);
                    }
                    if (nextAlive.size() == beams) {
                        break;
                    }
                }
                alive = nextAlive;
                if (finished.size() >= beams || step + 1 == maxNewTokens) {
                    break;
                }
                int[] next = alive.stream().mapToInt(h -> h.tokens()[h.tokens().length - 1]).toArray();
                NDManager pass = passes.next();
                KvCache cache = out.cache().select(pass, parents.stream().mapToInt(Integer::intValue).toArray());
                out = passes.keep(model.forward(pass, TokenBatch.column(next), cache, null, null));
            }
        }
        List<Hypothesis> ranked = new ArrayList<>(finished);
        ranked.sort(Comparator.comparingDouble(Hypothesis::logProbability).reversed());
        List<Hypothesis> result = new ArrayList<>(ranked.subList(0, Math.min(beams, ranked.size())));
        for (Hypothesis h : alive) {
            if (result.size() < beams) {
                result.add(h);
            }
        }
        result.sort(Comparator.comparingDouble(Hypothesis::logProbability).reversed());
        return result;
    }

    /** Flat indices (parent * vocab + token) of the {@code k} best extended scores, best first. */
    private static long[] best(List<Hypothesis> alive, float[] logProbs, int vocab, int k) {
        Comparator<long[]> byScore = Comparator.comparingDouble(c -> Double.longBitsToDouble(c[1]));
        PriorityQueue<long[]> heap = new PriorityQueue<>(byScore);
        for (int parent = 0; parent < alive.size(); parent++) {
            double base = alive.get(parent).logProbability();
            for (int token = 0; token < vocab; token++) {
                double score = base + logProbs[parent * vocab + token];
                if (heap.size() < k) {
                    heap.add(new long[]{(long) parent * vocab + token, Double.doubleToLongBits(score)});
                } else if (score > Double.longBitsToDouble(heap.peek()[1])) {
                    heap.poll();
                    heap.add(new long[]{(long) parent * vocab + token, Double.doubleToLongBits(score)});
                }
            }
        }
        long[] out = new long[heap.size()];
        for (int i = out.length - 1; i >= 0; i--) {
            out[i] = heap.poll()[0];
        }
        return out;
    }
}
