package io.recflow.workflows.pipeline;

import java.util.List;

/**
 * Where the data set is and how to read it.
 *
 * @param uri        {@code s3://}, or {@code file://} under an allowed root; a file or a folder
 * @param format     {@code auto}, {@code movielens}, {@code csv}, {@code letter}, {@code ilora} or {@code caseq}
 * @param itemsUri   optional item metadata (generic CSV: id, category path, title, description)
 * @param minSequenceLength users with fewer interactions are dropped (leave-one-out needs 3)
 */
public record DataSpec(String uri, String format, String itemsUri, Integer minSequenceLength) {

    public static final List<String> FORMATS = List.of("auto", "movielens", "csv", "letter", "ilora", "caseq");

    DataSpec withDefaults() {
        return new DataSpec(uri, format == null ? "auto" : format, itemsUri,
                minSequenceLength == null ? 3 : minSequenceLength);
    }

    void validate(SpecProblems problems) {
        problems.require(uri != null && !uri.isBlank(), "data.uri", "is required");
        problems.require(FORMATS.contains(format), "data.format", "must be one of " + FORMATS);
        problems.require(minSequenceLength >= 3, "data.minSequenceLength",
                "must be at least 3 (leave-one-out keeps one item for validation and one for test)");
    }
}
