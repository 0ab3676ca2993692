package io.recflow.ml.lora;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Locale;

/**
 * How a frozen backbone is fine-tuned (iLoRA, Kong et al. 2024).
 *
 * @param kind                  MoE-LoRA (gated experts), plain LoRA, or full fine-tuning without an adapter
 * @param experts               experts sharing the total {@code rank} (1 for plain LoRA)
 * @param rank                  total LoRA rank r; each expert has rank r / experts
 * @param alpha                 LoRA alpha; the scaling is alpha / (r / experts)
 * @param gateInputDim          size of the sequence representation the gate reads (the SASRec encoder's)
 * @param gateLearningRateScale the gate's learning rate relative to the adapter's (0.3 in iLoRA)
 */
public record AdapterConfig(Kind kind, int experts, int rank, double alpha, int gateInputDim,
                            double gateLearningRateScale) {

    public static final int DEFAULT_EXPERTS = 4;
    public static final int DEFAULT_RANK = 8;
    public static final double DEFAULT_ALPHA = 32;
    public static final int DEFAULT_GATE_INPUT_DIM = 64;
    public static final double DEFAULT_GATE_LEARNING_RATE_SCALE = 0.3;

    public enum Kind {
        MOE_LORA("moe-lora"), LORA("lora"), FULL("full");

        private final String specName;

        Kind(String specName) {
            this.specName = specName;
        }

        /** The name pipeline specs use ({@code moe-lora}, {@code lora}, {@code full}). */
        public String specName() {
            return specName;
        }

        public static Kind fromSpec(String name) {
            for (Kind k : values()) {
                if (k.specName.equals(name.toLowerCase(Locale.ROOT))) {
                    return k;
                }
            }
            throw new IllegalArgumentException("adapter must be moe-lora, lora or full, was '" + name + "'");
        }
    }

    public AdapterConfig {
        if (experts < 1 || rank < 1 || rank % experts != 0) {
            throw new IllegalArgumentException("rank (" + rank + ") must be a positive multiple of experts ("
                    + experts + ")");
        }
        if (kind == Kind.LORA && experts != 1) {
            throw new IllegalArgumentException("plain LoRA has one expert, got " + experts);
        }
        if (!(alpha > 0) || gateInputDim < 1 || !(gateLearningRateScale > 0)) {
            throw new IllegalArgumentException("alpha, gateInputDim and gateLearningRateScale must be positive");
        }
    }

    /** iLoRA's defaults: 4 experts sharing rank 8, alpha 32, a gate over a 64-d representation. */
    public static AdapterConfig moeLora() {
        return new AdapterConfig(Kind.MOE_LORA, DEFAULT_EXPERTS, DEFAULT_RANK, DEFAULT_ALPHA, DEFAULT_GATE_INPUT_DIM,
                DEFAULT_GATE_LEARNING_RATE_SCALE);
    }

    /** The plain-LoRA baseline iLoRA reports beside itself: one expert of the full rank, no gate. */
    public static AdapterConfig lora() {
        return new AdapterConfig(Kind.LORA, 1, DEFAULT_RANK, DEFAULT_ALPHA, DEFAULT_GATE_INPUT_DIM,
                DEFAULT_GATE_LEARNING_RATE_SCALE);
    }

    /** Every backbone parameter trains; no adapter, no gate. */
    public static AdapterConfig full() {
        return new AdapterConfig(Kind.FULL, 1, DEFAULT_RANK, DEFAULT_ALPHA, DEFAULT_GATE_INPUT_DIM,
                DEFAULT_GATE_LEARNING_RATE_SCALE);
    }

    /** The binary form saved models carry. */
    public void write(DataOutput out) throws IOException {
        out.writeUTF(kind.name());
        out.writeInt(experts);
        out.writeInt(rank);
        out.writeDouble(alpha);
        out.writeInt(gateInputDim);
        out.writeDouble(gateLearningRateScale);
    }

    public static AdapterConfig read(DataInput in) throws IOException {
        return new AdapterConfig(Kind.valueOf(in.readUTF()), in.readInt(), in.readInt(), in.readDouble(), in.readInt(),
                in.readDouble());
    }

    public int rankPerExpert() {
        return rank / experts;
    }

    /** LoRA's output scaling alpha / (rank of one expert). */
    public double scaling() {
        return alpha / rankPerExpert();
    }

    /** Whether the backbone gets low-rank adapters (and stays frozen). */
    public boolean adapts() {
        return kind != Kind.FULL;
    }

    /** Whether a per-instance gate mixes the experts. */
    public boolean gated() {
        return kind == Kind.MOE_LORA;
    }
}
