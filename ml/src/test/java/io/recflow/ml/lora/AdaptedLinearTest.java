package io.recflow.ml.lora;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.recflow.ml.train.Dropout;
import io.recflow.ml.train.Initialization;
import io.recflow.ml.train.NamedTensor;
import io.recflow.ml.train.ParameterStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

class AdaptedLinearTest {

    private static final int IN = 6;
    private static final int OUT = 5;
    private static final int ROWS = 3;
    private static final int TOKENS = 4;

    private NDManager manager;

    @BeforeEach
    void open() {
        manager = NDManager.newBaseManager();
    }

    @AfterEach
    void close() {
        manager.close();
    }

    private static AdapterConfig moe(int experts, int rank) {
        return new AdapterConfig(AdapterConfig.Kind.MOE_LORA, experts, rank, 32, 7, 0.3);
    }

    private NDArray input() {
        return manager.create(Initialization.normal(new Random(3), ROWS * TOKENS * IN, 1), new Shape(ROWS, TOKENS, IN));
    }

    private NDArray representations(int dim) {
        return manager.create(Initialization.normal(new Random(4), ROWS * dim, 1), new Shape(ROWS, dim));
    }

    /** Gives every LoRA up-projection nonzero values, as training would. */
    private static void perturbUp(ParameterStore store, String name, long seed) {
        long[] shape = store.get(name + ".lora_b").shape().getShape();
        float[] values = Initialization.normal(new Random(seed), (int) (shape[0] * shape[1]), 0.1);
        store.load(List.of(new NamedTensor(name + ".lora_b", shape, values)));
    }

    @Test
    void zeroUpProjectionLeavesTheBaseOutput() {
        ParameterStore store = new ParameterStore(manager);
        AdaptedLinear layer = new AdaptedLinear(store, "l", IN, OUT, 0.5, new Random(1));
        NDArray x = input();
        float[] base = layer.forward(x, null).toFloatArray();
        AdapterConfig config = moe(4, 8);
        ExpertGate gate = new ExpertGate(store, "gate", config, new Random(2));
        layer.attach(config, new Random(2));
        NDArray g = gate.mixture(representations(config.gateInputDim()));
        assertArrayEquals(base, layer.forward(x, g).toFloatArray());
        assertArrayEquals(new float[OUT * 8], store.get("l.lora_b").array().toFloatArray());
    }

    @Test
    void gateWeightsArePerInstanceDistributions() {
        ParameterStore store = new ParameterStore(manager);
        AdapterConfig config = moe(4, 8);
        float[] g = new ExpertGate(store, "gate", config, new Random(2))
                .weights(representations(config.gateInputDim())).toFloatArray();
        for (int r = 0; r < ROWS; r++) {
            float sum = 0;
            for (int e = 0; e < 4; e++) {
                float w = g[r * 4 + e];
                assertEquals(true, w > 0 && w < 1);
                sum += w;
            }
            assertEquals(1f, sum, 1e-6f);
        }
        assertFalse(g[0] == g[4] && g[1] == g[5], "different representations, different mixtures");
        assertEquals(0.3f, store.get("gate.weight").learningRateScale());
    }

    @Test
    void oneExpertMoeLoraEqualsPlainLora() {
        NDArray x = input();
        AdapterConfig oneExpert = moe(1, 4);
        AdapterConfig plain = new AdapterConfig(AdapterConfig.Kind.LORA, 1, 4, 32, 7, 0.3);
        ParameterStore moeStore = new ParameterStore(manager);
        AdaptedLinear moeLayer = new AdaptedLinear(moeStore, "l", IN, OUT, 0.5, new Random(1));
        ExpertGate gate = new ExpertGate(moeStore, "gate", oneExpert, new Random(9));
        moeLayer.attach(oneExpert, new Random(2));
        ParameterStore loraStore = new ParameterStore(manager);
        AdaptedLinear loraLayer = new AdaptedLinear(loraStore, "l", IN, OUT, 0.5, new Random(1));
        loraLayer.attach(plain, new Random(2));
        perturbUp(moeStore, "l", 5);
        perturbUp(loraStore, "l", 5);
        assertArrayEquals(moeStore.get("l.lora_a").array().toFloatArray(), loraStore.get("l.lora_a").array().toFloatArray());

        float[] gated = moeLayer.forward(x, gate.mixture(representations(7))).toFloatArray();
        float[] ungated = loraLayer.forward(x, null).toFloatArray();
        assertArrayEquals(ungated, gated);
        float[] base = new AdaptedLinear(new ParameterStore(manager), "l", IN, OUT, 0.5, new Random(1))
                .forward(x, null).toFloatArray();
        assertFalse(Arrays.equals(base, gated), "the adapter contributes");
    }

