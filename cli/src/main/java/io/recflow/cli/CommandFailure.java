package io.recflow.cli;

/** A command that cannot do its job for a reason outside the API (a spec file that is missing or not JSON): exit 1. */
final class CommandFailure extends RuntimeException {

    CommandFailure(String message) {
        super(message);
    }
}
