"""SASRec training speed in PyTorch eager: the reference recflow's SASRec is measured against.

    python3 sasrec.py [items 12000] [users 4096] [steps 30] [threads 2]

The network recflow trains (ml/src/main/java/io/recflow/ml/encoder/SasRecNetwork.java), written here the
way a PyTorch user would: item (row 0 = padding) and learned position embeddings, 2 pre-LN blocks of
causal 2-head self-attention and a GELU feed-forward of the hidden width, a final layer norm, logits
against the item embeddings, full-softmax cross-entropy, Adam at 1e-3, d 64, windows of 50, batches of
128. The data has recflow's probe's shapes (SasRecSpeedProbe): users of 3 + (u mod 12) items, one
left-padded window each. Two losses, both as people write them: cross-entropy over every position with
the padding ignored (`all-positions`), and over the positions that have a target only (`target-slots`,
what recflow does). Prints one JSON line per loss: the median milliseconds per step after 50 warm-up steps
(as many as recflow's probes take: StepTimer.WARM_UP_STEPS), and the FLOPs of one step as PyTorch's
FlopCounterMode counts them.
"""
import json
import statistics
import sys
import time

import torch
import torch.nn.functional as F
from torch import nn
from torch.utils.flop_counter import FlopCounterMode

WARM_UP = 50


class Block(nn.Module):
    def __init__(self, d, heads):
        super().__init__()
        self.attention_norm = nn.LayerNorm(d)
        self.attention = nn.MultiheadAttention(d, heads, batch_first=True)
        self.ffn_norm = nn.LayerNorm(d)
        self.ffn = nn.Sequential(nn.Linear(d, d), nn.GELU(), nn.Linear(d, d))

    def forward(self, x, causal, padding):
        h = self.attention_norm(x)
        x = x + self.attention(h, h, h, attn_mask=causal, key_padding_mask=padding, need_weights=False)[0]
        return x + self.ffn(self.ffn_norm(x))


class SasRec(nn.Module):
    def __init__(self, items, window, d=64, layers=2, heads=2):
        super().__init__()
        self.items = nn.Embedding(items + 1, d, padding_idx=0)
        self.positions = nn.Embedding(window, d)
        self.blocks = nn.ModuleList(Block(d, heads) for _ in range(layers))
        self.final_norm = nn.LayerNorm(d)
        self.register_buffer("causal", torch.triu(torch.ones(window, window, dtype=torch.bool), 1))

    def forward(self, ids):
        padding = ids == 0
        x = (self.items(ids) + self.positions.weight) * (~padding).unsqueeze(-1)
        for block in self.blocks:
            x = block(x, self.causal, padding)
        return self.final_norm(x)

    def logits(self, hidden):
        return hidden @ self.items.weight[1:].T


def windows(users, items, window, generator):
    inputs = torch.zeros(users, window, dtype=torch.long)
    targets = torch.full((users, window), -100, dtype=torch.long)
    for u in range(users):
        seq = torch.randint(0, items, (3 + u % 12,), generator=generator)
        n = len(seq) - 1
        inputs[u, window - n:] = seq[:-1] + 1
        targets[u, window - n:] = seq[1:]
    return inputs, targets


def all_positions(model, ids, targets):
    return F.cross_entropy(model.logits(model(ids)).flatten(0, 1), targets.flatten(), ignore_index=-100)


def target_slots(model, ids, targets):
    slots = targets.flatten() >= 0
    return F.cross_entropy(model.logits(model(ids).flatten(0, 1)[slots]), targets.flatten()[slots])


def main():
    items, users, steps = (int(a) for a in (sys.argv[1:4] + ["12000", "4096", "30"][len(sys.argv[1:4]):]))
    threads = int(sys.argv[4]) if len(sys.argv) > 4 else 2
    torch.set_num_threads(threads)
    torch.manual_seed(42)
    window, batch = 50, 128
    inputs, targets = windows(users, items, window, torch.Generator().manual_seed(7))
    for name, loss_of in (("all-positions", all_positions), ("target-slots", target_slots)):
        model = SasRec(items, window)
        optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
        order = torch.randperm(users, generator=torch.Generator().manual_seed(42))

        def step(index):
            rows = order[(index * batch) % users:][:batch]
            optimizer.zero_grad()
            loss_of(model, inputs[rows], targets[rows]).backward()
            optimizer.step()

        times = []
        for index in range(steps + WARM_UP):
            start = time.perf_counter()
            step(index)
            times.append(time.perf_counter() - start)
        with FlopCounterMode(display=False) as counter:
            step(0)
        print(json.dumps({"loss": name, "items": items, "batch": batch, "window": window, "threads": threads,
                          "torch": torch.__version__, "steps": steps, "flopsPerStep": counter.get_total_flops(),
                          "medianStepMs": round(statistics.median(times[WARM_UP:]) * 1000, 1)}))


if __name__ == "__main__":
    main()
