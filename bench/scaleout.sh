#!/usr/bin/env bash
# Scale-out throughput: a batch of small pipelines with 1 vs 2 worker processes on the real servers.
#   bench/scaleout.sh [pipelines per batch (6)] [worker counts ("1 2")]
# Needs the local servers (infra/install.sh && infra/start.sh) and the packaged app (built if missing).
# Each round starts an api-only process (recflow.worker.queues=none) and N worker processes
# (cpu,gpu: each runs the workflow, the light stages and one fine-tuning at a time), submits the batch
# over REST at once, waits for every run, and prints wall time, pipelines per minute and how the
# stages spread over the workers (lineage step rows). Numbers, not assertions.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
batch="${1:-6}"
counts="${2:-1 2}"
work="$here/bench/results/scaleout-$(date +%Y%m%d-%H%M%S)"
mkdir -p "$work/data"
source "$here/bench/lib.sh"
export PGPASSWORD="${RECFLOW_PG_PASSWORD:-recflow}"

"$here/infra/status.sh" all >/dev/null || { echo "bench: the local servers are not all ready: infra/start.sh" >&2; exit 1; }
build_if_stale

# A small synthetic data set (generic CSV): 300 users, 120 items in 8 categories, sequences of 8..20
# events that mostly stay within a category (so there is something to learn).
python3 - "$work/data" <<'PY'
import random, sys, os
out = sys.argv[1]; rnd = random.Random(5)
cats = [f"Cat{c}" for c in range(8)]
items = [(f"i{i:03d}", cats[i % 8]) for i in range(120)]
by_cat = {c: [i for i, ic in items if ic == c] for c in cats}
with open(os.path.join(out, "items.csv"), "w") as f:
    f.write("id,category,title,description\n")
    for i, c in items:
        f.write(f"{i},Shop > {c},Item {i} of {c},A {c.lower()} thing number {i}\n")
with open(os.path.join(out, "interactions.csv"), "w") as f:
    f.write("user,item,timestamp\n")
    for u in range(300):
        c = rnd.choice(cats); t = 1_700_000_000 + u * 1000
        for _ in range(rnd.randint(8, 20)):
            if rnd.random() < 0.2: c = rnd.choice(cats)
            t += rnd.randint(60, 6000)
            f.write(f"u{u:04d},{rnd.choice(by_cat[c])},{t}\n")
PY

# start_worker_process <name> <queues>: an api or worker process on the local servers (see lib.sh)
start_worker_process() {
  RECFLOW_BENCH_HEAP=2g start_process "$1" local "$work/data" -Drecflow.worker.queues="$2" \
      -Dai.djl.pytorch.num_threads=1 -Dai.djl.pytorch.num_interop_threads=1
}

spec() { # <model> <seed>
  python3 -c 'import json,sys; print(json.dumps({"model": sys.argv[1], "seed": int(sys.argv[2]),
    "data": {"uri": "file://" + sys.argv[3] + "/", "format": "csv"},
    "tokenizer": {"codebookSize": 16, "encoderEpochs": 2, "embeddingDim": 32},
    "training": {"pretrainEpochs": 1, "fineTuneEpochs": 2, "hiddenSize": 32, "historyLength": 10, "batchSize": 64,
                 "pretrainLearningRate": 0.003, "experts": 2, "rank": 4},
    "evaluation": {"maxUsers": 60, "beamSize": 10, "candidateDraws": 2}}))' "$1" "$2" "$work/data"
}

printf '%-8s %-10s %-10s %-14s %-12s %s\n' workers pipelines wall_s pipelines/min load_1m "steps per worker (pid: count)" | tee "$work/results.txt"
for n in $counts; do
  read -r api_pid api_port < <(start_worker_process "api-$n" none); pids+=("$api_pid")
  for w in $(seq 1 "$n"); do
    read -r wpid _ < <(start_worker_process "worker-$n-$w" cpu,gpu); pids+=("$wpid")
  done
  model="bench-scale-$n-$(date +%s)"
  ids=()
  start=$(date +%s.%N)
  for i in $(seq 1 "$batch"); do
    ids+=("$(spec "$model" "$((1000 + i))" | api_curl -H 'Content-Type: application/json' -d @- \
      "http://localhost:$api_port/api/v1/pipelines" | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')")
  done
  for id in "${ids[@]}"; do
    while :; do
      # A failed request reads as RUNNING below: a round whose api or worker process died would never end.
      for p in "${pids[@]}"; do
        kill -0 "$p" 2>/dev/null || { echo "bench: process $p of this round is gone; see the console.log files in $work" >&2; exit 1; }
      done
      status="$(api_curl "http://localhost:$api_port/api/v1/pipelines/$id" | python3 -c 'import json,sys; print(json.load(sys.stdin)["status"])' || echo RUNNING)"
      case "$status" in RUNNING|WAITING_APPROVAL) sleep 1 ;; COMPLETED) break ;; *) echo "bench: $id ended $status" >&2; exit 1 ;; esac
    done
  done
  end=$(date +%s.%N)
  in_list="$(printf "'%s'," "${ids[@]}")"; in_list="${in_list%,}"
  spread="$(psql -h localhost -U recflow -d recflow -At -F: -c "select split_part(worker, '@', 1), count(*) from step where run_id in ($in_list) group by 1 order by 1" | tr '\n' ' ')"
  # The machine's 1-minute load average at the end of the round: on 2 cores, anything else running skews it.
  load="$(cut -d' ' -f1 /proc/loadavg)"
  python3 -c 'import sys; n,b,s,e,l,sp=sys.argv[1:]; w=float(e)-float(s); print(f"{n:<8} {b:<10} {w:<10.1f} {int(b)*60/w:<14.2f} {l:<12} {sp}")' \
    "$n" "$batch" "$start" "$end" "$load" "$spread" | tee -a "$work/results.txt"
  stop_processes
done
echo "bench: logs and results in $work"
