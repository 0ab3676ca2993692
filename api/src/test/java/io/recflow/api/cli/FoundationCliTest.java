package io.recflow.api.cli;

import io.recflow.api.access.TestTokens;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.recflow.activities.store.ArtifactHasher;
import io.recflow.api.infra.EmbeddedInfraTestResource;
import io.recflow.cli.CliRun;
import io.recflow.cli.CliRun.Result;
import io.recflow.ml.llm.TinyLlama;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;

import static io.recflow.api.pipelines.PipelineClient.dataDir;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code recflow foundation}: a GGUF imported through the CLI (which waits for the import), listed with its
 * source and licence, continued in the playground, and imported again as a no-op.
 */
@QuarkusTest
@WithTestResource(value = EmbeddedInfraTestResource.class, scope = TestResourceScope.GLOBAL)
class FoundationCliTest {

    private static final String NAME = "cli-llama";

    @TestHTTPResource("/")
    URL url;

    private Result run(String... args) {
        return new CliRun(url.toString(), TestTokens.admin()).run(args);
    }

    @Test
    void aFoundationModelIsImportedListedAndTriedThroughTheCli() throws IOException {
        Path gguf = TinyLlama.gguf(11, null)
                .write(Files.createDirectories(dataDir().resolve("gguf")).resolve("cli-llama.gguf"));
        String[] importArgs = {"foundation", "import", NAME, "--uri", gguf.toUri().toString(),
                "--sha256", ArtifactHasher.sha256(gguf), "--licence", "MIT"};

        Result imported = run(importArgs);
        assertEquals(0, imported.code(), imported::toString);
        assertTrue(imported.out().contains("foundation model " + NAME + "  IMPORTED"), imported::toString);
        assertTrue(imported.out().contains("licence MIT"), imported::toString);

        Result list = run("foundation", "list");
        assertEquals(0, list.code(), list::toString);
        assertTrue(list.out().lines().anyMatch(l -> l.startsWith(NAME) && l.contains("IMPORTED") && l.contains("MIT")),
                list::toString);

        Result generated = run("foundation", "generate", NAME, "hello there", "--max-tokens", "3");
        assertEquals(0, generated.code(), generated::toString);
        assertTrue(generated.out().startsWith("hello there"), generated::toString);
        assertTrue(generated.out().contains(", 3 new, "), generated::toString);

        Result again = run(importArgs);
        assertEquals(0, again.code(), again::toString);
        String model = imported.out().substring(imported.out().indexOf("foundation model "));
        assertEquals(model, again.out(), "importing again changes nothing and waits for nothing");

        Result half = run("foundation", "import", "other", "--uri", gguf.toUri().toString());
        assertEquals(2, half.code(), half::toString);
        assertTrue(half.err().contains("--uri and --sha256 go together"), half::toString);
    }
}
