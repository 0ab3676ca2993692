package io.recflow.api.problem;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/**
 * An RFC 9457 problem document. {@code errors} lists every individual problem (e.g. each invalid spec
 * field) so a client can show them all at once.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Problem(String type, String title, int status, String detail, String instance, List<String> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";

    /** A problem of no more specific type than its status: RFC 9457's {@code about:blank}. */
    public static Problem of(int status, String title, String detail, String instance, List<String> errors) {
        return new Problem("about:blank", title, status, detail, instance, errors);
    }
}
