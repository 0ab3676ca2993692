package io.recflow.activities.datasets;

import io.recflow.activities.input.BadInputException;
import io.recflow.ml.data.UserSequence;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads a data set from a URI in a known (or detected) format and canonicalises it. Pure: reads files,
 * writes nothing. Bad input throws {@link BadInputException} with up to {@link Problems#DEFAULT_LIMIT}
 * problems, each naming file, line and field.
 */
public final class DatasetIngestor {

    private final SourceResolver resolver;

    public DatasetIngestor(SourceResolver resolver) {
        this.resolver = resolver;
    }

    /** Ingests with the {@link SplitChoice#AUTO automatic} split and no separate training data. */
    public IngestedDataset ingest(String uri, String format, String itemsUri, int minSequenceLength) {
        return ingest(uri, format, itemsUri, minSequenceLength, null, SplitChoice.AUTO);
    }

    /**
     * @param uri               {@code file://} (under the allowed roots) or {@code s3://}; a file or a folder
     * @param format            a {@link DataFormat} id, or {@code auto} / {@code null} to detect
     * @param itemsUri          an item metadata file overriding the one next to the data, or {@code null}
     * @param minSequenceLength users with fewer interactions are dropped (except the evaluation users
     *                          of a predefined split)
     * @param trainUri          format ilora: MovieLens 100K data whose other users are the training users
     *                          ({@link LlaraTrainingUsers}), or {@code null}
     * @param split             the split to make
     */
    public IngestedDataset ingest(String uri, String format, String itemsUri, int minSequenceLength, String trainUri,
                                  SplitChoice split) {
        DataFormat requested = DataFormat.parse(format);
        if (minSequenceLength < 1) {
            throw new BadInputException(null, 0, "data.minSequenceLength", "must be at least 1, was "
                    + minSequenceLength);
        }
        boolean ownItems = itemsUri == null || itemsUri.isBlank();
        boolean trainingUsers = trainUri != null && !trainUri.isBlank();
        try (DataLocation location = resolver.resolve(uri);
             DataLocation items = ownItems ? null : resolver.resolveFile(itemsUri, "data.itemsUri")) {
            DataFormat fmt = requested != null ? requested : FormatDetector.detect(location);
            // What can be refused before the data is read (10 M rows take seconds): the split against the format,
            // the training users' source, the item file's kind.
            split.check(location.uri(), fmt, fmt.fixesItsSplit());
            if (trainingUsers && fmt != DataFormat.ILORA) {
                throw new BadInputException(trainUri, 0, LlaraTrainingUsers.FIELD, "only applies to format ilora"
                        + " (training users for its val/test rows), but " + location.uri() + " is format " + fmt.id());
            }
            if (items != null) {
                ItemFiles.requireKnownKind(items.single());
            }
            RawData raw = new RawData();
            Problems problems = new Problems(Problems.DEFAULT_LIMIT);
            FormatParser.of(fmt).parse(location, ownItems, raw, problems);
            if (trainingUsers) {
                problems.throwIfAny();
                rebuildTrainingUsers(trainUri, location, ownItems, raw, problems);
            }
            if (items != null) {
                ItemFiles.read(items.single(), raw, problems, fmt == DataFormat.ILORA ? -1 : 0);
            }
            problems.throwIfAny();
            return build(location, fmt, raw, minSequenceLength, split);
        }
    }

    private void rebuildTrainingUsers(String trainUri, DataLocation location, boolean ownItems, RawData raw,
                                      Problems problems) {
        if (!raw.trainUsers.isEmpty()) {
            throw new BadInputException(trainUri, 0, LlaraTrainingUsers.FIELD, "the iLoRA data " + location.uri()
                    + " has training users of its own (train.tsv); give one source of training users");
        }
        try (DataLocation movieLens = resolver.resolve(trainUri)) {
            LlaraTrainingUsers.rebuild(movieLens, ownItems, raw, problems);
        }
    }

    private static IngestedDataset build(DataLocation location, DataFormat fmt, RawData raw, int minSequenceLength,
                                         SplitChoice splitChoice) {
        if (raw.events.interactionCount() == 0) {
            throw new BadInputException(location.uri(), 0, null, "empty data set: no interactions in "
                    + raw.filesRead);
        }
        Set<String> keep = new HashSet<>();
        if (raw.hasPredefinedSplit()) {
            keep.addAll(raw.validUsers);
            keep.addAll(raw.testUsers);
        }
        SequenceBuilder.Built built = raw.events.build(location.baseName(), minSequenceLength, keep, raw.items);
        if (built.dataset().sequences().isEmpty()) {
            throw new BadInputException(location.uri(), 0, "data.minSequenceLength", "empty data set: all "
                    + built.droppedUsers() + " users have fewer than " + minSequenceLength + " interactions");
        }
        List<String> notes = new java.util.ArrayList<>(raw.notes);
        if (built.droppedUsers() > 0) {
            notes.add("dropped " + built.droppedUsers() + " users (" + built.droppedInteractions()
                    + " interactions) with fewer than " + minSequenceLength + " interactions");
        }
        if (built.metadataItemsUnused() > 0) {
            notes.add(built.metadataItemsUnused() + " items of the item file have no (kept) interactions"
                    + " and are not in the catalogue");
        }
        PredefinedSplit split = null;
        if (raw.hasPredefinedSplit()) {
            Set<String> kept = new HashSet<>();
            for (UserSequence s : built.dataset().sequences()) {
                kept.add(s.user());
            }
            split = new PredefinedSplit(fmt.id(),
                    sorted(raw.trainUsers.stream().filter(kept::contains).toList()),
                    sorted(raw.validUsers), sorted(raw.testUsers));
        }
        DatasetStats stats = DatasetStats.of(built.dataset(), built.droppedUsers(), built.droppedInteractions());
        return new IngestedDataset(built.dataset(), fmt, location.uri(), stats, java.util.Optional.ofNullable(split),
                splitChoice, raw.filesRead, notes);
    }

    private static List<String> sorted(List<String> users) {
        return users.stream().sorted(NaturalOrder.INSTANCE).toList();
    }
}
