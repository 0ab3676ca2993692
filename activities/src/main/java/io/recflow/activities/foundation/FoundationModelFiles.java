package io.recflow.activities.foundation;

import io.recflow.activities.input.BadInputException;
import io.recflow.activities.lineage.ArtifactEntity;
import io.recflow.activities.lineage.ArtifactRecords;
import io.recflow.activities.stage.StageStep;
import io.recflow.activities.store.ArtifactStore;
import io.recflow.workflows.ArtifactRef;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * An imported foundation model's files: found by name, and unpacked from its {@code foundation-model}
 * artifact into a work folder — in a pipeline stage read through the stage's step, so lineage records
 * that the step used it.
 */
@ApplicationScoped
public class FoundationModelFiles {

    @Inject
    FoundationModelRegistry registry;
    @Inject
    ArtifactRecords artifacts;
    @Inject
    ArtifactStore store;
    @ConfigProperty(name = "recflow.foundation.work-dir")
    Path workDir;

    /** The artifact of the model imported as {@code name}; bad input when there is none (it was deleted since submit). */
    public ArtifactRef artifactOf(String name) {
        return registry.find(name)
                .flatMap(model -> artifacts.artifact(model.getArtifactId()))
                .map(ArtifactEntity::toRef)
                .orElseThrow(() -> new BadInputException(null, 0, "training.backbone",
                        "no foundation model '" + name + "' is imported"));
    }

    /** The imported directory of {@code model}, which {@code step} used; close it to delete the files. */
    public UnpackedFoundationModel unpack(StageStep step, ArtifactRef model) {
        return unpack(model, tar -> step.read(model, in -> Files.copy(in, tar)));
    }

    /** As {@link #unpack(StageStep, ArtifactRef)} outside a pipeline stage (serving, the playground): read from the store. */
    public UnpackedFoundationModel unpack(ArtifactRef model) {
        return unpack(model, tar -> store.download(model, tar));
    }

    private interface TarCopy {
        void to(Path tar) throws IOException;
    }

    private UnpackedFoundationModel unpack(ArtifactRef model, TarCopy copy) {
        WorkFolder folder = WorkFolder.create(workDir, "foundation-");
        try {
            Path tar = folder.resolve("model.tar");
            copy.to(tar);
            Path directory = folder.resolve("imported");
            ImportedModelTar.extract(tar, directory);
            Files.delete(tar);
            return new UnpackedFoundationModel(model, directory, folder);
        } catch (IOException e) {
            folder.close();
            throw new UncheckedIOException("cannot unpack foundation model " + model.uri(), e);
        } catch (RuntimeException e) {
            folder.close();
            throw e;
        }
    }
}
