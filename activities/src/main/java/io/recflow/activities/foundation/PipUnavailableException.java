package io.recflow.activities.foundation;

/** The worker cannot run {@code <python> -m pip}: a setup problem of the worker, not of the request. */
public class PipUnavailableException extends RuntimeException {

    PipUnavailableException(String message) {
        super(message);
    }
}
