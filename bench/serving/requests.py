"""Request bodies and the compute floor for bench/serving.sh (a client: nothing here runs a model).

  requests.py bodies <base url> <model> <count> <kind>    one JSON body per line, drawn with a fixed seed
                                                           from the served catalogue; kind: top10 | candidates
                                                           | generation (language models: LLaRA's choice)
  requests.py flops <base url> <model>                     estimated FLOPs of one top-10 request, as JSON
                                                           (null for a language model's champion)

The estimate counts what a top-10 request needs at least: the adapters folded into the weights once (W + B
diag(mixture) A per adapted layer), the history's pass over its left-padded token sequence at its size class's
length (the next power of two of its items, at least 16 tokens, at most the model's history length; every
position is computed), then per level of the item codes one new token per beam attending to the history and
the beam's earlier codes (with their keys and values kept), and the level's output head. Multiply-adds count
2. Not counted: the gate's sequence encoder (one short pass per request), layer norms, softmaxes and
embeddings (a few percent).
"""
import json
import os
import random
import sys
import urllib.request

FFN_MULTIPLIER = 4  # the backbone's feed-forward width, 4 x hidden (not a spec field)
SERVING_BEAM = 20  # recflow.serving.beam's default
HISTORY_ITEMS = 8  # items in every request's history
STABLE_TOKENS = 16  # the fewest tokens inference encodes a history in (TokenLayout.STABLE_TOKENS)


def call(base, path):
    request = urllib.request.Request(base + path, headers={"Authorization": "Bearer " + os.environ["RECFLOW_TOKEN"]})
    with urllib.request.urlopen(request, timeout=60) as response:
        return json.load(response)


def bodies(base, model, count, kind):
    items = [i["item"] for i in call(base, f"/api/v1/models/{model}/items?limit=100")]
    rng = random.Random(42)
    for _ in range(count):
        drawn = rng.sample(items, HISTORY_ITEMS + 20)
        body = {"history": drawn[:HISTORY_ITEMS], "k": 10}
        if kind in ("candidates", "generation"):
            body["candidates"] = drawn[HISTORY_ITEMS:]
        if kind == "generation":
            body["method"] = "generation"
        print(json.dumps(body))


def flops(base, model):
    champion = call(base, f"/api/v1/models/{model}")["aliases"]["champion"]
    version = call(base, f"/api/v1/models/{model}/versions/{champion}")
    spec = call(base, version["links"]["run"])["spec"]
    backbone = spec["training"].get("backbone") or "tiny"
    if backbone != "tiny":
        # Its cost is set by the prompt's length in the language model's tokens, which a client cannot count.
        print(json.dumps({"flops": None, "backbone": backbone}))
        return
    lineage = call(base, version["links"]["lineage"])
    tokenizer = next(n["attributes"]["metadata"] for n in lineage["nodes"]
                     if n["type"] == "artifact" and n["attributes"]["kind"] == "tokenizer")
    sizes = tokenizer["levelSizes"]
    t = spec["training"]
    d, layers, rank = t["hiddenSize"], t["layers"], t["rank"]
    ffn = FFN_MULTIPLIER * d
    levels = len(sizes)
    # the size class of a history of HISTORY_ITEMS items (TokenLayout.slotsFor)
    fewest = -(-(STABLE_TOKENS - 1) // levels)
    slots = min(t["historyLength"], max(fewest, 1 << (HISTORY_ITEMS - 1).bit_length()))
    sequence = slots * levels + 1

    def token(attended):
        dense = 2 * (4 * d * d + 2 * d * ffn)  # q, k, v, o and the feed-forward layer
        attention = 4 * attended * d  # scores and weighted values
        return layers * (dense + attention)

    folding = layers * 2 * rank * (4 * d * d + 2 * d * ffn)  # B diag(mixture) A of each adapted layer, once
    total = folding + sum(token(p + 1) for p in range(sequence)) + 2 * d * sizes[0]  # the history, level 0's head
    beams = 1
    for level in range(1, levels):
        beams = min(SERVING_BEAM, beams * sizes[level - 1])
        total += beams * (token(sequence + level) + 2 * d * sizes[level])
    print(json.dumps({"flops": total, "hidden": d, "layers": layers, "rank": rank, "levelSizes": sizes,
                      "sequence": sequence, "beam": SERVING_BEAM}))


if __name__ == "__main__":
    command, base, model = sys.argv[1], sys.argv[2], sys.argv[3]
    if command == "bodies":
        bodies(base, model, int(sys.argv[4]), sys.argv[5])
    elif command == "flops":
        flops(base, model)
    else:
        sys.exit("usage: requests.py bodies <base> <model> <count> <kind> | flops <base> <model>")
