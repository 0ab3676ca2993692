package io.recflow.api.infra;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;
import io.recflow.api.launcher.Launch;
import io.recflow.api.launcher.RecflowApplication;
import io.recflow.bootstrap.BootstrapConfig;
import io.recflow.bootstrap.InProcessInfrastructure;
import io.recflow.bootstrap.InfraMode;
import io.recflow.cli.RecflowCli;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The entry point of the packaged application. In {@code recflow.mode=embedded} (the default) it starts
 * the embedded infrastructure (module embedded, when this build carries it) before Quarkus and hands the endpoints to Quarkus as system properties
 * (which outrank application.properties and the environment), so the datasource, Flyway, the artifact
 * store and the Temporal client all see them; it stops the infrastructure after Quarkus has stopped.
 * In {@code local} and {@code cluster} mode it only starts Quarkus: endpoints come from config.
 * <p>
 * Client commands ({@link RecflowCli}) are dispatched first and start nothing.
 * <p>
 * Not called by {@code @QuarkusTest} (use {@code EmbeddedInfraTestResource}) nor by dev mode.
 */
@QuarkusMain
public class RecflowMain {

    public static void main(String... args) {
        if (RecflowCli.handles(args)) {
            // Client commands talk to a running platform over HTTP: no infrastructure, no Quarkus.
            RecflowCli.main(args);
            return;
        }
        Launch launch;
        try {
            launch = Launch.parse(args);
        } catch (IllegalArgumentException e) {
            boolean help = args.length == 0 || List.of(args).contains("--help") || List.of(args).contains("-h");
            (help ? System.out : System.err).print(e.getMessage());
            System.exit(help ? 0 : 2);
            return;
        }
        if (launch.mode() != null) {
            System.setProperty(BootstrapConfig.MODE, launch.mode());
        }
        if (launch.command().equals("demo")) {
            // The demo's own lines are what a person reads; the platform's log goes to its file.
            System.setProperty("quarkus.log.console.level", "ERROR");
            System.setProperty("quarkus.banner.enabled", "false");
        }
        BootstrapConfig config = BootstrapConfig.fromEnvironment();
        InfraMode mode;
        try {
            mode = config.mode();
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        if (mode != InfraMode.EMBEDDED) {
            Quarkus.run(RecflowApplication.class, args);
            return;
        }
        InProcessInfrastructure.Starter starter = InProcessInfrastructure.starter().orElse(null);
        if (starter == null) {
            System.err.println("recflow: this build has no embedded infrastructure (it was built with -Drecflow.slim,"
                    + " like the Docker image); use --mode local or --mode cluster, or build the launcher's way:"
                    + " ./mvnw -pl api -am package");
            System.exit(2);
            return;
        }
        InProcessInfrastructure infra;
        try {
            infra = starter.start(config);
        } catch (RuntimeException e) {
            // Quarkus' logging is not set up yet: say it plainly.
            System.err.println("recflow: " + e.getMessage());
            System.exit(1);
            return;
        }
        infra.properties().forEach(System::setProperty);
        System.setProperty("recflow.data-dir", infra.dataDir().toString());

        // On SIGTERM Quarkus' own shutdown hook stops the application while ours waits for that to
        // finish, so the database and S3 go away only after the workers and the datasource are closed.
        CountDownLatch quarkusStopped = new CountDownLatch(1);
        try {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    quarkusStopped.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                infra.close();
            }, "recflow-infra-shutdown"));
        } catch (IllegalStateException shuttingDown) {
            // Stopped (Ctrl-C, SIGTERM) as the infrastructure came up. Its start hook stops it if the signal came
            // before start() returned; if it came just after, nothing would: close it here (closing twice is a no-op).
            System.err.println("recflow: stopped while starting");
            infra.close();
            return;
        }
        Quarkus.run(RecflowApplication.class, (exitCode, failure) -> {
            quarkusStopped.countDown();
            if (failure != null) {
                // This handler replaces Quarkus' default one, which is what would have printed the failure.
                System.err.println("recflow: the platform did not start: " + failure);
                for (Throwable cause = failure.getCause(); cause != null; cause = cause.getCause()) {
                    System.err.println("  caused by: " + cause);
                }
            }
            infra.close();
            System.exit(exitCode);
        }, args);
    }
}
