package io.recflow.api.problem;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;

import java.util.Optional;

/**
 * The gRPC status inside a failed Temporal call (the SDK wraps it in its own exceptions): what tells a missing
 * workflow or schedule from a server that cannot be reached.
 */
public final class TemporalErrors {

    private TemporalErrors() {
    }

    /** The status code somewhere in the failure's causes, if a gRPC call failed. */
    public static Optional<Status.Code> code(Throwable failure) {
        return status(failure).map(s -> s.getStatus().getCode());
    }

    /** Whether the call failed because the server was not reachable or did not answer in time. */
    public static boolean unreachable(Throwable failure) {
        return code(failure).filter(c -> c == Status.Code.UNAVAILABLE || c == Status.Code.DEADLINE_EXCEEDED)
                .isPresent();
    }

    /** The gRPC status and description, for a message ("UNAVAILABLE: io exception"). */
    public static String describe(Throwable failure) {
        return status(failure).map(s -> s.getStatus().getCode() + (s.getStatus().getDescription() == null ? ""
                : ": " + s.getStatus().getDescription())).orElse(String.valueOf(failure.getMessage()));
    }

    private static Optional<StatusRuntimeException> status(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof StatusRuntimeException s) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }
}
