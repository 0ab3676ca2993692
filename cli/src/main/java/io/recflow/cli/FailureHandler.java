package io.recflow.cli;

import io.recflow.cli.client.ApiException;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

import java.io.PrintWriter;

/**
 * A command that failed: the API's problem detail as {@code error: ...} and each of its errors on stderr,
 * exit 1. Anything else is a bug and keeps its stack trace.
 */
final class FailureHandler implements CommandLine.IExecutionExceptionHandler {

    static final int EXIT_CODE = 1;

    @Override
    public int handleExecutionException(Exception e, CommandLine command, ParseResult parsed) throws Exception {
        if (!(e instanceof ApiException) && !(e instanceof CommandFailure)) {
            throw e;
        }
        PrintWriter err = command.getErr();
        err.println("error: " + e.getMessage());
        if (e instanceof ApiException problem) {
            problem.errors().forEach(detail -> err.println("  - " + detail));
        }
        err.flush();
        return EXIT_CODE;
    }
}
