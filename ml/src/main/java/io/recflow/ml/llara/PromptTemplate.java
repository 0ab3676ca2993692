package io.recflow.ml.llara;

import java.util.Locale;

/**
 * LLaRA's instruction for one data set: where the user's history goes ({@value #HISTORY}) and where
 * the candidates go ({@value #CANDIDATES}), each exactly once, and optionally, between them, how many
 * candidates there are ({@value #CANDIDATE_COUNT}). The text around them is the data set's wording
 * ("watched", "movie titles"); the model's answer follows the text.
 */
public record PromptTemplate(String text) {

    public static final String HISTORY = "[HistoryHere]";
    public static final String CANDIDATES = "[CansHere]";
    /**
     * The number of candidates listed. LLaRA's prompts say "20" because its protocol always shows 20; a spec
     * may ask for another number, and a small catalogue may have fewer to draw, so the prompt says how many.
     */
    public static final String CANDIDATE_COUNT = "[CansCount]";

    public PromptTemplate {
        boolean ordered = count(text, HISTORY) == 1 && count(text, CANDIDATES) == 1
                && text.indexOf(HISTORY) < text.indexOf(CANDIDATES);
        int counts = count(text, CANDIDATE_COUNT);
        if (!ordered || counts > 1 || counts != count(betweenHistoryAndCandidates(text), CANDIDATE_COUNT)) {
            throw new IllegalArgumentException("a template holds " + HISTORY + " once, then " + CANDIDATES
                    + " once, and at most one " + CANDIDATE_COUNT + " between them: '" + text + "'");
        }
    }

    /** LLaRA's MovieLens instruction. */
    public static PromptTemplate movieLens() {
        return new PromptTemplate("This user has watched " + HISTORY + " in the previous. Please predict the next movie"
                + " this user will watch. Choose the answer from the following " + CANDIDATE_COUNT + " movie titles: "
                + CANDIDATES + ". Answer:");
    }

    /** LLaRA's LastFM instruction. */
    public static PromptTemplate lastFm() {
        return new PromptTemplate("This user has listened to " + HISTORY + " in the previous. Please predict the next"
                + " artist this user will listen to. Choose the answer from the following " + CANDIDATE_COUNT
                + " artist names: "
                + CANDIDATES + ". Answer:");
    }

    /** The same instruction for a data set of unnamed kind: "items". */
    public static PromptTemplate items() {
        return new PromptTemplate("This user has interacted with " + HISTORY + " in the previous. Please predict the"
                + " next item this user will interact with. Choose the answer from the following " + CANDIDATE_COUNT
                + " items: "
                + CANDIDATES + ". Answer:");
    }

    /** MovieLens ({@code movielens}, {@code ml-1m}, ...) and LastFM by name; any other data set gets {@link #items()}. */
    public static PromptTemplate forDataset(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        if (n.startsWith("movielens") || n.startsWith("ml-")) {
            return movieLens();
        }
        return n.startsWith("lastfm") ? lastFm() : items();
    }

    String beforeHistory() {
        return text.substring(0, text.indexOf(HISTORY));
    }

    /** The text between the history and the candidates, saying there are {@code candidates} of them. */
    String betweenHistoryAndCandidates(int candidates) {
        return betweenHistoryAndCandidates(text).replace(CANDIDATE_COUNT, Integer.toString(candidates));
    }

    private static String betweenHistoryAndCandidates(String text) {
        return text.substring(text.indexOf(HISTORY) + HISTORY.length(), text.indexOf(CANDIDATES));
    }

    String afterCandidates() {
        return text.substring(text.indexOf(CANDIDATES) + CANDIDATES.length());
    }

    /**
     * What follows the history when no candidates are listed (serving over the whole catalogue): the
     * text without the sentence that introduces the candidates, so "... will watch. Choose the answer
     * from the following [CansCount] movie titles: [CansHere]. Answer:" reads "... will watch. Answer:". A
     * template whose candidates are not a sentence of their own keeps its wording around an empty list.
     */
    String afterHistoryWithoutCandidates() {
        String between = betweenHistoryAndCandidates(0);
        String after = afterCandidates();
        int sentenceStart = between.lastIndexOf(". ");
        int sentenceEnd = after.indexOf('.');
        if (sentenceStart < 0 || sentenceEnd < 0) {
            return between + after;
        }
        return between.substring(0, sentenceStart + 1) + after.substring(sentenceEnd + 1);
    }

    private static int count(String text, String marker) {
        int n = 0;
        for (int at = text.indexOf(marker); at >= 0; at = text.indexOf(marker, at + 1)) {
            n++;
        }
        return n;
    }
}
