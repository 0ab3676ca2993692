package io.recflow.activities.foundation;

import io.recflow.workflows.foundation.FoundationImportRequest;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What is wrong with an import request before anything is fetched: the API answers 400 with these, the
 * activity refuses the same request as bad input.
 */
public final class ImportRequestCheck {

    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9.-]{0,62}");

    private ImportRequestCheck() {
    }

    /** The sha256 of the GGUF a valid request imports: the catalogue's pin, or the one the user gave. */
    public static String pinnedGgufSha256(FoundationImportRequest request) {
        return request.fromCatalogue() ? FoundationCatalogue.find(request.name()).orElseThrow().ggufSha256()
                : request.sha256();
    }

    /** Every problem as {@code field: message}; empty when the request can be imported. */
    public static List<String> problems(FoundationImportRequest request) {
        List<String> problems = new ArrayList<>();
        if (request == null || request.name() == null || !NAME.matcher(request.name()).matches()) {
            problems.add("name: must be 1 to 63 lower-case letters, digits, '.' or '-', starting with a letter or"
                    + " digit, e.g. smollm2-135m");
            return problems;
        }
        if (request.fromCatalogue()) {
            if (FoundationCatalogue.find(request.name()).isEmpty()) {
                problems.add("name: '" + request.name() + "' is not in the catalogue " + FoundationCatalogue.names()
                        + "; to import your own GGUF give its uri (file://...), sha256 and licence");
            }
            if (request.sha256() != null || request.licence() != null) {
                problems.add("sha256, licence: only for a uri; the catalogue pins them for '" + request.name() + "'");
            }
            return problems;
        }
        if (!request.uri().startsWith("file://")) {
            problems.add("uri: must be a file:// URI of a GGUF file under the allowed roots");
        }
        if (!Sha256Check.isSha256(request.sha256())) {
            problems.add("sha256: required with a uri, 64 lower-case hex digits (sha256sum of the GGUF)");
        }
        if (request.licence() == null || request.licence().isBlank()) {
            problems.add("licence: required with a uri, e.g. Apache-2.0 (it is recorded with the model)");
        }
        return problems;
    }
}
