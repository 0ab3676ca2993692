package io.recflow.activities.datasets;

import io.recflow.activities.input.BadInputException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** The input formats ingest reads; {@code auto} (detection) is not one of them but is accepted by {@link #parse}. */
public enum DataFormat {
    MOVIELENS("movielens", "u.data (+ u.item or items_c2f.tsv) or ratings.dat (+ movies.dat)"),
    CSV("csv", "*.csv with a header user,item,timestamp[,rating] (+ an items CSV id,title,category or genres,description)"),
    LETTER("letter", "*.inter.json {user: [items in time order]} (+ *.item.json)"),
    ILORA("ilora", "train.tsv / val.tsv / test.tsv with a header row,len_seq,seq_item_ids,...,next_item_id"
            + " (+ id2name.txt or u.item)"),
    CASEQ("caseq", "*.txt of 'user item' lines in time order");

    public static final String AUTO = "auto";

    private final String id;
    private final String files;

    DataFormat(String id, String files) {
        this.id = id;
        this.files = files;
    }

    /** The name used in specs and artifacts. */
    public String id() {
        return id;
    }

    /** Whether the format's files fix the split themselves (iLoRA's train/val/test users). */
    public boolean fixesItsSplit() {
        return this == ILORA;
    }

    /** What files the format is made of, for messages. */
    public String files() {
        return files;
    }

    /** All names accepted in a spec, {@code auto} first. */
    public static List<String> names() {
        List<String> names = new java.util.ArrayList<>();
        names.add(AUTO);
        Arrays.stream(values()).map(DataFormat::id).forEach(names::add);
        return names;
    }

    /**
     * The format named in a spec, or {@code null} for {@code auto} (or no format given).
     *
     * @throws BadInputException for an unknown name, listing the known ones
     */
    public static DataFormat parse(String name) {
        if (name == null || name.isBlank() || name.strip().equalsIgnoreCase(AUTO)) {
            return null;
        }
        String n = name.strip().toLowerCase(Locale.ROOT);
        for (DataFormat f : values()) {
            if (f.id.equals(n)) {
                return f;
            }
        }
        throw new BadInputException(null, 0, "data.format", "unknown format " + Fields.quote(name)
                + "; known formats: " + names());
    }
}
