package io.recflow.ml.llara;

import java.util.List;

/**
 * One test user's answer under the candidates protocol, as LLaRA measures it: whether the answer
 * named exactly one candidate (valid) and which. Generation fills {@code answer} (the first line,
 * lower-cased); likelihood ranking fills {@code logProbabilities} and is always valid.
 *
 * @param shown            the candidates in the order the prompt listed them
 * @param named            the candidate the answer names, or -1 when it is not valid
 * @param answer           the generated first line, lower-cased; null for likelihood ranking
 * @param logProbabilities log P(title + newline | prompt) per shown candidate; null for generation
 * @param droppedHistory   oldest history items left out of the prompt to fit its budget (a note to show)
 */
public record CandidateAnswer(String user, int target, int[] shown, boolean valid, int named, String answer,
                              double[] logProbabilities, int droppedHistory) {

    public boolean correct() {
        return valid && named == target;
    }

    /** LLaRA's ValidRatio: the share of answers naming exactly one candidate. */
    public static double validRatio(List<CandidateAnswer> answers) {
        return answers.stream().filter(CandidateAnswer::valid).count() / (double) answers.size();
    }

    /** LLaRA's HR@1: correct answers among the valid ones (0 when none is valid). */
    public static double hitRatioOfValid(List<CandidateAnswer> answers) {
        long valid = answers.stream().filter(CandidateAnswer::valid).count();
        return valid == 0 ? 0 : answers.stream().filter(CandidateAnswer::correct).count() / (double) valid;
    }

    /** HR@1 over every user, an invalid answer counting as a miss. */
    public static double hitRatio(List<CandidateAnswer> answers) {
        return answers.stream().filter(CandidateAnswer::correct).count() / (double) answers.size();
    }

    /** 1 for a correct answer, else 0, per user in order: the input of a paired bootstrap. */
    public static double[] hits(List<CandidateAnswer> answers) {
        return answers.stream().mapToDouble(a -> a.correct() ? 1 : 0).toArray();
    }
}
