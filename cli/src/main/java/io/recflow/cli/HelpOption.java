package io.recflow.cli;

import picocli.CommandLine.Option;

/** {@code -h/--help} on every command: its usage, options and what it does. */
final class HelpOption {

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "show this help")
    boolean help;
}
