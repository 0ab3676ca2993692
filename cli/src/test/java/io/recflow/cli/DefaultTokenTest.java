package io.recflow.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

class DefaultTokenTest {

    /** The data directory's admin token signs requests to this machine's platform, and to no other server. */
    @Test
    void theLocalAdminTokenGoesOnlyToThisMachine(@TempDir Path dataDir) throws IOException {
        Files.writeString(dataDir.resolve(DefaultToken.FILE), "rft_local_secret\n");
        Map<String, String> env = Map.of("RECFLOW_DATA_DIR", dataDir.toString());
        for (String local : new String[] {"http://localhost:8080", "http://127.0.0.1:8080", "http://[::1]:8080",
                "http://LOCALHOST"}) {
            assertEquals(Optional.of("rft_local_secret"), DefaultToken.local(env, local), local);
        }
        for (String remote : new String[] {"https://staging.example.com", "http://10.0.0.5:8080",
                "http://localhost.example.com"}) {
            assertEquals(Optional.empty(), DefaultToken.local(env, remote), remote);
        }
        assertEquals(Optional.of("rft_given"), DefaultToken.given(Map.of("RECFLOW_TOKEN", " rft_given ")));
        assertEquals(Optional.empty(), DefaultToken.given(env));
    }
}
