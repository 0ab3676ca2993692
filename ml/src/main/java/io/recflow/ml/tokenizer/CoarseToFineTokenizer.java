package io.recflow.ml.tokenizer;

import io.recflow.ml.data.Item;
import io.recflow.ml.data.ItemCatalog;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * CoFiRec's coarse-to-fine item tokenizer (Wei et al. 2025): every semantic level is embedded on its
 * own (text levels with {@link TextEmbedder}, the collaborative level from the sequence encoder's item
 * embeddings) and quantised by its own independent codebook, not a residual one, so a level's code
 * means the same thing whatever the coarser codes are. The quantizer is k-means per level by default,
 * a {@link LearnedVq} whose encoder all levels share, or {@link ResidualKMeans}, which turns each embedded
 * level into {@code residualDepth} levels ({@code collaborative}, {@code collaborative-2}, ...) that refine
 * one another. A final disambiguation level numbers the items that share a tuple, making every item's tuple
 * unique.
 */
public final class CoarseToFineTokenizer {

    private static final Function<Item, String> CATEGORY_PATH = item -> String.join(" > ", item.categoryPath());

    private CoarseToFineTokenizer() {
    }

    /**
     * Builds the codes of every item of {@code catalog}. Levels of {@code config} the data has
     * nothing for (no categories, no titles, no descriptions, or {@code collaborativeEmbeddings}
     * null) are skipped. A catalogue without any text therefore gets the collaborative level plus
     * disambiguation.
     *
     * @param collaborativeEmbeddings one vector per item, in catalogue order, or null
     * @throws IllegalArgumentException when no configured level has data
     */
    public static ItemCodes train(ItemCatalog catalog, float[][] collaborativeEmbeddings, TokenizerConfig config) {
        if (collaborativeEmbeddings != null && collaborativeEmbeddings.length != catalog.size()) {
            throw new IllegalArgumentException(collaborativeEmbeddings.length + " collaborative embeddings for "
                    + catalog.size() + " items");
        }
        if (catalog.size() == 0) {
            throw new IllegalArgumentException("cannot tokenize an empty catalogue");
        }
        int codebook = Math.min(config.codebookSize(), catalog.size());
        Map<String, int[]> codesOf = new HashMap<>();
        Map<String, float[][]> toQuantise = new LinkedHashMap<>();
        for (String level : config.levels()) {
            int[] byPath = level.equals(TokenizerConfig.CATEGORY) && catalog.hasCategories()
                    ? categoryCodesByPath(catalog, codebook) : null;
            if (byPath != null) {
                codesOf.put(level, byPath);
                continue;
            }
            float[][] embeddings = embeddings(catalog, collaborativeEmbeddings, level, levelSeed(config, level));
            if (embeddings != null) {
                toQuantise.put(level, embeddings);
            }
        }
        codesOf.putAll(quantise(toQuantise, codebook, config));
        List<String> names = config.levels().stream().flatMap(level -> java.util.stream.IntStream
                .rangeClosed(1, config.residualDepth()).mapToObj(depth -> subLevel(level, depth)))
                .filter(codesOf::containsKey).toList();
        if (names.isEmpty()) {
            throw new IllegalArgumentException("none of the levels " + config.levels() + " has data: the catalogue "
                    + "has no categories, titles or descriptions and no collaborative embeddings were given");
        }
        return ItemCodes.withDisambiguation(names, names.stream().map(codesOf::get).toList(), catalog.size());
    }

    /** The items' embeddings at {@code level}, or null when the data has nothing for that level. */
    private static float[][] embeddings(ItemCatalog catalog, float[][] collaborativeEmbeddings, String level,
            long seed) {
        return switch (level) {
            case TokenizerConfig.CATEGORY -> catalog.hasCategories() ? embedText(catalog, CATEGORY_PATH, seed) : null;
            case TokenizerConfig.TITLE -> catalog.hasTitles() ? embedText(catalog, Item::title, seed) : null;
            case TokenizerConfig.DESCRIPTION -> catalog.hasDescriptions()
                    ? embedText(catalog, Item::description, seed) : null;
            case TokenizerConfig.COLLABORATIVE -> collaborativeEmbeddings;
            default -> throw new IllegalStateException("unhandled level " + level);
        };
    }

    /** Each level's seed depends on its name only, so adding or dropping a level leaves the others' k-means alone. */
    private static long levelSeed(TokenizerConfig config, String level) {
        return config.seed() * 31 + level.hashCode();
    }

    /**
     * The codes of the embedded levels: an independent k-means per level, or one learned VQ for all of
     * them (its encoder is shared, so there every level's codes depend on which levels take part).
     */
    private static Map<String, int[]> quantise(Map<String, float[][]> embeddings, int codebook,
            TokenizerConfig config) {
        Map<String, int[]> codes = new HashMap<>();
        if (embeddings.isEmpty()) {
            return codes;
        }
        List<String> levels = List.copyOf(embeddings.keySet());
        if (TokenizerConfig.VQ.equals(config.quantizer())) {
            List<int[]> learned = LearnedVq.fit(List.copyOf(embeddings.values()), codebook, config.seed()).codes();
            for (int l = 0; l < levels.size(); l++) {
                codes.put(levels.get(l), learned.get(l));
            }
        } else if (TokenizerConfig.RESIDUAL_KMEANS.equals(config.quantizer())) {
            for (String level : levels) {
                List<int[]> residual = ResidualKMeans.fit(embeddings.get(level), codebook, config.residualDepth(),
                        levelSeed(config, level));
                for (int depth = 1; depth <= residual.size(); depth++) {
                    codes.put(subLevel(level, depth), residual.get(depth - 1));
                }
            }
        } else {
            for (String level : levels) {
                codes.put(level, KMeans.fit(embeddings.get(level), codebook, levelSeed(config, level)).assignments());
            }
        }
        return codes;
    }

    /** The name of the {@code depth}-th residual level of {@code level}: the level's own name at depth 1. */
    private static String subLevel(String level, int depth) {
        return depth == 1 ? level : level + "-" + depth;
    }

    /**
     * One code per distinct category path (in sorted order) when they fit the codebook, so items with
     * the same path share the code; null when there are more paths than codes, and the path text must
     * be quantised instead.
     */
    private static int[] categoryCodesByPath(ItemCatalog catalog, int codebook) {
        TreeSet<String> distinct = new TreeSet<>();
        catalog.items().forEach(item -> distinct.add(CATEGORY_PATH.apply(item)));
        if (distinct.size() > codebook) {
            return null;
        }
        Map<String, Integer> code = new HashMap<>();
        distinct.forEach(p -> code.put(p, code.size()));
        return catalog.items().stream().mapToInt(item -> code.get(CATEGORY_PATH.apply(item))).toArray();
    }

    private static float[][] embedText(ItemCatalog catalog, Function<Item, String> text, long seed) {
        List<String> documents = catalog.items().stream().map(text).toList();
        return new TextEmbedder(seed).embed(documents);
    }
}
