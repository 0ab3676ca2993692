package io.recflow.cli;

import picocli.CommandLine;
import picocli.CommandLine.MissingParameterException;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

import java.io.PrintWriter;

/**
 * A wrong command line: {@code error: ...} and the command's usage on stderr, exit 2. picocli's messages
 * are put in the words the commands have always used, since people and scripts match them.
 */
final class UsageErrorHandler implements CommandLine.IParameterExceptionHandler {

    static final int EXIT_CODE = 2;

    @Override
    public int handleParseException(ParameterException e, String[] args) {
        CommandLine command = e.getCommandLine();
        PrintWriter err = command.getErr();
        err.println("error: " + message(e));
        command.usage(err);
        err.flush();
        return EXIT_CODE;
    }

    private static String message(ParameterException e) {
        if (e instanceof MissingParameterException missing && !missing.getMissing().isEmpty()) {
            ArgSpec arg = missing.getMissing().get(0);
            // A positional's description says what it is ("the pipeline ID"): "missing the pipeline ID".
            return arg instanceof OptionSpec option ? option.longestName() + " is required"
                    : "missing " + arg.description()[0];
        }
        if (e instanceof UnmatchedArgumentException unmatched && !unmatched.getUnmatched().isEmpty()) {
            String arg = unmatched.getUnmatched().get(0);
            CommandLine command = e.getCommandLine();
            if (arg.startsWith("-")) {
                return "unknown option '" + arg + "'";
            }
            return command.getSubcommands().isEmpty() ? "unexpected argument '" + arg + "'"
                    : "unknown " + command.getCommandName() + " subcommand '" + arg + "'";
        }
        if (e.getCause() instanceof CommandLine.TypeConversionException && e.getArgSpec() != null
                && e.getArgSpec().type() == int.class) {
            return name(e.getArgSpec()) + " must be a whole number, got '" + e.getValue() + "'";
        }
        return e.getMessage();
    }

    private static String name(ArgSpec arg) {
        return arg instanceof PositionalParamSpec positional ? positional.paramLabel()
                : ((OptionSpec) arg).longestName();
    }
}
