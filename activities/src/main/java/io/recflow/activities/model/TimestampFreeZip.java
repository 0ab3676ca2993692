package io.recflow.activities.model;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * The container of model artifacts: a zip whose entries carry no timestamps, so the same model always has
 * the same bytes and so the same content address.
 */
final class TimestampFreeZip {

    private TimestampFreeZip() {
    }

    /** The entries, in the given order (a {@link LinkedHashMap} keeps the bytes stable). */
    static byte[] write(LinkedHashMap<String, byte[]> entries) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                ZipEntry entry = new ZipEntry(e.getKey());
                entry.setTime(0);
                zip.putNextEntry(entry);
                zip.write(e.getValue());
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** Every entry, by name. */
    static Map<String, byte[]> read(InputStream in) throws IOException {
        Map<String, byte[]> entries = new HashMap<>();
        try (ZipInputStream zip = new ZipInputStream(in)) {
            for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
                entries.put(e.getName(), zip.readAllBytes());
            }
        }
        return entries;
    }

    /** {@code entries}, refused unless each of {@code required} is there. */
    static Map<String, byte[]> require(Map<String, byte[]> entries, String... required) throws IOException {
        for (String name : required) {
            if (!entries.containsKey(name)) {
                throw new IOException("not a recflow model: the bundle has no " + name);
            }
        }
        return entries;
    }
}
