package io.recflow.ml.llm;

import ai.djl.ndarray.NDArray;
import io.recflow.ml.lora.AdaptedLinear;
import io.recflow.ml.lora.AdapterConfig;
import io.recflow.ml.train.Dropout;

import java.util.List;
import java.util.Random;

/** Llama's SwiGLU feed-forward network: down(silu(gate(x)) * up(x)), all three projections adaptable. */
final class LlamaMlp {

    private final AdaptedLinear gate;
    private final AdaptedLinear up;
    private final AdaptedLinear down;

    LlamaMlp(AdaptedLinear gate, AdaptedLinear up, AdaptedLinear down) {
        this.gate = gate;
        this.up = up;
        this.down = down;
    }


    void attach(AdapterConfig config, Random random) {
        for (AdaptedLinear p : List.of(gate, up, down)) {
            p.attach(config, random);
        }
    }

    /**
     * {@code expertGate}: the adapters' mixture per row (ExpertGate#mixture), or null (not to be confused
     * with the gate projection); {@code dropout}: the adapters' dropout (training), or null.
     */
    NDArray forward(NDArray x, NDArray expertGate, Dropout dropout) {
        NDArray g = gate.forward(x, expertGate, dropout);
        NDArray silu = g.mul(g.getNDArrayInternal().sigmoid());
        return down.forward(silu.mul(up.forward(x, expertGate, dropout)), expertGate, dropout);
    }
}
