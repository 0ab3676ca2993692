package io.recflow.activities.datasets;

import io.recflow.activities.input.BadInputException;

import java.util.List;
import java.util.Map;

/**
 * Where an iLoRA TSV keeps each column, from its header; the optional ones are {@code null} when absent.
 * The names are matched loosely ({@code seq_item_ids} or {@code seq}, any case), as LLaRA's and iLoRA's
 * files differ.
 */
record IloraColumns(String[] header, Integer row, Integer lenSeq, Integer seq, Integer seqRatings, Integer next,
                    Integer nextRating) {

    /** The columns of {@code headerLine}; a missing header or required column is bad input. */
    static IloraColumns of(SourceFile file, String headerLine, Problems problems) {
        if (headerLine == null) {
            throw new BadInputException(file.uri(), 1, null,
                    "is empty (expected a header row, len_seq, seq_item_ids, next_item_id)");
        }
        String[] header = Fields.split(headerLine, '\t');
        Map<String, Integer> cols = ItemFiles.columns(header);
        IloraColumns columns = new IloraColumns(header, ItemFiles.first(cols, "row", "index", ""),
                ItemFiles.first(cols, "lenseq"), ItemFiles.first(cols, "seqitemids", "seq"),
                ItemFiles.first(cols, "seqratings"), ItemFiles.first(cols, "nextitemid", "next"),
                ItemFiles.first(cols, "nextrating"));
        ItemFiles.refuseSameNames(List.of(header), problems, file.uri(), 1, columns.row(), columns.lenSeq(),
                columns.seq(), columns.seqRatings(), columns.next(), columns.nextRating());
        if (columns.seq() == null) {
            problems.add(file.uri(), 1, "seq_item_ids", "missing required column; header found: "
                    + Fields.header(List.of(header)));
        }
        if (columns.next() == null) {
            problems.add(file.uri(), 1, "next_item_id", "missing required column; header found: "
                    + Fields.header(List.of(header)));
        }
        problems.throwIfAny();
        return columns;
    }

    /** The header's name of column {@code index}, for problems; {@code null} for an absent column. */
    String name(Integer index) {
        return index == null ? null : header[index];
    }
}
