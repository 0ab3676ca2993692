package io.recflow.activities.datasets;

import io.recflow.activities.input.BadInputException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * CaseQ / SASRec {@code user item} lines (whitespace-separated), each user's lines in time order; the
 * position within the user is the time. In a folder, the one {@code *.txt} file of such lines.
 */
final class CaseqParser implements FormatParser {

    @Override
    public void parse(DataLocation location, boolean readOwnItems, RawData out, Problems problems) {
        SourceFile file;
        if (location.isFolder()) {
            List<String> candidates = new ArrayList<>();
            for (String name : location.fileNames()) {
                if (FormatDetector.looksLikeCaseq(location, name)) {
                    candidates.add(name);
                }
            }
            if (candidates.isEmpty()) {
                throw new BadInputException(location.uri(), 0, null, "missing file: format caseq needs "
                        + DataFormat.CASEQ.files() + "; files here: " + location.fileNames());
            }
            if (candidates.size() > 1) {
                throw new BadInputException(location.uri(), 0, null, "holds several 'user item' files "
                        + candidates + "; point the URI at one of them");
            }
            file = location.file(candidates.get(0));
        } else {
            file = location.single();
        }
        out.filesRead.add(file.uri());
        Map<String, long[]> position = new HashMap<>();
        TextLines.forEachLine(file, StandardCharsets.UTF_8, (line, n) -> {
            List<String> f = Fields.ids(line);
            if (f.size() != 2) {
                problems.add(file.uri(), n, null, "expected 2 space-separated fields (user item), found " + f.size());
                return;
            }
            String user = Fields.intId(f.get(0), problems, file.uri(), n, "user");
            String item = Fields.intId(f.get(1), problems, file.uri(), n, "item");
            if (user != null && item != null && problems.isEmpty()) {
                long[] pos = position.computeIfAbsent(user, u -> new long[1]);
                out.events.add(user, item, pos[0]++);
            }
        });
    }
}
