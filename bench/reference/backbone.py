"""The generative backbone's training speed in PyTorch eager: the reference recflow's backbone is measured against.

    python3 backbone.py [steps 30] [threads 2]

The network recflow trains (ml/src/main/java/io/recflow/ml/generative/Backbone.java), written here the way
a PyTorch user would, with its adapters the way PEFT writes LoRA: a token's input is the sum of its id's,
its level's and its item position's embeddings; 2 pre-LN blocks of causal 2-head self-attention
(scaled_dot_product_attention with an additive mask for causality and left padding) and a GELU
feed-forward of 4x the width; a final layer norm; one output head per code level. Every item is 5 codes
(four levels of 64 and a disambiguation level of 5), a history 10 items, left-padded behind a BOS token.

Three phases, each on a fresh model, with the shapes of recflow's probe (BackboneSpeedProbe): pre-training
(every parameter, next-code cross-entropy at every real position), MoE-LoRA fine-tuning (the base frozen;
q, k, v, o and both feed-forward layers adapted by 4 experts sharing rank 8, alpha 32; one softmax gate per
example from a 64-wide representation, at 0.3x the learning rate; the target's codes only) and plain LoRA
(rank 8, no gate). Adam at 1e-3, batches of 128. Prints one JSON line per phase: the median milliseconds
per step after 50 warm-up steps (as many as recflow's probes take: StepTimer.WARM_UP_STEPS), and the FLOPs
of one step as PyTorch's FlopCounterMode counts them.
"""
import json
import math
import statistics
import sys
import time

import torch
import torch.nn.functional as F
from torch import nn
from torch.utils.flop_counter import FlopCounterMode

ITEMS, LEVEL_SIZES, HISTORY, BATCH, HIDDEN, LAYERS, HEADS, GATE_INPUT, WARM_UP = 1682, [64, 64, 64, 64, 5], 10, 128, 64, 2, 2, 64, 50
LEVELS = len(LEVEL_SIZES)
LENGTH = 1 + (HISTORY + 1) * LEVELS  # BOS or padding, the history's codes, the target's codes


class AdaptedLinear(nn.Module):
    """A linear layer that can take a low-rank update, scaled per rank component by the gate's mixture."""

    def __init__(self, fan_in, fan_out):
        super().__init__()
        self.base = nn.Linear(fan_in, fan_out)
        self.lora_a = None
        self.lora_b = None
        self.scaling = 1.0

    def attach(self, rank, scaling):
        self.lora_a = nn.Parameter(torch.empty(rank, self.base.in_features))
        nn.init.kaiming_uniform_(self.lora_a, a=math.sqrt(5))
        self.lora_b = nn.Parameter(torch.zeros(self.base.out_features, rank))
        self.scaling = scaling

    def forward(self, x, mixture):
        y = self.base(x)
        if self.lora_a is None:
            return y
        low = F.linear(x, self.lora_a)
        low = low * mixture if mixture is not None else low * self.scaling
        return y + F.linear(low, self.lora_b)


class Block(nn.Module):
    def __init__(self):
        super().__init__()
        self.attention_norm = nn.LayerNorm(HIDDEN)
        self.q, self.k, self.v, self.o = (AdaptedLinear(HIDDEN, HIDDEN) for _ in range(4))
        self.ffn_norm = nn.LayerNorm(HIDDEN)
        self.ffn_in = AdaptedLinear(HIDDEN, 4 * HIDDEN)
        self.ffn_out = AdaptedLinear(4 * HIDDEN, HIDDEN)

    def adapted(self):
        return [self.q, self.k, self.v, self.o, self.ffn_in, self.ffn_out]

    def forward(self, x, mask, mixture):
        rows = x.shape[0]
        h = self.attention_norm(x)
        q, k, v = (layer(h, mixture).view(rows, LENGTH, HEADS, -1).transpose(1, 2) for layer in (self.q, self.k, self.v))
        context = F.scaled_dot_product_attention(q, k, v, attn_mask=mask)
        x = x + self.o(context.transpose(1, 2).reshape(rows, LENGTH, HIDDEN), mixture)
        return x + self.ffn_out(F.gelu(self.ffn_in(self.ffn_norm(x), mixture)), mixture)


