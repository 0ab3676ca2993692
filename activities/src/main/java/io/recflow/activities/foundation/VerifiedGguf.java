package io.recflow.activities.foundation;

import java.nio.file.Path;
import java.util.Map;

/**
 * A local GGUF whose sha256 matched its pin.
 *
 * @param label      how messages name it (the URI, or the wheel and path inside it)
 * @param provenance where it came from, for the artifact's lineage metadata
 */
record VerifiedGguf(Path file, String label, String sha256, long size, String licence,
                    Map<String, Object> provenance) {
}
