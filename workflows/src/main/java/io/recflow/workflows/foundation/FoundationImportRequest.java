package io.recflow.workflows.foundation;

/**
 * What to import. With only a {@code name}, the model comes from the catalogue (a pinned PyPI wheel
 * holding a GGUF). With a {@code uri}, it is a local {@code file://} GGUF (under the allowed roots)
 * whose {@code sha256} must be given; {@code licence} is then the user's statement of its licence.
 */
public record FoundationImportRequest(String name, String uri, String sha256, String licence) {

    public boolean fromCatalogue() {
        return uri == null || uri.isBlank();
    }
}
