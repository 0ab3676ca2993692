package io.recflow.api.problem;

import java.util.List;

/** Thrown by services for anything a client did wrong or asked for that is not there. */
public class ProblemException extends RuntimeException {

    private final int status;
    private final String title;
    private final List<String> errors;

    public ProblemException(int status, String title, String detail, List<String> errors) {
        super(detail);
        this.status = status;
        this.title = title;
        this.errors = List.copyOf(errors);
    }

    public static ProblemException badRequest(String detail, List<String> errors) {
        return new ProblemException(400, "Bad request", detail, errors);
    }

    public static ProblemException badRequest(String detail) {
        return badRequest(detail, List.of());
    }

    public static ProblemException notFound(String detail) {
        return new ProblemException(404, "Not found", detail, List.of());
    }

    public static ProblemException conflict(String detail) {
        return new ProblemException(409, "Conflict", detail, List.of());
    }

    public static ProblemException unavailable(String detail) {
        return new ProblemException(503, "Service unavailable", detail, List.of());
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }

    public List<String> errors() {
        return errors;
    }
}
