package io.recflow.ml.llm;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import io.recflow.ml.train.GradMode;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;

/**
 * Greedy decoding with a {@link LlamaModel}. Each call works in its own sub-manager of the
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
}
