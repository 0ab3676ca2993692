#!/usr/bin/env bash
# Serving under load: wrk against the REST API, beside the machine's compute floor.
#   bench/serving.sh [platform data directory] [--model NAME] [--seconds S] [--concurrency "1 4 16 64"]
#                    [--kinds "top10 candidates"] [--warmup W]
# Without a directory it makes one, bench/results/serving-<time>/platform: runs the demo there (the
# champion demo:1), then the same spec with seed 43 (demo:2), so that the champion alias has two versions
# to move between. With one (a platform folder of an earlier bench run) it serves what that folder holds.
# Installs wrk from Debian's packages when it is missing. Then, on the model's champion, after W s of requests
# (default 30, shared by the kinds, concurrency 4: the JIT compiles the request path over the first half
# minute, and a served model runs for longer than that; measured here: concurrency 1 p50 10.0 ms after 5 s
# of warm-up, 7.9 ms after 40 s):
#   1. each concurrency, for "top 10" (the whole catalogue) and "candidates" (20 given, k 10), histories of
#      8 items drawn from the catalogue with a fixed seed: a warm-up of S/2 s, then 3 runs of S s (default
#      10); the median run's req/s, p50, p90, p99, and the errors of all three. A language model's champion
#      also answers kind "generation" (LLaRA's generated choice among 20 candidates): e.g.
#      bench/serving.sh <its platform folder> --model m --concurrency "1 4" --kinds "candidates generation"
#   2. concurrency 16 for 30 s of top 10 while the champion alias moves between the model's two newest
#      versions every 2 s: the moves, requests, errors, and how many answers each version gave
#   3. the compute floor: estimated FLOPs of one top-10 request (bench/serving/requests.py) over the fp32
#      matmul GFLOP/s measured with PyTorch on the platform's threads, beside the measured p50 at concurrency 1
#   4. the champion's model in process, without HTTP (ServingSpeedProbe, test scope of ml): milliseconds per
#      top-10 call of 1, 16 and 64 histories, after 10 s of warm-up each: what HTTP and the load generator add
# Prints each with the load average; writes serving.json in the bench folder.
# Env: RECFLOW_BENCH_THREADS (PyTorch threads of the platform, default 2).
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
model=demo seconds=10 levels="1 4 16 64" kinds="top10 candidates" warmup=30 platform=""
while [ $# -gt 0 ]; do
  case "$1" in
    --model) model="$2"; shift 2 ;;
    --seconds) seconds="$2"; shift 2 ;;
    --concurrency) levels="$2"; shift 2 ;;
    --kinds) kinds="$2"; shift 2 ;;
    --warmup) warmup="$2"; shift 2 ;;
    -*) echo "usage: bench/serving.sh [platform data directory] [--model NAME] [--seconds S] [--concurrency \"1 4 16 64\"] [--kinds \"top10 candidates generation\"] [--warmup W]" >&2; exit 2 ;;
    *) platform="$(cd "$1" && pwd)"; shift ;;
  esac
done
threads="${RECFLOW_BENCH_THREADS:-2}"
command -v wrk >/dev/null || apt-get install -y -q wrk >/dev/null || { apt-get update -q >/dev/null && apt-get install -y -q wrk >/dev/null; }
command -v wrk >/dev/null || { echo "bench: wrk is needed (Debian package wrk)" >&2; exit 1; }

if [ -n "$platform" ]; then
  [ -f "$platform/recflow.lock" ] || { echo "bench: $platform is not a platform data directory" >&2; exit 2; }
  work="$(dirname "$platform")"; name="$(basename "$platform")"
else
  work="$here/bench/results/serving-$(date +%Y%m%d-%H%M%S)"; name=platform
fi
mkdir -p "$work"
source "$here/bench/lib.sh"
build_if_stale
torch="-Dai.djl.pytorch.num_threads=$threads"

if [ -z "$platform" ]; then
  echo "bench: training the demo's champion in $work/$name" >&2
  mkdir -p "$work/$name"
  (cd "$work/$name" && java -Xmx6g "$torch" -Dquarkus.http.port="$(free_port)" -Drecflow.data-dir="$work/$name" \
      -Drecflow.auth.admin-token-file="$work/admin.token" -jar "$jar" demo --exit >"$work/demo.log" 2>&1) \
    || { echo "bench: the demo failed; see $work/demo.log" >&2; exit 1; }
fi
read -r pid port < <(start_process "$name" embedded "$work/$name" "$torch")
pids+=("$pid")
base="http://localhost:$port"
export RECFLOW_TOKEN="$(cat "$work/admin.token")"

versions() { api_curl "$base/api/v1/models/$model" | jq -r '[.versions[].version] | sort | .[-2:] | join(" ")'; }
if [ -z "$platform" ]; then
  first_run="$(api_curl "$base/api/v1/models/$model/versions/1" | jq -r .runId)"
  api_curl "$base/api/v1/pipelines/$first_run" | jq '.spec | .seed = 43' | submit "$port" \
    | { read -r id; await_run "$port" "$id" "second version (seed 43)" >/dev/null; }
fi
read -r -a pair <<<"$(versions)"
echo "bench: $model, champion $(api_curl "$base/api/v1/models/$model" | jq -r .aliases.champion); versions ${pair[*]}" >&2

url="$base/api/v1/models/$model/recommendations"
for kind in $kinds; do
  python3 "$here/bench/serving/requests.py" bodies "$base" "$model" 200 "$kind" >"$work/$kind.jsonl"
done

