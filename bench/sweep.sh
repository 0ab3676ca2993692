#!/usr/bin/env bash
# A sweep against separate runs: the demo's data set and spec, 6 configurations (training.experts 1, 2, 4 x
# training.rank 4, 8), run as 6 separate runs one after another, each awaited, as a person or a script would
# without sweeps, with the step cache on (its default: tokenize and the pre-trained base are shared; with
# RECFLOW_BENCH_UNCACHED=1 also once with it off, every run computing everything as before the cache) — and as one
# sweep (POST /api/v1/sweeps, 2 children at a time). Each way has its own seed, so none reuses another's work. Per round: each way's wall
# time (first start to last end), the stage time its runs computed and the share they reused, and the sweep's
# best child. Medians over the rounds, with the load average. Embedded platform with Temporal's dev server, as
# `./recflow up` runs it.
#   bench/sweep.sh [rounds, default 1]
#   RECFLOW_BENCH_EPOCHS=N  shortens pre-training and fine-tuning to N epochs each (default: the demo's)
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
rounds="${1:-1}"
work="$here/bench/results/sweep-$(date +%Y%m%d-%H%M%S)"
mkdir -p "$work"
source "$here/bench/lib.sh"
build_if_stale
demo_platform
first="$(api_curl "$base/models/demo/versions/1" | jq -r .runId)"
spec="$(api_curl "$base/pipelines/$first" | jq -c --arg e "${RECFLOW_BENCH_EPOCHS:-}" '.spec | del(.cache)
  | if $e == "" then . else .training.pretrainEpochs = ($e | tonumber) | .training.fineTuneEpochs = ($e | tonumber) end')"
configurations='[{"experts":1,"rank":4},{"experts":1,"rank":8},{"experts":2,"rank":4},{"experts":2,"rank":8},
                 {"experts":4,"rank":4},{"experts":4,"rank":8}]'

# stage_times <run view>: {computedMs, reusedMs} of one finished run; a reused stage counts the time it took in
# the run it was reused from (a reused pre-trained base inside a computed fine-tune is not counted as reused)
stage_times() {
  local view="$1" reused=0 computed
  computed="$(jq '[.stages[] | select(.status != "CACHED") | .durationMs // 0] | add' <<<"$view")"
  while read -r stage from; do
    [ -n "$stage" ] || continue
    reused=$((reused + $(api_curl "$base/pipelines/$from" | jq --arg s "$stage" '.stages[] | select(.stage == $s) | .durationMs // 0')))
  done < <(jq -r '.stages[] | select(.status == "CACHED") | .stage + " " + .reusedFrom.runId' <<<"$view")
  jq -n --argjson c "$computed" --argjson r "$reused" \
    --argjson b "$(jq '[.stages[] | select(.stage == "fine-tune") | .metrics.pretrainReused // 0] | add // 0' <<<"$view")" \
    '{computedMs: $c, reusedMs: $r, baseReused: $b}'
}

epoch() { date -d "$1" +%s; }

: >"$work/ways.jsonl"
for round in $(seq 1 "$rounds"); do
  # 6 separate runs, one after another: without the step cache (every run computes everything, as before it), then
  # with it (its default)
  for way in ${RECFLOW_BENCH_UNCACHED:+separate-uncached} separate; do
    if [ "$way" = separate ]; then seed=$((2000 + round)); else seed=$((1000 + round)); fi
    start=""; end=""; times="[]"
    for i in $(seq 0 5); do
      run_spec="$(jq -c --argjson seed "$seed" --argjson c "$(jq -c ".[$i]" <<<"$configurations")" \
        --argjson cache "$([ "$way" = separate ] && echo true || echo false)" \
        '.seed = $seed | .training.experts = $c.experts | .training.rank = $c.rank | .cache = $cache' <<<"$spec")"
      id="$(submit "$port" <<<"$run_spec")"
      view="$(await_run "$port" "$id" "round $round: $way run $((i + 1)) of 6")"
      [ -n "$start" ] || start="$(jq -r .startedAt <<<"$view")"
      end="$(jq -r .endedAt <<<"$view")"
      times="$(jq -c --argjson t "$(stage_times "$view")" '. + [$t]' <<<"$times")"
    done
    jq -c -n --arg way "$way" --argjson round "$round" --argjson wall $(( $(epoch "$end") - $(epoch "$start") )) \
      --argjson times "$times" --arg load "$(cut -d' ' -f1 /proc/loadavg)" \
      '{way: $way, round: $round, wallSeconds: $wall, computedMs: ([$times[].computedMs] | add),
        reusedMs: ([$times[].reusedMs] | add), basesReused: ([$times[].baseReused] | add),
        load1m: ($load | tonumber)}' >>"$work/ways.jsonl"
  done

  # the same 6 configurations as one sweep
  seed=$((3000 + round))
  request="$(jq -c -n --argjson spec "$(jq -c --argjson seed "$seed" '.seed = $seed' <<<"$spec")" \
    '{spec: $spec, grid: {"training.experts": [1, 2, 4], "training.rank": [4, 8]}, maxParallel: 2}')"
  sweep="$(api_curl -H 'Content-Type: application/json' -d "$request" "$base/sweeps" | jq -r .id)"
  view="$(await_sweep "$port" "$sweep" "round $round: sweep")"
  echo "$view" >"$work/sweep-round-$round.json"
  times="[]"
  for child in $(jq -r '.children[].runId' <<<"$view"); do
    times="$(jq -c --argjson t "$(stage_times "$(api_curl "$base/pipelines/$child")")" '. + [$t]' <<<"$times")"
  done
  jq -c -n --arg way sweep --argjson round "$round" \
    --argjson wall $(( $(epoch "$(jq -r .endedAt <<<"$view")") - $(epoch "$(jq -r .startedAt <<<"$view")") )) \
    --argjson times "$times" --arg load "$(cut -d' ' -f1 /proc/loadavg)" --argjson view "$view" \
    '{way: $way, round: $round, wallSeconds: $wall, computedMs: ([$times[].computedMs] | add),
      reusedMs: ([$times[].reusedMs] | add), basesReused: ([$times[].baseReused] | add), load1m: ($load | tonumber), best: ($view.best as $b
      | $view.children[] | select(.runId == $b) | .overrides | to_entries | map("\(.key)=\(.value)") | join(" "))}' \
    >>"$work/ways.jsonl"
done

jq -s "$jq_median"'
  group_by(.way) | map({way: .[0].way, rounds: length, medianWallSeconds: (map(.wallSeconds) | median),
    wallSeconds: map(.wallSeconds), computedSeconds: (map(.computedMs / 1000) | median | round),
    reusedShare: (map(.reusedMs / (.reusedMs + .computedMs)) | median), basesReused: (map(.basesReused) | median), best: (map(.best // empty) | join(" / ")),
    load1m: map(.load1m)})' "$work/ways.jsonl" >"$work/results.json"
jq -r '(["6 configurations as", "rounds", "median wall s", "wall s (rounds)", "stage time computed s",
         "share of stage time reused", "pre-trained bases reused", "best (validation)", "load 1m"] | join("\t")),
  (.[] | [.way, .rounds, .medianWallSeconds, (.wallSeconds | map(tostring) | join(" / ")), .computedSeconds,
    ((.reusedShare * 1000 | round) / 10 | tostring) + " %", .basesReused, (if .best == "" then "-" else .best end),
    (.load1m | map(tostring) | join(" / "))] | @tsv)' "$work/results.json" | column -t -s $'\t'
echo "bench: runs and results in $work" >&2
