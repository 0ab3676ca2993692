"""Writes a synthetic interaction CSV (user,item,timestamp) for the ingest benchmark.

    python3 generate.py <interactions> <users> <items> <out.csv> [seed]

Users get Zipf-like activity and items Zipf-like popularity (a few heavy users and hits, a long tail), so
the per-user sequences and the catalogue look like a real log rather than a uniform grid. Every user has at
least three interactions (the platform's default minimum sequence length keeps them all). Rows come in
time order across users, as an event log would. Deterministic for a seed.
"""
import random
import sys

CHUNK = 100_000


def user_column(rng, user_ids, interactions):
    """The user of each row, CHUNK rows at a time: three rows per user first, then Zipf-like draws."""
    first = [u for u in user_ids for _ in range(3)][:interactions]
    rng.shuffle(first)
    for start in range(0, len(first), CHUNK):
        yield first[start:start + CHUNK]
    weights = [1.0 / (r + 10) ** 0.8 for r in range(len(user_ids))]
    left = interactions - len(first)
    while left > 0:
        n = min(CHUNK, left)
        yield rng.choices(user_ids, weights=weights, k=n)
        left -= n


def main():
    interactions, users, items = (int(a) for a in sys.argv[1:4])
    out = sys.argv[4]
    rng = random.Random(int(sys.argv[5]) if len(sys.argv) > 5 else 7)
    user_ids = [f"u{n}" for n in rng.sample(range(users * 3), users)]
    item_ids = [f"i{n}" for n in rng.sample(range(items * 3), items)]
    item_weights = [1.0 / (r + 10) for r in range(items)]
    t = 1_600_000_000
    with open(out, "w", buffering=1 << 20) as f:
        f.write("user,item,timestamp\n")
        for chunk in user_column(rng, user_ids, interactions):
            its = rng.choices(item_ids, weights=item_weights, k=len(chunk))
            f.write("".join(f"{u},{i},{t + k}\n" for k, (u, i) in enumerate(zip(chunk, its))))
            t += len(chunk)
    print(f"generate: {interactions} interactions, {users} users, {items} items -> {out}", file=sys.stderr)


if __name__ == "__main__":
    main()