# load <concurrency> <seconds> <kind>: one wrk run; prints its JSON summary
load() {
  local connections="$1" duration="$2" kind="$3" out
  out="$(mktemp)"
  WRK_SUMMARY="$out" wrk -t"$(( connections < 2 ? connections : 2 ))" -c"$connections" -d"${duration}s" --timeout 60s \
    -s "$here/bench/serving/load.lua" "$url" -- "$work/$kind.jsonl" "$RECFLOW_TOKEN" >/dev/null
  jq -c --arg load "$(cut -d' ' -f1 /proc/loadavg)" '. + {load: ($load | tonumber)}' "$out"
  rm -f "$out"
}

kind_count="$(wc -w <<<"$kinds")"
for kind in $kinds; do
  load 4 "$(( (warmup + kind_count - 1) / kind_count ))" "$kind" >/dev/null
done

results="[]"
printf '%-10s %5s %9s %9s %9s %9s %7s %6s\n' kind conc req/s p50_ms p90_ms p99_ms errors load
for kind in $kinds; do
  for c in $levels; do
    load "$c" "$(( (seconds + 1) / 2 ))" "$kind" >/dev/null
    runs="$(for _ in 1 2 3; do load "$c" "$seconds" "$kind"; done | jq -s -c .)"
    row="$(jq -c --arg kind "$kind" --argjson c "$c" 'sort_by(.rps) as $r | $r[1] + {kind: $kind, concurrency: $c,
            errors: (map(.non2xx + .socketErrors) | add), runs: .}' <<<"$runs")"
    results="$(jq -c --argjson row "$row" '. + [$row]' <<<"$results")"
    jq -r '[.kind, .concurrency, .rps, .p50, .p90, .p99, .errors, .load] | @tsv' <<<"$row" \
      | awk -F'\t' '{printf "%-10s %5d %9.1f %9.1f %9.1f %9.1f %7d %6.2f\n", $1, $2, $3, $4, $5, $6, $7, $8}'
  done
done

swap="null"
if [ "${#pair[@]}" -eq 2 ]; then
  echo "bench: concurrency 16 for 30 s while the champion moves between versions ${pair[*]} every 2 s" >&2
  load 16 30 top10 >"$work/swap.json" &
  loader=$!
  moves=0 started=$SECONDS
  while [ $(( SECONDS - started )) -lt 29 ]; do
    sleep 2
    api_curl -o /dev/null -H 'Content-Type: application/json' \
      -d "{\"version\": ${pair[$(( moves % 2 ))]}, \"reason\": \"bench/serving.sh: a swap under load\"}" \
      "$base/api/v1/models/$model/aliases/champion"
    moves=$(( moves + 1 ))
  done
  wait "$loader"
  swap="$(jq -c --argjson moves "$moves" '. + {moves: $moves}' "$work/swap.json")"
  jq -r '"swaps under load: \(.moves) alias moves in \(.seconds) s, \(.requests) requests, \(.non2xx) non-2xx, \(.socketErrors) socket errors; answers per version \(.versions); p99 \(.p99) ms; load \(.load)"' <<<"$swap"
fi

flops="$(python3 "$here/bench/serving/requests.py" flops "$base" "$model")"
champion="$(api_curl "$base/api/v1/models/$model" | jq -r .aliases.champion)"
bundle_uri="$(api_curl "$base/api/v1/models/$model/versions/$champion" | jq -r .artifactUri)"
stop_processes
floor=null in_process=null
if [ "$(jq -r .flops <<<"$flops")" = null ]; then
  echo "compute floor: not estimated for a language model ($(jq -r .backbone <<<"$flops")); compare with bench/foundation.sh speed"
else
  ml_test_compile
  # The same model without HTTP: the embedded S3 server keeps each object as a file under the data directory.
  in_process="$(ml_probe io.recflow.ml.generative.ServingSpeedProbe "$work/$name/s3/${bundle_uri#s3://} 1,16,64 100" \
      "$torch" -Dai.djl.pytorch.num_interop_threads=1 2>/dev/null | grep '^{' | jq -s -c .)"
  jq -r '.[] | "in process, no HTTP: \(.batch) histories per call, median \(.medianMs) ms (quartiles \(.q1Ms)-\(.q3Ms)), \(.historiesPerSecond) histories/s"' <<<"$in_process"
  ceiling="$(matmul_ceiling "$threads")"
  p50="$(jq -r 'map(select(.kind == "top10" and .concurrency == 1)) | .[0].p50 // empty' <<<"$results")"
  floor="$(jq -n --argjson f "$flops" --argjson g "$ceiling" --arg p50 "$p50" '{flops: $f.flops, gflops: $g,
            floorMs: ($f.flops / $g / 1e6), measuredP50Ms: ($p50 | tonumber? // null)}
            | . + {ratio: (if .measuredP50Ms then .measuredP50Ms / .floorMs else null end)}')"
  jq -r '"compute floor: \(.flops / 1e6 | floor) MFLOP per top-10 request / \(.gflops) GFLOP/s = \(.floorMs * 1000 | floor / 1000) ms; measured p50 at concurrency 1: \(.measuredP50Ms) ms (\(.ratio // 0 | floor)x the floor)"' <<<"$floor"
fi
jq -n --argjson results "$results" --argjson swap "$swap" --argjson floor "$floor" --argjson shapes "$flops" \
  --argjson inProcess "$in_process" --arg threads "$threads" '{threads: ($threads | tonumber), load: $results,
  swapUnderLoad: $swap, floor: $floor, inProcess: $inProcess, shapes: $shapes}' >"$work/serving.json"
echo "bench: $work/serving.json" >&2
