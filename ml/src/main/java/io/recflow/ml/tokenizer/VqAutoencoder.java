package io.recflow.ml.tokenizer;

import ai.djl.ndarray.NDArray;
import io.recflow.ml.lora.AdaptedLinear;
import io.recflow.ml.train.ParameterStore;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The encoder and decoder of {@link LearnedVq}: per level an input projection to a common width, an
 * encoder trunk shared by all levels down to the latent space, a decoder trunk shared too, and a
 * per-level output projection back to the level's own width. Levels differ in width (the text
 * levels' embeddings against the collaborative level's), and projecting rather than zero-padding them
 * keeps a shared weight from meaning a text dimension for one level and a collaborative one for another.
 * Weights are LeCun-normal, from the caller's seeded {@link Random}.
 */
final class VqAutoencoder {

    private final List<AdaptedLinear> inputProjections = new ArrayList<>();
    private final AdaptedLinear encoderHidden;
    private final AdaptedLinear encoderOutput;
    private final AdaptedLinear decoderHidden;
    private final List<AdaptedLinear> outputProjections = new ArrayList<>();

    /** @param widths the input width of every level, in level order */
    VqAutoencoder(ParameterStore store, int[] widths, int hidden, int latent, Random random) {
        for (int l = 0; l < widths.length; l++) {
            inputProjections.add(linear(store, "level" + l + ".in", widths[l], hidden, random));
        }
        this.encoderHidden = linear(store, "encoder.hidden", hidden, hidden, random);
        this.encoderOutput = linear(store, "encoder.out", hidden, latent, random);
        this.decoderHidden = linear(store, "decoder.hidden", latent, hidden, random);
        for (int l = 0; l < widths.length; l++) {
            outputProjections.add(linear(store, "level" + l + ".out", hidden, widths[l], random));
        }
    }

    private static AdaptedLinear linear(ParameterStore store, String name, int in, int out, Random random) {
        return new AdaptedLinear(store, name, in, out, 1 / Math.sqrt(in), random);
    }

    /** The latent vectors (rows, latent) of level {@code level}'s inputs (rows, width). */
    NDArray encode(int level, NDArray inputs) {
        NDArray projected = gelu(inputProjections.get(level).forward(inputs, null));
        return encoderOutput.forward(gelu(encoderHidden.forward(projected, null)), null);
    }

    /** Level {@code level}'s reconstruction (rows, width) of latent vectors (rows, latent). */
    NDArray decode(int level, NDArray latent) {
        return outputProjections.get(level).forward(gelu(decoderHidden.forward(latent, null)), null);
    }

    private static NDArray gelu(NDArray x) {
        return x.getNDArrayInternal().gelu();
    }
}
