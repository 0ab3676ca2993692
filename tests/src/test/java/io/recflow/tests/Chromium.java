package io.recflow.tests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** Debian's headless Chromium: a page's screenshot and its rendered DOM, as a person's browser shows it. */
final class Chromium {

    private Chromium() {
    }

    static Optional<Path> binary() {
        for (String candidate : List.of(System.getProperty("recflow.e2e.chromium", ""), "/usr/bin/chromium",
                "/usr/bin/chromium-browser", "/usr/bin/google-chrome")) {
            if (!candidate.isBlank() && Files.isExecutable(Path.of(candidate))) {
                return Optional.of(Path.of(candidate));
            }
        }
        return Optional.empty();
    }

    /** Saves a PNG of {@code url} after the page had {@code budgetMs} of (virtual) time to render. */
    static Path screenshot(String url, Path png, int budgetMs) {
        run(url, List.of("--screenshot=" + png, "--window-size=1600,1300", "--hide-scrollbars"), budgetMs, png);
        return png;
    }

    /** The DOM of {@code url} after rendering: what the page shows, as text to assert on. */
    static String dom(String url, int budgetMs) {
        Path out = E2e.work().resolve("chromium-dom.html");
        run(url, List.of("--dump-dom"), budgetMs, out);
        try {
            return Files.readString(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void run(String url, List<String> what, int budgetMs, Path output) {
        Path chromium = binary().orElseThrow(() -> new AssertionError("no chromium: apt-get install -y chromium"));
        List<String> command = new ArrayList<>(List.of(chromium.toString(), "--headless", "--no-sandbox",
                "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--disable-dev-shm-usage", "--user-data-dir=" + E2e.work().resolve("chromium-profile"),
                "--virtual-time-budget=" + budgetMs));
        command.addAll(what);
        command.add(url);
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(E2e.work().resolve("chromium.log").toFile());
        if (what.contains("--dump-dom")) {
            builder.redirectOutput(output.toFile());
        } else {
            builder.redirectOutput(ProcessBuilder.Redirect.appendTo(E2e.work().resolve("chromium.log").toFile()));
        }
        try {
            Files.createDirectories(output.getParent());
            Process process = builder.start();
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("chromium did not finish in 120 s: " + command);
            }
            if (process.exitValue() != 0) {
                throw new AssertionError("chromium exited " + process.exitValue() + "; see "
                        + E2e.work().resolve("chromium.log"));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
