package io.recflow.activities.datasets;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.recflow.ml.data.InteractionDataset;
import io.recflow.ml.data.Item;
import io.recflow.ml.data.ItemCatalog;
import io.recflow.ml.data.UserSequence;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * The {@code dataset} artifact: gzip'd JSON, one item / user per line, fields in a fixed order and a
 * fixed gzip header, so that the same snapshot always encodes to the same bytes (content addressing
 * then de-duplicates). Layout:
 * <pre>
 * {"schema":"recflow.dataset","version":1,"name":..,"format":..,"sourceUri":..,"stats":{..},
 *  "items":[{"id":"1","categoryPath":["Drama"],"title":"..","description":".."}, ..],   (index = position)
 *  "users":[{"id":"7","items":[0,5,..],"timestamps":[..]}, ..]}
 * </pre>
 */
public final class DatasetCodec {

    public static final String SCHEMA = "recflow.dataset";
    public static final int VERSION = 1;

    static final ObjectMapper MAPPER = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private DatasetCodec() {
    }

    public static byte[] encode(DatasetSnapshot snapshot) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            write(snapshot, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** Writes the snapshot to {@code out} (finished, not closed). */
    public static void write(DatasetSnapshot snapshot, OutputStream out) throws IOException {
        InteractionDataset d = snapshot.dataset();
        DeterministicGzip gz = new DeterministicGzip(out);
        // The JSON is made on this thread and compressed on another (together they are most of an ingest's storing).
        try (OffThreadOutput json = new OffThreadOutput(gz);
             JsonGenerator g = MAPPER.getFactory().createGenerator(json, JsonEncoding.UTF8)) {
            g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            g.writeStartObject();
            g.writeStringField("schema", SCHEMA);
            g.writeNumberField("version", VERSION);
            g.writeStringField("name", d.name());
            g.writeStringField("format", snapshot.format());
            g.writeStringField("sourceUri", snapshot.sourceUri());
            g.writeFieldName("stats");
            writeStats(g, snapshot.stats());
            g.writeFieldName("items");
            g.writeStartArray();
            for (Item item : d.catalog().items()) {
                g.writeRaw('\n');
                g.writeStartObject();
                g.writeStringField("id", item.externalId());
                g.writeArrayFieldStart("categoryPath");
                for (String c : item.categoryPath()) {
                    g.writeString(c);
                }
                g.writeEndArray();
                g.writeStringField("title", item.title());
                g.writeStringField("description", item.description());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeFieldName("users");
            g.writeStartArray();
            for (UserSequence s : d.sequences()) {
                g.writeRaw('\n');
                g.writeStartObject();
                g.writeStringField("id", s.user());
                g.writeFieldName("items");
                g.writeArray(s.items(), 0, s.length());
                g.writeFieldName("timestamps");
                g.writeArray(s.timestamps(), 0, s.length());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
            g.writeRaw('\n');
        }
        gz.finish();
    }

    private static void writeStats(JsonGenerator g, DatasetStats s) throws IOException {
        g.writeStartObject();
        g.writeNumberField("users", s.users());
        g.writeNumberField("items", s.items());
        g.writeNumberField("interactions", s.interactions());
        g.writeNumberField("droppedUsers", s.droppedUsers());
        g.writeNumberField("droppedInteractions", s.droppedInteractions());
        g.writeNumberField("minSequenceLength", s.minSequenceLength());
        g.writeNumberField("medianSequenceLength", s.medianSequenceLength());
        g.writeNumberField("maxSequenceLength", s.maxSequenceLength());
        g.writeNumberField("itemsWithTitle", s.itemsWithTitle());
        g.writeNumberField("itemsWithCategory", s.itemsWithCategory());
        g.writeNumberField("itemsWithDescription", s.itemsWithDescription());
        g.writeEndObject();
    }

    public static DatasetSnapshot decode(byte[] bytes) {
        try {
            return read(new ByteArrayInputStream(bytes));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    record ItemDto(String id, List<String> categoryPath, String title, String description) {
    }

    record UserDto(String id, int[] items, long[] timestamps) {
    }

    record SnapshotDto(String schema, int version, String name, String format, String sourceUri, DatasetStats stats,
                       List<ItemDto> items, List<UserDto> users) {
    }

    /**
     * Reads a snapshot written by {@link #write}.
     *
     * @throws IOException when the stream is not a readable snapshot of this schema and version
     */
    public static DatasetSnapshot read(InputStream in) throws IOException {
        SnapshotDto dto;
        try {
            dto = MAPPER.readValue(new GZIPInputStream(in, 1 << 16), SnapshotDto.class);
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw new IOException("not a recflow dataset snapshot: " + e.getOriginalMessage(), e);
        }
        if (!SCHEMA.equals(dto.schema()) || dto.version() != VERSION) {
            throw new IOException("not a recflow dataset snapshot of version " + VERSION + ": schema "
                    + dto.schema() + ", version " + dto.version());
        }
        if (dto.items() == null || dto.users() == null || dto.stats() == null) {
            throw new IOException("incomplete dataset snapshot: items, users and stats are required");
        }
        List<Item> items = new ArrayList<>(dto.items().size());
        for (ItemDto i : dto.items()) {
            items.add(new Item(items.size(), i.id(), i.categoryPath(), i.title(), i.description()));
        }
        List<UserSequence> users = new ArrayList<>(dto.users().size());
        for (UserDto u : dto.users()) {
            users.add(new UserSequence(u.id(), u.items() == null ? new int[0] : u.items(),
                    u.timestamps() == null ? new long[0] : u.timestamps()));
        }
        InteractionDataset dataset;
        try {
            dataset = new InteractionDataset(dto.name(), new ItemCatalog(items), users);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IOException("inconsistent dataset snapshot: " + e.getMessage(), e);
        }
        DatasetStats stats = dto.stats();
        if (stats.users() != users.size() || stats.items() != items.size()
                || stats.interactions() != dataset.interactionCount()) {
            throw new IOException("inconsistent dataset snapshot: stats say " + stats.users() + " users, "
                    + stats.items() + " items, " + stats.interactions() + " interactions; the data has "
                    + users.size() + ", " + items.size() + ", " + dataset.interactionCount());
        }
        return new DatasetSnapshot(dataset, dto.format(), dto.sourceUri(), stats);
    }
}
