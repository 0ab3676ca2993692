package io.recflow.api.launcher;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.QuarkusApplication;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.nio.file.Path;
import java.util.Optional;

/** What the launcher does once the platform is up: run the demo, or just serve until Ctrl-C. */
public class RecflowApplication implements QuarkusApplication {

    @Inject
    DemoCommand demo;
    @ConfigProperty(name = "recflow.temporal.ui-url")
    Optional<String> temporalUi;
    @ConfigProperty(name = "recflow.auth.admin-token-file")
    Path adminTokenFile;

    @Override
    public int run(String... args) {
        Launch launch = Launch.parse(args);
        if (launch.command().equals("demo")) {
            int code = demo.run();
            if (launch.exitAfterDemo() || code != 0) {
                return code;
            }
        }
        System.out.println("recflow is serving at " + demo.baseUrl() + " (Ctrl-C to stop); sign in to the console"
                + " there with the admin token in " + adminTokenFile.toAbsolutePath());
        System.out.println(temporalUi.map(ui -> "the Temporal UI, with every run's workflow history: " + ui)
                .orElse("the Temporal UI: not known (the in-memory test server has none; elsewhere set"
                        + " recflow.temporal.ui-url)"));
        Quarkus.waitForExit();
        return 0;
    }
}
