"""Times POST /api/v1/models/{name}/recommendations for every model with a champion (see serving.sh).

A request client, not a model: it draws histories and candidates from the served catalogue with a
fixed seed, so two runs send the same requests, and prints one JSON list of per-kind statistics.
"""
import json
import os
import random
import statistics
import sys
import time
import urllib.error
import urllib.request

base, count = sys.argv[1], int(sys.argv[2])


def call(method, path, body=None):
    request = urllib.request.Request(base + path, method=method,
                                     data=None if body is None else json.dumps(body).encode(),
                                     headers={"Content-Type": "application/json",
                                              "Authorization": "Bearer " + os.environ["RECFLOW_TOKEN"]})
    with urllib.request.urlopen(request, timeout=600) as response:
        return json.load(response)


def load():
    return os.getloadavg()[0]


results = []
for model in call("GET", "/api/v1/models"):
    name = model["name"]
    try:
        items = [i["item"] for i in call("GET", f"/api/v1/models/{name}/items?limit=100")]
    except urllib.error.HTTPError:
        continue  # no champion served
    rng = random.Random(42)
    kinds = {
        "20 candidates, likelihood": lambda h, c: {"history": h, "k": 20, "candidates": c},
        "20 candidates, generation": lambda h, c: {"history": h, "candidates": c, "method": "generation"},
        "catalogue top 10": lambda h, c: {"history": h, "k": 10},
    }
    for kind, body in kinds.items():
        cases = []
        for _ in range(count + 1):
            drawn = rng.sample(items, 30)
            cases.append(body(drawn[:10], drawn[10:]))
        try:
            call("POST", f"/api/v1/models/{name}/recommendations", cases[0])  # warm-up
        except urllib.error.HTTPError as e:
            if e.code == 400:
                continue  # e.g. generation asked of a model that is not a language model
            raise
        times = []
        for case in cases[1:]:
            started = time.perf_counter()
            call("POST", f"/api/v1/models/{name}/recommendations", case)
            times.append(1000 * (time.perf_counter() - started))
        times.sort()
        results.append({"model": name, "kind": kind, "requests": len(times),
                        "medianMs": round(statistics.median(times), 1),
                        "p90Ms": round(times[max(0, int(0.9 * len(times)) - 1)], 1), "load": round(load(), 2)})
        print(f"bench: {name} {kind}: median {results[-1]['medianMs']} ms", file=sys.stderr)
print(json.dumps(results, indent=1))
