package io.recflow.api.serving;

import io.recflow.api.problem.ProblemException;
import io.recflow.ml.data.ItemCatalog;
import io.recflow.ml.llara.LlmServing;
import io.recflow.ml.llara.PromptTooLongException;
import io.recflow.ml.recommend.ScoredItem;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Answers recommendation requests from a model's champion: validates the request against the
 * champion's catalogue and ranks the whole catalogue (the served model leaves out what the user already
 * has) or the given candidates.
 */
@ApplicationScoped
public class RecommendationService {

    @Inject
    ChampionModels champions;
    @ConfigProperty(name = "recflow.serving.max-k", defaultValue = "100")
    int maxK;
    @ConfigProperty(name = "recflow.serving.max-history", defaultValue = "1000")
    int maxHistory;
    @ConfigProperty(name = "recflow.serving.max-candidates", defaultValue = "1000")
    int maxCandidates;

    public Recommendations recommend(String model, RecommendationRequest request) {
        if (request == null || request.history() == null || request.history().isEmpty()) {
            throw ProblemException.badRequest("history must list at least one item id the user interacted with");
        }
        int k = request.k() == null ? 10 : request.k();
        if (k < 1 || k > maxK) {
            throw ProblemException.badRequest("k must be in 1.." + maxK + ", was " + k);
        }
        if (request.history().size() > maxHistory) {
            throw ProblemException.badRequest("history has " + request.history().size() + " items; at most "
                    + maxHistory + " are accepted (the model reads the most recent ones)");
        }
        if (request.candidates() != null && (request.candidates().isEmpty()
                || request.candidates().size() > maxCandidates)) {
            throw ProblemException.badRequest("candidates, when given, must list 1.." + maxCandidates + " item ids");
        }
        String method = request.method() == null ? RecommendationRequest.LIKELIHOOD : request.method();
        if (!method.equals(RecommendationRequest.LIKELIHOOD) && !method.equals(RecommendationRequest.GENERATION)) {
            throw ProblemException.badRequest("method must be '" + RecommendationRequest.LIKELIHOOD + "' or '"
                    + RecommendationRequest.GENERATION + "', was '" + method + "'");
        }
        if (method.equals(RecommendationRequest.GENERATION) && request.candidates() == null) {
            throw ProblemException.badRequest("method 'generation' chooses among candidates: give candidates");
        }
        try {
            return answer(model, request, k, method);
        } catch (PromptTooLongException e) {
            if (request.candidates() != null) {
                throw ProblemException.badRequest("candidates: " + e.getMessage() + "; give fewer candidates");
            }
            // No candidates: the template alone outgrows the context the model was trained with; no request fits.
            throw ProblemException.conflict(model + "'s champion cannot rank its catalogue: " + e.getMessage());
        }
    }

    private Recommendations answer(String model, RecommendationRequest request, int k, String method) {
        return champions.withChampion(model, served -> {
            ItemCatalog catalog = served.catalog();
            int[] history = indexes(catalog, request.history(), "history");
            if (method.equals(RecommendationRequest.GENERATION)) {
                return generate(served, history, indexes(catalog, request.candidates(), "candidates"));
            }
            List<ScoredItem> ranked = request.candidates() == null
                    ? rankCatalogue(served, history, k)
                    : rankCandidates(served, history, indexes(catalog, request.candidates(), "candidates"), k);
            return Recommendations.of(served.version(), items(catalog, ranked));
        });
    }

    /**
     * Items of the champion's catalogue whose id, title or category contains {@code query} (case
     * insensitive), in catalogue order: how a person finds ids to put into a history.
     */
    public List<CatalogItem> searchCatalogue(String model, String query, int limit) {
        if (limit < 1 || limit > maxK) {
            throw ProblemException.badRequest("limit must be in 1.." + maxK + ", was " + limit);
        }
        String needle = query == null ? "" : query.toLowerCase(java.util.Locale.ROOT).strip();
        return champions.withChampion(model, served -> served.catalog().items().stream()
                .map(CatalogItem::of)
                .filter(i -> needle.isEmpty() || (i.item() + " " + i.title() + " " + i.category())
                        .toLowerCase(java.util.Locale.ROOT).contains(needle))
                .limit(limit)
                .toList());
    }

    /** The top k of the catalogue; a served model leaves the history's items out itself ({@link ServedModel}). */
    private static List<ScoredItem> rankCatalogue(ServedModel served, int[] history, int k) {
        return served.recommender().recommend(new int[][]{history}, k).get(0);
    }

    private static List<ScoredItem> rankCandidates(ServedModel served, int[] history, int[] candidates, int k) {
        int[] distinct = asSet(candidates).stream().mapToInt(Integer::intValue).toArray();
        float[] scores = served.recommender().scoreCandidates(new int[][]{history}, new int[][]{distinct})[0];
        List<ScoredItem> ranked = new ArrayList<>();
        for (int i = 0; i < distinct.length; i++) {
            ranked.add(new ScoredItem(distinct[i], scores[i]));
        }
        ranked.sort(Comparator.comparingDouble(ScoredItem::score).reversed());
        return ranked.subList(0, Math.min(k, ranked.size()));
    }

    /** LLaRA's generated choice; its score is the chosen title's log-probability, as likelihood ranking gives it. */
    private static Recommendations generate(ServedModel served, int[] history, int[] candidates) {
        LlmServing languageModel = served.languageModel().orElseThrow(() -> ProblemException.badRequest(
                "method 'generation' needs a model built on a language model; " + served.version()
                        + " is not (use 'likelihood')"));
        LlmServing.Choice choice = languageModel.choose(history, candidates);
        List<ScoredItem> chosen = choice.item() < 0 ? List.of()
                : List.of(new ScoredItem(choice.item(), choice.logProbability()));
        return Recommendations.answered(served.version(), items(served.catalog(), chosen), choice.answer());
    }

    private static List<Recommendations.RecommendedItem> items(ItemCatalog catalog, List<ScoredItem> ranked) {
        return ranked.stream()
                .map(s -> new Recommendations.RecommendedItem(catalog.get(s.item()).externalId(), s.score(),
                        catalog.get(s.item()).title()))
                .toList();
    }

    private static int[] indexes(ItemCatalog catalog, List<String> ids, String field) {
        List<String> unknown = new ArrayList<>();
        int[] indexes = new int[ids.size()];
        for (int i = 0; i < ids.size(); i++) {
            Integer index = ids.get(i) == null ? null : catalog.indexOf(ids.get(i)).orElse(null);
            if (index == null) {
                unknown.add(field + "[" + i + "]: unknown item id '" + ids.get(i) + "'");
            } else {
                indexes[i] = index;
            }
        }
        if (!unknown.isEmpty()) {
            throw ProblemException.badRequest(unknown.size() + " item id(s) are not in the catalogue of this model",
                    unknown.subList(0, Math.min(20, unknown.size())));
        }
        return indexes;
    }

    private static Set<Integer> asSet(int[] items) {
        Set<Integer> set = new LinkedHashSet<>();
        for (int item : items) {
            set.add(item);
        }
        return set;
    }
}
