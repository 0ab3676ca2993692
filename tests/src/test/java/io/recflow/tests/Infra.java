package io.recflow.tests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** The infra/ scripts, as an operator runs them: stop or start one real server. */
final class Infra {

    private Infra() {
    }

    static void stop(String service) {
        run("stop.sh", service);
    }

    static void start(String service) {
        run("start.sh", service);
    }

    private static void run(String script, String service) {
        Path log = E2e.work().resolve("infra.log");
        ProcessBuilder builder = new ProcessBuilder("bash", E2e.repo().resolve("infra").resolve(script).toString(),
                service).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        try {
            Process process = builder.start();
            if (!process.waitFor(180, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("infra/" + script + " " + service + " did not finish in 180 s; see " + log);
            }
            if (process.exitValue() != 0) {
                throw new AssertionError("infra/" + script + " " + service + " exited " + process.exitValue()
                        + "; see " + log);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
