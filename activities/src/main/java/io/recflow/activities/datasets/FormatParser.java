package io.recflow.activities.datasets;


/** Reads one input format into {@link RawData}. */
interface FormatParser {

    /**
     * @param location     the resolved file or folder
     * @param readOwnItems false when the spec names an item file of its own (then the format's item
     *                     file next to the data is not read)
     */
    void parse(DataLocation location, boolean readOwnItems, RawData out, Problems problems);

    static FormatParser of(DataFormat format) {
        return switch (format) {
            case MOVIELENS -> new MovieLensParser();
            case CSV -> new CsvParser();
            case LETTER -> new LetterParser();
            case ILORA -> new IloraParser();
            case CASEQ -> new CaseqParser();
        };
    }
}
