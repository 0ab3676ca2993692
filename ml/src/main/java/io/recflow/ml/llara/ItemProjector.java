package io.recflow.ml.llara;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import io.recflow.ml.train.Initialization;
import io.recflow.ml.train.Parameter;
import io.recflow.ml.train.ParameterStore;

import java.util.Random;

/**
 * LLaRA's projector from the sequence encoder's item embeddings into the language model's input
 * embedding space: Linear(d_enc, d_lm), GELU, Linear(d_lm, d_lm), initialised as PyTorch's
 * {@code nn.Linear}. Its parameters form their own group with a weight decay (LLaRA: 1e-5).
 */
final class ItemProjector {

    static final String NAME = "llara.projector";

    private final Parameter inWeight;
    private final Parameter inBias;
    private final Parameter outWeight;
    private final Parameter outBias;

    ItemProjector(ParameterStore store, int encoderDim, int modelDim, float weightDecay, Random random) {
        this.inWeight = store.add(NAME + ".0.weight", new Shape(modelDim, encoderDim),
                Initialization.kaimingUniform(random, modelDim * encoderDim, encoderDim), 1f, weightDecay);
        this.inBias = store.add(NAME + ".0.bias", new Shape(modelDim),
                Initialization.kaimingUniform(random, modelDim, encoderDim), 1f, weightDecay);
        this.outWeight = store.add(NAME + ".2.weight", new Shape(modelDim, modelDim),
                Initialization.kaimingUniform(random, modelDim * modelDim, modelDim), 1f, weightDecay);
        this.outBias = store.add(NAME + ".2.bias", new Shape(modelDim),
                Initialization.kaimingUniform(random, modelDim, modelDim), 1f, weightDecay);
    }

    /** (items, d_lm) input embeddings from (items, d_enc) item embeddings. */
    NDArray project(NDArray embeddings) {
        NDArray hidden = embeddings.getNDArrayInternal().linear(embeddings, inWeight.array(), inBias.array())
                .singletonOrThrow().getNDArrayInternal().gelu();
        return hidden.getNDArrayInternal().linear(hidden, outWeight.array(), outBias.array()).singletonOrThrow();
    }

    static boolean owns(Parameter parameter) {
        return parameter.name().startsWith(NAME + ".");
    }
}
