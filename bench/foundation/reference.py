#!/usr/bin/env python3
"""llama.cpp reference for the SmolLM2 port: token ids, last-position logits, top-5 and a 20-token
greedy continuation per prompt, and token ids per title.

    reference.py <model.gguf> <prompts.txt> <titles.txt> <out.json> [n_threads]

Tokenisation adds no BOS and parses no special tokens (the raw text's byte-level BPE only). The
greedy continuation is done by hand: argmax over the full-vocab logits, 20 steps, no EOS stop, no
sampler. Besides the fields compare.py reads, each prompt carries "prompt_ms" (evaluating the prompt)
and "greedy_ms" (the 20 single-token steps), and the top level "meta" (threads, versions)."""
import json
import os
import sys
import time

import numpy as np
import llama_cpp
from llama_cpp import Llama

GREEDY_TOKENS = 20
SEED = 1234


def read_lines(path):
    with open(path, encoding="utf-8") as f:
        return [line.rstrip("\r\n") for line in f if line.strip()]


def tokenize(llm, text):
    return [int(t) for t in llm.tokenize(text.encode("utf-8"), add_bos=False, special=False)]


def last_logits(llm):
    # with logits_all=True, scores holds a row per evaluated position
    return np.array(llm.scores[llm.n_tokens - 1], dtype=np.float32, copy=True)


def run_prompt(llm, text):
    ids = tokenize(llm, text)
    llm.reset()
    t0 = time.perf_counter()
    llm.eval(ids)
    logits = last_logits(llm)
    prompt_ms = (time.perf_counter() - t0) * 1000
    order = np.argsort(-logits, kind="stable")[:5]
    top5 = [[int(i), float(logits[i])] for i in order]
    greedy = []
    step = logits
    t0 = time.perf_counter()
    for _ in range(GREEDY_TOKENS):
        nxt = int(np.argmax(step))
        greedy.append(nxt)
        if len(greedy) == GREEDY_TOKENS:
            break
        llm.eval([nxt])
        step = last_logits(llm)
    greedy_ms = (time.perf_counter() - t0) * 1000
    return {
        "text": text,
        "ids": ids,
        "greedy_ids": greedy,
        "greedy_text": llm.detokenize(greedy, special=True).decode("utf-8", errors="replace"),
        "top5": top5,
        "logits": [float(x) for x in logits],
        "prompt_ms": round(prompt_ms, 2),
        "greedy_ms": round(greedy_ms, 2),
    }


def main(argv):
    if len(argv) not in (5, 6):
        sys.exit(__doc__)
    model, prompts_path, titles_path, out_path = argv[1:5]
    threads = int(argv[5]) if len(argv) == 6 else 1
    t0 = time.perf_counter()
    llm = Llama(model_path=model, logits_all=True, n_ctx=512, n_threads=threads,
                n_threads_batch=threads, seed=SEED, verbose=False)
    load_ms = (time.perf_counter() - t0) * 1000
    prompts = []
    for text in read_lines(prompts_path):
        p = run_prompt(llm, text)
        prompts.append(p)
        print(f"reference: {len(p['ids']):3d} tokens, prompt {p['prompt_ms']:7.1f} ms, "
              f"20 greedy {p['greedy_ms']:7.1f} ms | {text[:40]!r} -> {p['greedy_text']!r}",
              file=sys.stderr)
    t0 = time.perf_counter()
    titles = [{"text": t, "ids": tokenize(llm, t)} for t in read_lines(titles_path)]
    titles_ms = (time.perf_counter() - t0) * 1000
    doc = {
        "implementation": f"llama.cpp (llama-cpp-python {llama_cpp.__version__}) {os.path.basename(model)}",
        "meta": {"n_threads": threads, "n_ctx": 512, "seed": SEED, "load_ms": round(load_ms, 1),
                 "titles_tokenize_ms": round(titles_ms, 1), "model": model,
                 "system_info": llama_cpp.llama_print_system_info().decode(errors="replace").strip()},
        "prompts": prompts,
        "titles": titles,
    }
    with open(out_path, "w", encoding="utf-8") as f:
        json.dump(doc, f, ensure_ascii=False)
    print(f"reference: wrote {out_path} ({len(prompts)} prompts, {len(titles)} titles; "
          f"load {load_ms:.0f} ms, titles tokenised in {titles_ms:.0f} ms)", file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv)
