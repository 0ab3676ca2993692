package io.recflow.ml.llm;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import io.recflow.ml.train.GradMode;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.function.IntPredicate;

/**
 * Beam search that generates only the sequences of a {@link TokenTrie} (e.g. the catalogue's titles):
 * each step, every live hypothesis extends by the tokens its node allows. Tokens are scored by the
 * model's log-softmax over the whole vocabulary: the trie masks, it does not renormalise, so a
 * match's score is its sequence's true log-probability after the prompt, comparable with
 * {@link ContinuationScorer}'s. Scores only fall as tokens are added, so the search stops as soon as
 * no live hypothesis can beat the {@code beams}-th match found. Works in its own sub-manager of the
 * model's and records no gradients.
 */
public final class ConstrainedBeamSearch {

    /** A value of the trie (e.g. an item) and the log-probability of its sequence. */
    public record Match(int value, double logProbability) {
    }

    private record Hypothesis(TokenTrie node, double logProbability) {
    }

    private record Extension(int parent, int token, TokenTrie node, double logProbability) {
    }

    private final LlamaModel model;

    public ConstrainedBeamSearch(LlamaModel model) {
        this.model = model;
    }

    /**
     * The best {@code beams} values of {@code trie} after {@code prompt}, best first; fewer when the
     * trie has fewer. Ties in score (values sharing a sequence) keep the trie's value order.
     *
     * @param conditioning the prompt's conditioning (its one gate row serves every hypothesis)
     * @param leftOut      values never matched (their sequences are still walked: other values may share their
     *                     prefix), so they take no place among the {@code beams} and do not end the search early
     */
    public List<Match> search(int[] prompt, Conditioning conditioning, TokenTrie trie, int beams, IntPredicate leftOut) {
        if (beams < 1) {
            throw new IllegalArgumentException("beams must be >= 1, was " + beams);
        }
        List<Match> matches = new ArrayList<>();
        List<Hypothesis> alive = List.of(new Hypothesis(trie, 0));
        try (NDManager manager = model.manager().newSubManager(); DecodingPasses passes = new DecodingPasses(manager);
             GradMode.Scope ignored = GradMode.paused()) {
            NDArray gate = conditioning.gate(manager);
            TokenBatch promptBatch = TokenBatch.leftPadded(new int[][]{prompt});
            NDManager first = passes.next();
            LlamaModel.Output out = passes.keep(model.forward(first, promptBatch, null,
                    conditioning.overrides(first, promptBatch), gate));
            while (true) {
                float[] logProbs = model.logits(out.hidden().get(new NDIndex(":, -1, :"))).logSoftmax(-1)
                        .toFloatArray();
                List<Extension> extensions = extend(alive, logProbs, logProbs.length / alive.size());
                List<Hypothesis> next = new ArrayList<>();
                int[] parents = new int[Math.min(beams, extensions.size())];
                int[] tokens = new int[parents.length];
                for (Extension e : extensions) {
                    e.node().values().stream().filter(v -> !leftOut.test(v))
                            .forEach(v -> matches.add(new Match(v, e.logProbability())));
                    if (e.node().continues() && next.size() < beams) {
                        parents[next.size()] = e.parent();
                        tokens[next.size()] = e.token();
                        next.add(new Hypothesis(e.node(), e.logProbability()));
                    }
                }
                alive = next;
                matches.sort(Comparator.comparingDouble(Match::logProbability).reversed());
                if (alive.isEmpty() || (matches.size() >= beams
                        && alive.get(0).logProbability() <= matches.get(beams - 1).logProbability())) {
                    break;
                }
                int n = alive.size();
                NDManager pass = passes.next();
                KvCache cache = out.cache().select(pass, Arrays.copyOf(parents, n));
                NDArray rowGates = null;
                if (gate != null) {
                    rowGates = gate.repeat(0, n);
                    rowGates.attach(pass);  // freed with its pass, not kept until the search ends
                }
                out = passes.keep(model.forward(pass, TokenBatch.column(Arrays.copyOf(tokens, n)), cache, null,
                        rowGates));
            }
        }
        return List.copyOf(matches.subList(0, Math.min(beams, matches.size())));
    }

    /** Every allowed next token of every live hypothesis, best total log-probability first. */
    private static List<Extension> extend(List<Hypothesis> alive, float[] logProbs, int vocab) {
        List<Extension> extensions = new ArrayList<>();
        for (int parent = 0; parent < alive.size(); parent++) {
            Hypothesis h = alive.get(parent);
            for (int token : h.node().tokens()) {
                extensions.add(new Extension(parent, token, h.node().next(token),
                        h.logProbability() + logProbs[parent * vocab + token]));
            }
        }
        extensions.sort(Comparator.comparingDouble(Extension::logProbability).reversed());
        return extensions;
    }
}
