package io.recflow.activities.lineage;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The build wrote down the commit it was made from: the one this checkout is at (the tests run in it). */
class PlatformBuildTest {

    @Test
    void namesTheCommitOfThisCheckout() throws IOException, InterruptedException {
        PlatformBuild build = PlatformBuild.current();
        assertNotNull(build.version());
        assertNotNull(build.commit(), "the build ran in a git checkout, so it knows the commit");
        Process git = new ProcessBuilder("git", "rev-parse", "HEAD").redirectErrorStream(true).start();
        String head = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertEquals(0, git.waitFor(), head);
        assertTrue(head.startsWith(build.commit()), build.commit() + " is not a prefix of HEAD " + head);
        assertTrue(build.describe().startsWith(build.version() + "+" + build.commit()), build.describe());
    }
}
