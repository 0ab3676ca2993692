package io.recflow.api.cli.client;

import java.util.List;

/** What ends a client command early: a usage error (exit 2) or a failure (exit 1). */
class CliException extends RuntimeException {

    final List<String> details;

    CliException(String message) {
        this(message, List.of());
    }

    CliException(String message, List<String> details) {
        super(message);
        this.details = details;
    }

    int exitCode() {
        return 1;
    }

    /** The command line is wrong; {@code usage} is the command's help text. */
    static final class Usage extends CliException {

        final String usage;

        Usage(String message, String usage) {
            super(message);
            this.usage = usage;
        }

        @Override
        int exitCode() {
            return 2;
        }
    }
}