    /** The stacked implementation computes W0 x + b + scaling * sum_e g_e B_e (A_e x), expert by expert. */
    @Test
    void mixtureMatchesTheExpertByExpertFormula() {
        AdapterConfig config = moe(4, 8);
        ParameterStore store = new ParameterStore(manager);
        AdaptedLinear layer = new AdaptedLinear(store, "l", IN, OUT, 0.5, new Random(1));
        ExpertGate gate = new ExpertGate(store, "gate", config, new Random(2));
        layer.attach(config, new Random(3));
        perturbUp(store, "l", 6);
        NDArray x = input();
        NDArray representations = representations(config.gateInputDim());
        NDArray g = gate.weights(representations);
        float[] actual = layer.forward(x, gate.mixture(representations)).toFloatArray();

        float[] xs = x.toFloatArray();
        float[] w = store.get("l.weight").array().toFloatArray();
        float[] a = store.get("l.lora_a").array().toFloatArray();
        float[] b = store.get("l.lora_b").array().toFloatArray();
        float[] gs = g.toFloatArray();
        int rank = config.rank();
        int perExpert = config.rankPerExpert();
        double scaling = config.alpha() / perExpert;
        for (int r = 0; r < ROWS; r++) {
            for (int t = 0; t < TOKENS; t++) {
                int xOff = (r * TOKENS + t) * IN;
                for (int o = 0; o < OUT; o++) {
                    double y = 0;
                    for (int i = 0; i < IN; i++) {
                        y += w[o * IN + i] * xs[xOff + i];
                    }
                    for (int e = 0; e < config.experts(); e++) {
                        double expert = 0;
                        for (int k = e * perExpert; k < (e + 1) * perExpert; k++) {
                            double low = 0;
                            for (int i = 0; i < IN; i++) {
                                low += a[k * IN + i] * xs[xOff + i];
                            }
                            expert += b[o * rank + k] * low;
                        }
                        y += scaling * gs[r * config.experts() + e] * expert;
                    }
                    assertEquals(y, actual[(r * TOKENS + t) * OUT + o], 1e-4);
                }
            }
        }
    }

    /** Dropout reaches only the low-rank path: seeded, repeatable, and a no-op on the base output. */
    @Test
    void dropoutIsSeededAndLeavesTheBasePathAlone() {
        AdapterConfig plain = new AdapterConfig(AdapterConfig.Kind.LORA, 1, 4, 32, 7, 0.3);
        ParameterStore store = new ParameterStore(manager);
        AdaptedLinear layer = new AdaptedLinear(store, "l", IN, OUT, 0.5, new Random(1));
        NDArray x = input();
        float[] base = layer.forward(x, null).toFloatArray();
        layer.attach(plain, new Random(2));
        assertArrayEquals(base, layer.forward(x, null, new Dropout(0.5, 3)).toFloatArray(), "B = 0");
        perturbUp(store, "l", 5);
        float[] full = layer.forward(x, null).toFloatArray();
        float[] dropped = layer.forward(x, null, new Dropout(0.5, 3)).toFloatArray();
        assertArrayEquals(dropped, layer.forward(x, null, new Dropout(0.5, 3)).toFloatArray());
        assertFalse(Arrays.equals(full, dropped));
        assertFalse(Arrays.equals(dropped, layer.forward(x, null, new Dropout(0.5, 4)).toFloatArray()));
        assertArrayEquals(full, layer.forward(x, null, new Dropout(0, 3)).toFloatArray());
    }

    @Test
    void initialisesAsLoraDoes() {
        AdapterConfig config = moe(4, 8);
        assertEquals(16.0, config.scaling(), "alpha / (rank / experts)");
        ParameterStore store = new ParameterStore(manager);
        AdaptedLinear layer = new AdaptedLinear(store, "l", 64, OUT, 0.5, new Random(1));
        layer.attach(config, new Random(2));
        float bound = (float) (1 / Math.sqrt(64));
        float max = 0;
        for (float v : store.get("l.lora_a").array().toFloatArray()) {
            max = Math.max(max, Math.abs(v));
        }
        assertEquals(true, max <= bound && max > 0.9 * bound, "Kaiming-uniform bound 1/sqrt(fan in), max " + max);
    }

    /**
     * Folding the adapter into the weight computes what the adapted layer computes, up to rounding:
     * without adapter (the base itself), with LoRA (one weight for all) and with MoE-LoRA (one per user,
     * here every row its own user).
     */
    @Test
    void aFoldedLayerComputesWhatTheAdaptedLayerDoes() {
        ParameterStore store = new ParameterStore(manager);
        AdaptedLinear bare = new AdaptedLinear(store, "bare", IN, OUT, 0.5, new Random(1));
        AdaptedLinear lora = new AdaptedLinear(store, "lora", IN, OUT, 0.5, new Random(2));
        AdaptedLinear moeLora = new AdaptedLinear(store, "moe", IN, OUT, 0.5, new Random(3));
        AdapterConfig moe = moe(4, 8);
        lora.attach(new AdapterConfig(AdapterConfig.Kind.LORA, 1, 4, 32, 7, 0.3), new Random(4));
        moeLora.attach(moe, new Random(5));
        perturbUp(store, "lora", 6);
        perturbUp(store, "moe", 7);
        NDArray mixture = new ExpertGate(store, "gate", moe, new Random(8)).mixture(representations(moe.gateInputDim()));
        NDArray x = input();

        assertClose(bare.forward(x, null), bare.fold(manager, null).apply(x));
        assertClose(lora.forward(x, null), lora.fold(manager, null).apply(x));
        assertClose(moeLora.forward(x, mixture), moeLora.fold(manager, mixture).apply(x));
        // A user's rows all take that user's weight: two users, six rows each.
        NDArray twoUsers = x.reshape(2, ROWS * TOKENS / 2, IN);
        NDArray userMixture = mixture.get("0:2");
        NDArray expected = moeLora.forward(twoUsers, userMixture);
        assertClose(expected, moeLora.fold(manager, userMixture).apply(twoUsers));
    }

    private static void assertClose(NDArray expected, NDArray actual) {
        assertEquals(expected.getShape(), actual.getShape());
        float[] e = expected.toFloatArray();
        float[] a = actual.toFloatArray();
        for (int i = 0; i < e.length; i++) {
            assertEquals(e[i], a[i], 1e-5 * Math.max(1, Math.abs(e[i])), "value " + i);
        }
    }
}
