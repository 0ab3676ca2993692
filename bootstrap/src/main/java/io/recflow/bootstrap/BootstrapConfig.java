package io.recflow.bootstrap;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.function.Function;

/**
 * The few settings needed before Quarkus starts (its config does not exist yet), looked up the way
 * MicroProfile Config would: system property, then environment variable ({@code recflow.data-dir} ->
 * {@code RECFLOW_DATA_DIR}), then {@code application.properties} on the class path (unprofiled keys).
 */
public final class BootstrapConfig {

    public static final String MODE = "recflow.mode";
    public static final String DATA_DIR = "recflow.data-dir";

    private final Function<String, String> lookup;

    BootstrapConfig(Function<String, String> lookup) {
        this.lookup = lookup;
    }

    /** System properties, environment, then application.properties from the context class loader. */
    public static BootstrapConfig fromEnvironment() {
        Properties app = new Properties();
        ClassLoader cl = Thread.currentThread().getContextClassLoader();
        try (InputStream in = cl == null ? null : cl.getResourceAsStream("application.properties")) {
            if (in != null) {
                app.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read application.properties", e);
        }
        Map<String, String> env = System.getenv();
        return new BootstrapConfig(key -> {
            String value = System.getProperty(key);
            if (value == null) {
                value = env.get(environmentName(key));
            }
            if (value == null) {
                value = app.getProperty(key);
            }
            return value;
        });
    }

    /** The environment variable of a key, as MicroProfile Config maps it: {@code recflow.data-dir -> RECFLOW_DATA_DIR}. */
    public static String environmentName(String key) {
        return key.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
    }

    public String get(String key, String defaultValue) {
        String value = lookup.apply(key);
        return value == null || value.isBlank() ? defaultValue : value.trim();
    }

    public int getInt(String key, int defaultValue) {
        String value = get(key, null);
        try {
            return value == null ? defaultValue : Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a number, not '" + value + "'", e);
        }
    }

    public InfraMode mode() {
        return InfraMode.parse(get(MODE, "embedded"));
    }

    public Path dataDir() {
        return Path.of(get(DATA_DIR, ".recflow"));
    }
}
