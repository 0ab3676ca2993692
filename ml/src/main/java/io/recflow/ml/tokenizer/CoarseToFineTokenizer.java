package io.recflow.ml.tokenizer;

import io.recflow.ml.data.Item;
import io.recflow.ml.data.ItemCatalog;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * CoFiRec's coarse-to-fine item tokenizer (Wei et al. 2025) with k-means codebooks: every semantic
 * level is embedded on its own (text levels with {@link TextEmbedder}, the collaborative level from
 * the sequence encoder's item embeddings) and quantised by its own independent codebook, not a
 * residual one, so a level's code means the same thing whatever the coarser codes are. A final
 * disambiguation level numbers the items that share a tuple, making every item's tuple unique.
 */
public final class CoarseToFineTokenizer {

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
        List<String> names = new ArrayList<>();
        List<int[]> levels = new ArrayList<>();
        for (String level : config.levels()) {
            // Each level's seed depends on its name only, so adding or dropping a level leaves the others alone.
            long seed = config.seed() * 31 + level.hashCode();
            int[] codes = switch (level) {
                case TokenizerConfig.CATEGORY -> catalog.hasCategories() ? categoryCodes(catalog, codebook, seed) : null;
                case TokenizerConfig.TITLE -> catalog.hasTitles() ? textCodes(catalog, Item::title, codebook, seed) : null;
                case TokenizerConfig.DESCRIPTION -> catalog.hasDescriptions()
                        ? textCodes(catalog, Item::description, codebook, seed) : null;
                case TokenizerConfig.COLLABORATIVE -> collaborativeEmbeddings != null
                        ? KMeans.fit(collaborativeEmbeddings, codebook, seed).assignments() : null;
                default -> throw new IllegalStateException("unhandled level " + level);
            };
            if (codes != null) {
                names.add(level);
                levels.add(codes);
            }
        }
        if (levels.isEmpty()) {
            throw new IllegalArgumentException("none of the levels " + config.levels() + " has data: the catalogue "
                    + "has no categories, titles or descriptions and no collaborative embeddings were given");
        }
        return ItemCodes.withDisambiguation(names, levels, catalog.size());
    }

    /**
     * One code per distinct category path (in sorted order) when they fit the codebook; otherwise
     * k-means over the embedded path text. Either way, items with the same path share the code.
     */
    private static int[] categoryCodes(ItemCatalog catalog, int codebook, long seed) {
        Function<Item, String> path = item -> String.join(" > ", item.categoryPath());
        TreeSet<String> distinct = new TreeSet<>();
        catalog.items().forEach(item -> distinct.add(path.apply(item)));
        if (distinct.size() > codebook) {
            return textCodes(catalog, path, codebook, seed);
        }
        Map<String, Integer> code = new HashMap<>();
        distinct.forEach(p -> code.put(p, code.size()));
        return catalog.items().stream().mapToInt(item -> code.get(path.apply(item))).toArray();
    }

    private static int[] textCodes(ItemCatalog catalog, Function<Item, String> text, int codebook, long seed) {
        List<String> documents = catalog.items().stream().map(text).toList();
        float[][] embeddings = new TextEmbedder(seed).embed(documents);
        return KMeans.fit(embeddings, codebook, seed).assignments();
    }
}
