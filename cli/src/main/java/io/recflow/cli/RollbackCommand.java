package io.recflow.cli;

import picocli.CommandLine.Command;

/** {@code recflow rollback NAME VERSION --reason R}. */
@Command(name = "rollback", description = {"moves the champion alias (or ALIAS) of model NAME back to VERSION",
        "E.g. after a regression."})
final class RollbackCommand extends AliasMoveCommand {

    RollbackCommand(StandardStreams io) {
        super(io);
    }
}
