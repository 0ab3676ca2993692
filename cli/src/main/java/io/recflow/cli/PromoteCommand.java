package io.recflow.cli;

import picocli.CommandLine.Command;

/** {@code recflow promote NAME VERSION --reason R}. */
@Command(name = "promote", description = "points the champion alias (or ALIAS) of model NAME at VERSION")
final class PromoteCommand extends AliasMoveCommand {

    PromoteCommand(StandardStreams io) {
        super(io);
    }
}
