package io.recflow.workflows.spec;

import lombok.Builder;
import lombok.extern.jackson.Jacksonized;

import java.util.List;

/**
 * Where the data set is, how to read it and how to split it.
 *
 * @param uri        {@code s3://}, or {@code file://} under an allowed root; a file or a folder
 * @param format     {@code auto}, {@code movielens}, {@code csv}, {@code letter}, {@code ilora} or {@code caseq}
 * @param itemsUri   optional item metadata (generic CSV: id, category path, title, description)
 * @param minSequenceLength users with fewer interactions are dropped (leave-one-out needs 3)
 * @param split      from {@link #SPLITS}: {@code auto} (the data's own split when the format has one,
 *                   else leave-one-out), {@code leave-one-out}, {@code predefined} (format {@code ilora})
 *                   or {@code temporal-gap} (CaseQ: training stops {@code lapse} events before each
 *                   user's end)
 * @param lapse      events withheld from training per user in the {@code temporal-gap} split; only with
 *                   that split. Default {@link #DEFAULT_LAPSE}
 * @param trainUri   format {@code ilora} only: a MovieLens 100K folder or {@code u.data} whose users other
 *                   than the val/test users become the training users (the LLaRA user-level split,
 *                   whose train file is not shipped)
 */
@Builder(toBuilder = true)
@Jacksonized
public record DataSpec(String uri, String format, String itemsUri, Integer minSequenceLength, String split,
                       Integer lapse, String trainUri) {

    public static final List<String> FORMATS = List.of("auto", "movielens", "csv", "letter", "ilora", "caseq");
    public static final String AUTO = "auto";
    public static final String LEAVE_ONE_OUT = "leave-one-out";
    public static final String PREDEFINED = "predefined";
    public static final String TEMPORAL_GAP = "temporal-gap";
    public static final List<String> SPLITS = List.of(AUTO, LEAVE_ONE_OUT, PREDEFINED, TEMPORAL_GAP);
    /** The only format whose files carry a split of their own. */
    static final String PREDEFINED_SPLIT_FORMAT = "ilora";
    /**
     * CaseQ's experiments run with {@code --lapse 30}; CaseQ's lapse does not count the id target, ours
     * counts every event withheld from training, so the same protocol is lapse 31 here (see
     * {@code io.recflow.ml.evaluation.TemporalGapProtocol}).
     */
    public static final int DEFAULT_LAPSE = 31;
    /** Events withheld per user, at most: a user would need more than this many events to be evaluated. */
    public static final int MAX_LAPSE = 100_000;

    DataSpec withDefaults() {
        String s = split == null ? AUTO : split;
        return new DataSpec(uri, format == null ? AUTO : format, itemsUri,
                minSequenceLength == null ? 3 : minSequenceLength, s,
                lapse == null && TEMPORAL_GAP.equals(s) ? Integer.valueOf(DEFAULT_LAPSE) : lapse, trainUri);
    }

    /** The protocols an evaluation runs when the spec names none: those this split can serve. */
    List<String> defaultProtocols() {
        return TEMPORAL_GAP.equals(split) ? List.of(TEMPORAL_GAP) : EvaluationSpec.TEST_EXAMPLE_PROTOCOLS;
    }

    /** Whether the split yields test examples (every split but temporal-gap, which yields id/ood examples). */
    boolean hasTestExamples() {
        return !TEMPORAL_GAP.equals(split);
    }

    void validate(SpecProblems problems) {
        problems.require(uri != null && !uri.isBlank(), "data.uri", "is required");
        problems.require(FORMATS.contains(format), "data.format", "must be one of " + FORMATS);
        problems.require(minSequenceLength >= 3, "data.minSequenceLength",
                "must be at least 3 (leave-one-out keeps one item for validation and one for test)");
        problems.require(SPLITS.contains(split), "data.split", "must be one of " + SPLITS);
        problems.require(!TEMPORAL_GAP.equals(split) || !PREDEFINED_SPLIT_FORMAT.equals(format), "data.split",
                "temporal-gap cannot be used with format ilora, whose files fix the split; use auto or predefined");
        problems.require(!PREDEFINED.equals(split) || PREDEFINED_SPLIT_FORMAT.equals(format)
                        || AUTO.equals(format), "data.split",
                "predefined needs a format that ships its split (ilora), not " + format);
        if (TEMPORAL_GAP.equals(split)) {
            problems.require(lapse >= 2 && lapse <= MAX_LAPSE, "data.lapse", "must be in 2.." + MAX_LAPSE
                    + " (at least 2: the in- and out-of-distribution targets must differ)");
        } else {
            problems.require(lapse == null, "data.lapse", "only applies to data.split temporal-gap, not " + split);
        }
        if (trainUri != null) {
            problems.require(!trainUri.isBlank(), "data.trainUri", "must not be blank; leave it out instead");
            problems.require(PREDEFINED_SPLIT_FORMAT.equals(format) || AUTO.equals(format), "data.trainUri",
                    "only applies to format ilora (training users for its val/test users), not " + format);
        }
    }
}
