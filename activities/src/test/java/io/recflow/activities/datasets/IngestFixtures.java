package io.recflow.activities.datasets;

import io.recflow.ml.data.InteractionDataset;
import io.recflow.ml.data.Item;
import io.recflow.ml.data.UserSequence;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Shared helpers: the hand-written fixtures under src/test/resources/ingest and readable views of results. */
final class IngestFixtures {

    private IngestFixtures() {
    }

    static Path root() {
        try {
            return Path.of(IngestFixtures.class.getResource("/ingest").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static String uri(Path p) {
        return p.toUri().toString();
    }

    static String fixture(String relative) {
        return uri(root().resolve(relative));
    }

    static DatasetIngestor ingestor() {
        return new DatasetIngestor(new SourceResolver(List.of(root()), List.of(), null));
    }

    static DatasetIngestor ingestor(Path root) {
        return new DatasetIngestor(new SourceResolver(List.of(root), List.of(), null));
    }

    /** Each user as "user: item item item" with external item ids, in data set order. */
    static List<String> sequences(InteractionDataset d) {
        List<String> out = new ArrayList<>();
        for (UserSequence s : d.sequences()) {
            StringBuilder b = new StringBuilder(s.user()).append(':');
            for (int i : s.items()) {
                b.append(' ').append(d.catalog().get(i).externalId());
            }
            out.add(b.toString());
        }
        return out;
    }

    static List<String> itemIds(InteractionDataset d) {
        return d.catalog().items().stream().map(Item::externalId).toList();
    }

    static Item item(InteractionDataset d, String id) {
        return d.catalog().get(d.catalog().indexOf(id).orElseThrow());
    }
}
