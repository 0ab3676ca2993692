package io.recflow.cli.client;

import java.util.List;

/**
 * The platform refused a request, or could not be asked: the message is what a person can act on (the
 * problem's {@code detail}), {@code errors} each of the problem's {@code errors}.
 */
public class ApiException extends RuntimeException {

    private final List<String> errors;

    public ApiException(String message) {
        this(message, List.of());
    }

    public ApiException(String message, List<String> errors) {
        super(message);
        this.errors = List.copyOf(errors);
    }

    public List<String> errors() {
        return errors;
    }
}
