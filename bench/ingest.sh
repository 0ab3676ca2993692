#!/usr/bin/env bash
# Ingest at scale through the platform: generates interaction CSVs (bench/ingest/generate.py: 1 M rows of
# 100 k users and 10 M rows of 1 M users, 50 k items, Zipf-like; kept in bench/results/ingest-data/ for later
# runs) and runs the ingest stage of a pipeline on each, 3 times, each on a platform of its own started with
# the heap limit and stopped as soon as ingest has finished (the next stage, which reads the whole data set
# to train the tokenizer, is not what is measured and must not run into the next round). Prints per size the
# median seconds of the stage, the peak heap in use during it (from the GC log), the platform's peak resident
# memory while it ran, the artifact sizes, and the 1 M → 10 M time ratio.
#   bench/ingest.sh [sizes, default "1 10" (millions)] [heap, default 1g]
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
sizes="${1:-1 10}"
export RECFLOW_BENCH_HEAP="${2:-1g}"
data="$here/bench/results/ingest-data"
work="$here/bench/results/ingest-$(date +%Y%m%d-%H%M%S)"
mkdir -p "$work" "$data"
source "$here/bench/lib.sh"
build_if_stale

for m in $sizes; do
  csv="$data/interactions-${m}m.csv"
  if [ ! -s "$csv" ]; then
    python3 "$here/bench/ingest/generate.py" "$((m * 1000000))" "$((m * 100000))" 50000 "$csv.tmp"
    mv "$csv.tmp" "$csv"
  fi
done

# stage_json <port> <run id> <pid>: waits until the run's ingest stage has ended, sampling the platform's
# resident memory meanwhile; prints the stage (JSON) with the peak resident kB it saw.
stage_json() {
  local port="$1" id="$2" pid="$3" stage status rss peak=0
  while :; do
    # A failed request reads as PENDING below: without this the loop would outlive a dead platform.
    kill -0 "$pid" 2>/dev/null || { echo "bench: the platform (pid $pid) is gone; see its console.log under $work" >&2; exit 1; }
    rss="$(awk '/^VmRSS/ {print $2}' "/proc/$pid/status")"
    [ "$rss" -gt "$peak" ] && peak="$rss"
    stage="$(api_curl "http://localhost:$port/api/v1/pipelines/$id" | jq -c '.stages[]? | select(.stage == "ingest")')"
    status="$(jq -r '.status // "PENDING"' <<<"${stage:-{\}}")"
    case "$status" in
      COMPLETED) break ;;
      FAILED) echo "bench: ingest of run $id failed: $(jq -r .message <<<"$stage")" >&2; exit 1 ;;
    esac
    sleep 0.2
  done
  jq -c --argjson rss "$peak" '. + {peakRssKb: $rss}' <<<"$stage"
}

# stop_platform <pid> <name>: stops it; one that does not stop in 30 s (the next stage out of heap, say) is
# killed, with its embedded PostgreSQL.
stop_platform() {
  kill "$1" 2>/dev/null || true
  for _ in $(seq 1 60); do kill -0 "$1" 2>/dev/null || break; sleep 0.5; done
  if kill -0 "$1" 2>/dev/null; then
    echo "bench: $2 did not stop in 30 s; killed" >&2
    kill -9 "$1" 2>/dev/null || true
    pkill -f "postgres -D $work/$2/" || true
  fi
  wait "$1" 2>/dev/null || true
  pids=()
}

echo '[]' >"$work/results.json"
for m in $sizes; do
  for round in 1 2 3; do
    name="platform-${m}m-$round"
    read -r pid port < <(start_process "$name" embedded "$data" "-Xlog:gc:file=$work/$name/gc.log:utctime")
    pids+=("$pid")
    # a new seed each round: its own split manifest, and a run that is not a repeat of the last
    id="$(jq -n --arg uri "file://$data/interactions-${m}m.csv" --argjson seed "$round" \
          '{model: "bench-ingest", seed: $seed, data: {uri: $uri, format: "csv"}}' | submit "$port")"
    printf 'bench: %s M interactions, round %s ... ' "$m" "$round" >&2
    stage="$(stage_json "$port" "$id" "$pid")"
    stop_platform "$pid" "$name"
    echo "$(jq -r '.durationMs / 1000' <<<"$stage") s" >&2
    heap="$(python3 "$here/bench/ingest/peak_heap.py" "$work/$name/gc.log" \
            "$(jq -r .startedAt <<<"$stage")" "$(jq -r .endedAt <<<"$stage")")"
    load="$(cut -d' ' -f1 /proc/loadavg)"
    jq --argjson m "$m" --argjson round "$round" --arg load "$load" --argjson heap "$heap" --argjson stage "$stage" \
       '. + [{millions: $m, round: $round, load1m: ($load | tonumber), seconds: ($stage.durationMs / 1000),
              peakHeapMiB: $heap, peakRssMiB: ($stage.peakRssKb / 1024 | round),
              artifacts: [$stage.artifacts[] | {kind, size}]}]' \
       "$work/results.json" >"$work/results.tmp" && mv "$work/results.tmp" "$work/results.json"
  done
done

{
  echo "heap limit -Xmx$RECFLOW_BENCH_HEAP; medians of 3 rounds"
  jq -r "$jq_median"'
    (["interactions", "s (median)", "runs (s)", "peak heap MiB", "peak RSS MiB", "dataset MB", "split MB", "load"]
      | join("\t")),
    (group_by(.millions)[] | . as $g |
      [($g[0].millions | tostring) + " M", ($g | map(.seconds) | median | tostring),
       ($g | map(.seconds | tostring) | join(" ")), ($g | map(.peakHeapMiB) | max | tostring),
       ($g | map(.peakRssMiB) | max | tostring),
       ($g[0].artifacts[] | select(.kind == "dataset") | .size / 1e6 * 10 | round / 10 | tostring),
       ($g[0].artifacts[] | select(.kind == "split") | .size / 1e6 * 10 | round / 10 | tostring),
       ($g | map(.load1m | tostring) | join(" "))] | join("\t"))
  ' "$work/results.json" | column -t -s $'\t'
  jq -r "$jq_median"'
         (map(select(.millions == 1) | .seconds) | select(length > 0) | median) as $a |
         (map(select(.millions == 10) | .seconds) | select(length > 0) | median) as $b |
         "1 M -> 10 M: \($b / $a * 100 | round / 100)x the time for 10x the rows"' "$work/results.json"
} | tee "$work/results.txt"
echo "bench: results in $work/results.json and results.txt" >&2
