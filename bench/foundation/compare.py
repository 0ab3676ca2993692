#!/usr/bin/env python3
"""Compares two foundation dumps (llama.cpp's reference.json and the Java side's recflow.json).

    compare.py a.json b.json

Per prompt: token ids equal, 20-token greedy continuation equal (first differing position if not),
top-5 equal as a set and in order, max |logit difference| over the full vocab at the last prompt
position, and whether the argmax agrees. Then titles: how many tokenised identically, and the first
5 mismatches. Prints the whole table, then exits 1 if any prompt's or title's token ids, or any
greedy continuation, differ (2 for unusable input), 0 otherwise. Logit differences never fail it:
llama.cpp quantises activations for its matmuls, so small differences are expected."""
import json
import math
import sys


def load(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def first_diff(a, b):
    for i, (x, y) in enumerate(zip(a, b)):
        if x != y:
            return i
    return None if len(a) == len(b) else min(len(a), len(b))


def short(text, n=34):
    text = text.replace("\n", "\\n")
    return text if len(text) <= n else text[: n - 1] + "…"


def main(argv):
    if len(argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    a, b = load(argv[1]), load(argv[2])
    print(f"A: {a.get('implementation', '?')}  ({argv[1]})")
    print(f"B: {b.get('implementation', '?')}  ({argv[2]})")
    pa, pb = a.get("prompts", []), b.get("prompts", [])
    failed = False
    if len(pa) != len(pb):
        print(f"!! prompt counts differ: {len(pa)} vs {len(pb)}; comparing the first {min(len(pa), len(pb))}")
        failed = True
    hdr = f"{'#':>2}  {'prompt':34}  {'ntok':>7}  {'tokens':6}  {'greedy':11}  {'top5 set':8}  {'top5 ord':8}  {'max|dlogit|':>11}  {'argmax':6}"
    print()
    print(hdr)
    print("-" * len(hdr))
    worst = 0.0
    for i, (x, y) in enumerate(zip(pa, pb)):
        if x.get("text") != y.get("text"):
            print(f"{i:>2}  !! prompt texts differ: {x.get('text')!r} vs {y.get('text')!r}")
            failed = True
        tok_eq = x["ids"] == y["ids"]
        gd = first_diff(x["greedy_ids"], y["greedy_ids"])
        greedy = "yes" if gd is None else f"no @{gd}"
        failed |= (not tok_eq) or gd is not None
        sx = [int(t[0]) for t in x["top5"]]
        sy = [int(t[0]) for t in y["top5"]]
        lx, ly = x.get("logits"), y.get("logits")
        if lx and ly and len(lx) == len(ly):
            diff = max(abs(p - q) for p, q in zip(lx, ly))
            if math.isnan(diff):
                diff = float("nan")
            worst = max(worst, diff) if not math.isnan(diff) else worst
            dtxt = f"{diff:11.4f}"
            argmax = "yes" if max(range(len(lx)), key=lx.__getitem__) == max(range(len(ly)), key=ly.__getitem__) else "no"
        else:
            dtxt = f"{'n/a':>11}"
            argmax = "yes" if sx[:1] == sy[:1] else "no"
        ntok = f"{len(x['ids'])}/{len(y['ids'])}"
        print(f"{i:>2}  {short(x.get('text', '')):34}  {ntok:>7}  {'yes' if tok_eq else 'no':6}  {greedy:11}  "
              f"{'yes' if set(sx) == set(sy) else 'no':8}  {'yes' if sx == sy else 'no':8}  {dtxt}  {argmax:6}")
    print(f"max |logit difference| over all prompts: {worst:.4f}")

    for i, (x, y) in enumerate(zip(pa, pb)):
        if x["ids"] != y["ids"]:
            d = first_diff(x["ids"], y["ids"])
            print(f"  prompt {i} tokens differ from position {d}: A {x['ids'][d:d + 8]} B {y['ids'][d:d + 8]}")
        if x["greedy_ids"] != y["greedy_ids"]:
            d = first_diff(x["greedy_ids"], y["greedy_ids"])
            print(f"  prompt {i} greedy ids from position {d}: A {x['greedy_ids'][d:]} B {y['greedy_ids'][d:]}")
            print(f"  prompt {i} greedy A: {x.get('greedy_text', '')!r}")
            print(f"  prompt {i} greedy B: {y.get('greedy_text', '')!r}")

    ta, tb = a.get("titles", []), b.get("titles", [])
    print()
    if len(ta) != len(tb):
        print(f"!! title counts differ: {len(ta)} vs {len(tb)}")
        failed = True
    same, bad = 0, []
    for x, y in zip(ta, tb):
        if x.get("text") == y.get("text") and x["ids"] == y["ids"]:
            same += 1
        else:
            bad.append((x, y))
    print(f"titles tokenised identically: {same} of {len(ta)}")
    for x, y in bad[:5]:
        print(f"  {x.get('text')!r}: A {x['ids']}  B {y['ids']}"
              + ("" if x.get("text") == y.get("text") else f"  (B's text {y.get('text')!r})"))
    failed |= bool(bad)
    print()
    print("RESULT:", "DIFFERENT (tokens or greedy continuations)" if failed else "tokens and greedy continuations equal")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
