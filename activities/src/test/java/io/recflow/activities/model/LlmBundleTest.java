package io.recflow.activities.model;

import io.recflow.workflows.ArtifactKind;
import io.recflow.workflows.ArtifactRef;
import io.recflow.workflows.spec.TrainingSpec;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LlmBundleTest {

    private static final ArtifactRef FOUNDATION = new ArtifactRef("s3://b/artifacts/foundation-model/ab", "ab", 540,
            ArtifactKind.FOUNDATION_MODEL);

    private static LlmBundle bundle() {
        ModelManifest manifest = new ModelManifest(ModelManifest.LANGUAGE_MODEL_FORMAT, null, null, null, null,
                TrainingSpec.builder().backbone("smollm2-135m").build(), 7, "cpu", Map.of("finetuneLoss", 1.5),
                Map.of("finetune", List.of(2.0, 1.5)));
        return new LlmBundle(manifest, FOUNDATION, new byte[]{1, 2, 3});
    }

    @Test
    void itReadsBackWhatWasWrittenAndTheSameBundleHasTheSameBytes() throws IOException {
        byte[] written = bundle().write();

        LlmBundle read = LlmBundle.read(new ByteArrayInputStream(written));
        assertEquals(FOUNDATION, read.foundationModel());
        assertArrayEquals(new byte[]{1, 2, 3}, read.trained());
        assertEquals(bundle().manifest(), read.manifest());
        assertArrayEquals(written, bundle().write());
    }

    @Test
    void aStoredArtifactTellsItApartFromAGenerativeBundle() throws IOException {
        ModelArtifact languageModel = ModelArtifact.read(new ByteArrayInputStream(bundle().write()));
        assertTrue(languageModel.isLanguageModel());
        assertEquals(FOUNDATION, languageModel.languageModel().foundationModel());
        byte[] generative = ModelBundle.write(bundle().manifest(), new byte[0], new byte[0], new byte[0]);
        assertFalse(ModelArtifact.read(new ByteArrayInputStream(generative)).isLanguageModel());
    }

    @Test
    void aGenerativeBundleIsNotReadAsALanguageModel() throws IOException {
        byte[] generative = ModelBundle.write(bundle().manifest(), new byte[0], new byte[0], new byte[0]);
        IOException refused = assertThrows(IOException.class,
                () -> ModelArtifact.read(new ByteArrayInputStream(generative)).languageModel());
        assertTrue(refused.getMessage().contains("foundation-model.json"), refused.getMessage());
    }
}
