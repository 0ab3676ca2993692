package io.recflow.ml.train;

import ai.djl.Device;
import ai.djl.engine.Engine;

import java.util.Locale;

/** Chooses where a model lives: the same code runs on a GPU when one is present and wanted, else on the CPU. */
public final class Devices {

    private Devices() {
    }

    /** {@code auto} and {@code gpu} take the first GPU when the engine sees one, otherwise the CPU; {@code cpu} is the CPU. */
    public static Device select(String preference) {
        return switch (preference.toLowerCase(Locale.ROOT)) {
            case "auto", "gpu" -> Engine.getInstance().getGpuCount() > 0 ? Device.gpu() : Device.cpu();
            case "cpu" -> Device.cpu();
            default -> throw new IllegalArgumentException("device must be auto, cpu or gpu, was '" + preference + "'");
        };
    }
}
