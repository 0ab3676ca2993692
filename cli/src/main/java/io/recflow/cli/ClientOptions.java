package io.recflow.cli;

import io.recflow.cli.client.RecflowApi;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * What every command that talks to the platform takes: where the platform is, the token to sign in with, and
 * whether to print the API's JSON instead of text. {@code --url}'s default comes from {@code RECFLOW_URL},
 * {@code --token}'s from {@code RECFLOW_TOKEN} or the data directory (see {@link RecflowCli}).
 */
final class ClientOptions {

    static final String URL = "--url";
    static final String TOKEN = "--token";

    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    @Option(names = URL, paramLabel = "URL",
            description = "the platform to talk to (default: ${DEFAULT-VALUE}; set RECFLOW_URL to change it)")
    String url;

    // No ${DEFAULT-VALUE} in the description: help must never print a token.
    @Option(names = TOKEN, paramLabel = "TOKEN", description = "the API token to sign requests with (default:"
            + " RECFLOW_TOKEN, else, for a platform on this machine, the admin token in its data directory,"
            + " $RECFLOW_DATA_DIR/admin.token, .recflow/admin.token when unset)")
    String token;

    @Option(names = "--json", description = "print the API's JSON, for scripts")
    boolean json;

    @Mixin
    HelpOption help;

    RecflowApi api() {
        String signWith = token != null ? token : ((RecflowCli) command.root().userObject()).localToken(url);
        try {
            return new RecflowApi(url, signWith);
        } catch (IllegalArgumentException e) {
            throw usageError(URL + " must be an http(s) URL like " + RecflowApi.DEFAULT_URL + ", got '" + url + "'");
        }
    }

    /** A command line that is wrong in a way only the command sees: exit 2 with the command's usage. */
    ParameterException usageError(String message) {
        return new ParameterException(command.commandLine(), message);
    }
}