class Backbone(nn.Module):
    def __init__(self):
        super().__init__()
        self.token = nn.Embedding(sum(LEVEL_SIZES) + 2, HIDDEN)
        self.level = nn.Embedding(LEVELS + 1, HIDDEN)
        self.position = nn.Embedding(HISTORY + 2, HIDDEN)
        self.blocks = nn.ModuleList(Block() for _ in range(LAYERS))
        self.final_norm = nn.LayerNorm(HIDDEN)
        self.heads = nn.ModuleList(nn.Linear(HIDDEN, size) for size in LEVEL_SIZES)
        self.register_buffer("causal", torch.full((LENGTH, LENGTH), -1e9).triu(1))
        self.gate = None

    def attach(self, experts, rank, alpha):
        self.requires_grad_(False)
        self.rank_per_expert, self.scaling = rank // experts, alpha / (rank // experts)
        self.gate = nn.Linear(GATE_INPUT, experts) if experts > 1 else None
        for block in self.blocks:
            for layer in block.adapted():
                layer.attach(rank, self.scaling)

    def mixture(self, representations):
        if self.gate is None:
            return None
        weights = F.softmax(self.gate(representations), -1).repeat_interleave(self.rank_per_expert, 1)
        return (weights * self.scaling).unsqueeze(1)

    def loss(self, batch, every_position):
        tokens, levels, positions, padding, targets, representations = batch
        rows = tokens.shape[0]
        x = self.token(tokens) + self.level(levels) + self.position(positions)
        mask = (self.causal + padding[:, None, None, :])
        mixture = self.mixture(representations)
        for block in self.blocks:
            x = block(x, mask, mixture)
        hidden = self.final_norm(x)
        # Token j predicts level j mod K of item slot j // K; the last token predicts nothing.
        first = 0 if every_position else HISTORY
        predicting = hidden[:, first * LEVELS:LENGTH - 1].reshape(rows, HISTORY + 1 - first, LEVELS, HIDDEN)
        wanted = targets[:, first:]
        total = sum(F.cross_entropy(head(predicting[:, :, l]).flatten(0, 1), wanted[:, :, l].flatten(),
                                    ignore_index=-100, reduction="sum") for l, head in enumerate(self.heads))
        return total / (wanted[:, :, 0] >= 0).sum() / LEVELS


def examples(count, generator):
    """Users of 21 random items, every prefix an example (history up to 10 items), as recflow's probe."""
    codes = torch.stack([torch.randint(0, size, (ITEMS,), generator=generator) for size in LEVEL_SIZES[:-1]]
                        + [torch.arange(ITEMS) % LEVEL_SIZES[-1]], 1)
    offsets = torch.tensor([0] + LEVEL_SIZES[:-1]).cumsum(0)
    pad, bos = sum(LEVEL_SIZES), sum(LEVEL_SIZES) + 1
    tokens = torch.full((count, LENGTH), pad)
    levels = torch.full((count, LENGTH), LEVELS)
    positions = torch.full((count, LENGTH), HISTORY + 1)
    padding = torch.full((count, LENGTH), -1e9)
    targets = torch.full((count, HISTORY + 1, LEVELS), -100)
    row = 0
    while row < count:
        items = torch.randint(0, ITEMS, (21,), generator=generator).tolist()
        for t in range(1, 21):
            if row == count:
                break
            window = items[max(0, t - HISTORY):t + 1]
            first_slot = HISTORY + 1 - len(window)
            tokens[row, first_slot * LEVELS] = bos
            padding[row, first_slot * LEVELS] = 0
            for i, item in enumerate(window):
                slot = first_slot + i
                span = slice(1 + slot * LEVELS, 1 + (slot + 1) * LEVELS)
                tokens[row, span] = codes[item] + offsets
                levels[row, span] = torch.arange(LEVELS)
                positions[row, span] = HISTORY - slot
                padding[row, span] = 0
                targets[row, slot] = codes[item]
            row += 1
    representations = torch.randn(count, GATE_INPUT, generator=generator)
    return tokens, levels, positions, padding, targets, representations


def phase(name, data, steps):
    torch.manual_seed(42)
    model = Backbone()
    if name == "pretrain":
        optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    else:
        model.attach(4 if name == "moe-lora" else 1, 8, 32)
        adapters = [p for n, p in model.named_parameters() if "lora_" in n]
        groups = [{"params": adapters}] + ([{"params": model.gate.parameters(), "lr": 0.3e-3}] if model.gate else [])
        optimizer = torch.optim.Adam(groups, lr=1e-3)
    every_position = name == "pretrain"

    def step(s):
        rows = slice(s * BATCH, (s + 1) * BATCH)
        optimizer.zero_grad()
        model.loss([part[rows] for part in data], every_position).backward()
        optimizer.step()

    times = []
    for s in range(steps + WARM_UP):
        start = time.perf_counter()
        step(s)
        times.append(time.perf_counter() - start)
    with FlopCounterMode(display=False) as counter:
        step(0)
    return {"phase": name, "items": ITEMS, "levelSizes": LEVEL_SIZES, "history": HISTORY, "batch": BATCH,
            "hidden": HIDDEN, "layers": LAYERS, "steps": steps, "torch": torch.__version__,
            "threads": torch.get_num_threads(), "flopsPerStep": counter.get_total_flops(),
            "medianStepMs": round(statistics.median(times[WARM_UP:]) * 1000, 1)}


def main():
    steps = int(sys.argv[1]) if len(sys.argv) > 1 else 30
    torch.set_num_threads(int(sys.argv[2]) if len(sys.argv) > 2 else 2)
    data = examples((steps + WARM_UP) * BATCH, torch.Generator().manual_seed(7))
    for name in ("pretrain", "moe-lora", "lora"):
        print(json.dumps(phase(name, data, steps)), flush=True)


if __name__ == "__main__":
    main()
