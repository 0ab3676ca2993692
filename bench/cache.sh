#!/usr/bin/env bash
# Reused work (the step cache): the demo's data set and spec, trained cold with a new seed, then the very
# same spec again, then a re-run of the first run from fine-tune with another adapter (LoRA, one expert).
# Per round it prints each run's wall time (the run's start to its end, as the API records them), which
# stages were reused, and the share of the stage time that was reused (the reused stages' time in the run
# they came from, over that plus the time of the stages that computed). Medians over the rounds, with
# the load average. Embedded platform with Temporal's dev server, as `./recflow up` runs it.
#   bench/cache.sh [rounds, default 3]
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
rounds="${1:-3}"
work="$here/bench/results/cache-$(date +%Y%m%d-%H%M%S)"
mkdir -p "$work"
source "$here/bench/lib.sh"
build_if_stale
demo_platform
first="$(api_curl "$base/models/demo/versions/1" | jq -r .runId)"
spec="$(api_curl "$base/pipelines/$first" | jq -c '.spec | del(.cache)')"

# record <kind> <round> <view json>: one result line (JSON) from a finished run's view
record() {
  local kind="$1" round="$2" view="$3" load
  load="$(cut -d' ' -f1 /proc/loadavg)"
  jq -c --arg kind "$kind" --argjson round "$round" --arg load "$load" '
    def epoch: (sub("\\.[0-9]+Z$"; "Z") | fromdateiso8601) + (([capture("\\.(?<f>[0-9]+)Z$").f][0] // "0") | "0." + . | tonumber);
    {kind: $kind, round: $round, run: .id, load1m: ($load | tonumber),
      wallSeconds: ((((.endedAt | epoch) - (.startedAt | epoch)) * 10 | round) / 10),
      stages: [.stages[] | {stage, status, ms: .durationMs, reusedFrom: .reusedFrom.runId}]}' <<<"$view"
}

: >"$work/runs.jsonl"
for round in $(seq 1 "$rounds"); do
  seed=$((1000 + round))
  cold="$(jq -c --argjson seed "$seed" '.seed = $seed' <<<"$spec" | submit "$port")"
  record cold "$round" "$(await_run "$port" "$cold" "round $round: cold")" >>"$work/runs.jsonl"
  again="$(jq -c --argjson seed "$seed" '.seed = $seed' <<<"$spec" | submit "$port")"
  record identical "$round" "$(await_run "$port" "$again" "round $round: identical")" >>"$work/runs.jsonl"
  rerun="$(api_curl -H 'Content-Type: application/json' \
      -d '{"from": "fine-tune", "spec": {"training": {"adapter": "lora", "experts": 1}}}' \
      "$base/pipelines/$cold/rerun" | jq -r .id)"
  record rerun-fine-tune "$round" "$(await_run "$port" "$rerun" "round $round: rerun from fine-tune")" \
    >>"$work/runs.jsonl"
done

# The share reused: a CACHED stage counts the time its stage took in the cold run of its round.
jq -s "$jq_median"'
  (map(select(.kind == "cold")) | map({key: (.round | tostring), value: (.stages | map({key: .stage, value: .ms}) | from_entries)})
    | from_entries) as $cold
  | map(. as $r | . + {reusedSeconds: (([$r.stages[] | select(.status == "CACHED") | $cold[($r.round | tostring)][.stage]] | add // 0) / 1000),
                        computedSeconds: (([$r.stages[] | select(.status != "CACHED") | .ms] | add) / 1000)})
  | map(. + {reusedShare: (if .reusedSeconds + .computedSeconds > 0 then .reusedSeconds / (.reusedSeconds + .computedSeconds) else 0 end),
             reused: ([.stages[] | select(.status == "CACHED") | .stage] | join(","))})
  | group_by(.kind) | map({kind: .[0].kind, rounds: length, medianWallSeconds: (map(.wallSeconds) | median),
      wallSeconds: map(.wallSeconds), reused: .[0].reused, medianReusedShare: (map(.reusedShare) | median),
      load1m: map(.load1m)})' "$work/runs.jsonl" >"$work/results.json"
jq -r '(["run", "rounds", "median wall s", "wall s (rounds)", "stages reused", "share of stage time reused", "load 1m"] | join("\t")),
  (sort_by(.medianWallSeconds) | reverse[] | [.kind, .rounds, .medianWallSeconds, (.wallSeconds | map(tostring) | join(" / ")),
    (if .reused == "" then "-" else .reused end), ((.medianReusedShare * 1000 | round) / 10 | tostring) + " %",
    (.load1m | map(tostring) | join(" / "))] | @tsv)' "$work/results.json" | column -t -s $'\t'
echo "bench: runs and results in $work" >&2
