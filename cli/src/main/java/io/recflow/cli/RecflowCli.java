package io.recflow.cli;

import io.recflow.cli.client.RecflowApi;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * The client half of {@code ./recflow}: commands that talk to a running platform over its REST API and never
 * start anything themselves. The platform's URL is {@code --url}, else {@code RECFLOW_URL}, else
 * {@code http://localhost:8080}; its token is {@code --token}, else {@code RECFLOW_TOKEN}, else the admin
 * token the platform wrote to its data directory ({@link DefaultToken}). Exit codes: 0 success, 1 failure (the API's problem detail is printed as
 * {@code error: ...}), 2 usage error.
 */
@Command(name = "recflow", description = "client commands (talk to a running platform; --url URL or RECFLOW_URL, "
        + "default " + RecflowApi.DEFAULT_URL + "); every command takes --help, --json (the API's JSON, for "
        + "scripts) and --url URL")
public final class RecflowCli implements Callable<Integer> {

    private final CommandLine commandLine;
    private final StandardStreams io;
    private final Map<String, String> env;

    @Spec
    CommandSpec spec;

    @Mixin
    HelpOption help;

    public RecflowCli(PrintStream out, PrintStream err, InputStream in, Map<String, String> env) {
        io = new StandardStreams(out, err, in);
        this.env = Map.copyOf(env);
        commandLine = new CommandLine(this)
                .addSubcommand(new PipelineCommand(io))
                .addSubcommand(new SweepCommand(io))
                .addSubcommand(new LineageCommand(io))
                .addSubcommand(new ModelsCommand(io))
                .addSubcommand(new PromoteCommand(io))
                .addSubcommand(new RollbackCommand(io))
                .addSubcommand(new RecommendCommand(io))
                .addSubcommand(new FoundationCommand(io))
                .addSubcommand(new TokenCommand(io))
                .addSubcommand(new AuditCommand(io))
                .addSubcommand(new GcCommand(io))
                .setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(err, true))
                .setColorScheme(CommandLine.Help.defaultColorScheme(CommandLine.Help.Ansi.OFF))
                .setParameterExceptionHandler(new UsageErrorHandler())
                .setExecutionExceptionHandler(new FailureHandler());
        String url = env.getOrDefault("RECFLOW_URL", "");
        String defaultUrl = url.isBlank() ? RecflowApi.DEFAULT_URL : url;
        // Set last: picocli hands the provider to the commands registered so far.
        commandLine.setDefaultValueProvider(arg -> {
            if (!(arg instanceof OptionSpec option)) {
                return null;
            }
            return switch (option.longestName()) {
                case ClientOptions.URL -> defaultUrl;
                case ClientOptions.TOKEN -> DefaultToken.given(env).orElse(null);
                default -> null;
            };
        });
        lowercaseUsageHeading(commandLine);
    }

    /** The token a command signs with when it was given none ({@link DefaultToken#local}), or null. */
    String localToken(String url) {
        return DefaultToken.local(env, url).orElse(null);
    }

    public static void main(String... args) {
        System.exit(new RecflowCli(System.out, System.err, System.in, System.getenv()).run(args));
    }

    /** Whether {@code args} is a client command line (its first argument names one of the commands). */
    public static boolean handles(String... args) {
        return args.length > 0 && new RecflowCli(System.out, System.err, System.in, Map.of()).commandLine
                .getSubcommands().containsKey(args[0]);
    }

    /** The commands, one a line with what each does, for the launcher's usage. */
    public static String summary() {
        RecflowCli cli = new RecflowCli(System.out, System.err, System.in, Map.of());
        CommandLine.Help help = cli.commandLine.getHelp();
        return help.description() + help.commandList();
    }

    /** Runs a client command line; returns the exit code. */
    public int run(String... args) {
        try {
            return commandLine.execute(args);
        } finally {
            io.out().flush();
            io.err().flush();
        }
    }

    /** {@code recflow} alone: which command is meant? */
    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "missing a command");
    }

    /** "usage: recflow pipeline start ...", as the commands have always begun their help. */
    private static void lowercaseUsageHeading(CommandLine command) {
        command.getCommandSpec().usageMessage().synopsisHeading("usage: ");
        command.getSubcommands().values().forEach(RecflowCli::lowercaseUsageHeading);
    }
}
