#!/usr/bin/env bash
# Serving latency of the champions a bench run promoted, on that run's platform (started again on its data
# directory, e.g. bench/results/quality-<time>/platform or speed-<time>/platform-2, so the same models and
# catalogues): for each model, requests drawn from its
# catalogue with a fixed seed — 20 candidates ranked by likelihood, LLaRA's generated choice among them
# (language models only), and the top 10 of the whole catalogue — after one warm-up request each.
#   bench/serving.sh <platform data directory>... [-n requests]
# Prints the median and 90th percentile per model and kind, with the load average; writes serving.json
# beside each data directory.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
requests=20
folders=()
while [ $# -gt 0 ]; do
  case "$1" in
    -n) requests="$2"; shift 2 ;;
    *) folders+=("$(cd "$1" && pwd)"); shift ;;
  esac
done
[ ${#folders[@]} -gt 0 ] || { echo "usage: bench/serving.sh <platform data directory>... [-n requests]" >&2; exit 2; }
data="$(cd "${RECFLOW_BENCH_DATA:-$here/../shared/data}" && pwd)"

for dir in "${folders[@]}"; do
  [ -f "$dir/recflow.lock" ] || { echo "bench: $dir is not a platform data directory" >&2; exit 2; }
  work="$(dirname "$dir")"
  source "$here/bench/lib.sh"
  read -r pid port < <(start_process "$(basename "$dir")" embedded "$data" \
      -Dai.djl.pytorch.num_threads="${RECFLOW_BENCH_THREADS:-2}")
  pids+=("$pid")
  RECFLOW_TOKEN="$(cat "$work/admin.token")" python3 "$here/bench/serving_latency.py" "http://localhost:$port" \
      "$requests" | tee "$work/serving.json" \
    | jq -r '(["model", "kind", "requests", "median ms", "p90 ms", "load"] | join("\t")),
             (.[] | [.model, .kind, .requests, .medianMs, .p90Ms, .load] | map(tostring) | join("\t"))' \
    | column -t -s $'\t'
  stop_processes
done
