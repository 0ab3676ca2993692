#!/usr/bin/env bash
# A sweep on a real data set in ../shared/data, run through the platform: the request in
# bench/quality/sweeps/<name>.json (@DATA@ stands for the data folder), e.g. the tokenizer sweep on
# letter-instruments. Prints the sweep's table and, per child, its test numbers beside SASRec's and popularity's
# on the same users, with the paired bootstrap of the child against SASRec (from the child's evaluation report).
#   bench/sweep-quality.sh <name>
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
name="${1:?usage: bench/sweep-quality.sh <name of bench/quality/sweeps/*.json>}"
request_file="$here/bench/quality/sweeps/$name.json"
[ -f "$request_file" ] || { echo "bench: no $request_file" >&2; exit 2; }
data="$(cd "${RECFLOW_BENCH_DATA:-$here/../shared/data}" && pwd)"
work="$here/bench/results/sweep-quality-$name-$(date +%Y%m%d-%H%M%S)"
mkdir -p "$work"
source "$here/bench/lib.sh"
build_if_stale
read -r pid port < <(start_process platform embedded "$data" -Dai.djl.pytorch.num_threads="${RECFLOW_BENCH_THREADS:-2}")
pids+=("$pid")
base="http://localhost:$port/api/v1"
started=$(date +%s)
sweep="$(sed "s|@DATA@|$data|g" "$request_file" | api_curl -H 'Content-Type: application/json' -d @- "$base/sweeps" \
  | jq -r .id)"
echo "bench: sweep $sweep on :$port, logs in $work" >&2
view="$(await_sweep "$port" "$sweep")"
echo "$view" >"$work/sweep.json"
metric="$(jq -r .selectBy <<<"$view")"
echo "sweep $sweep: $(( $(date +%s) - started )) s, load $(cut -d' ' -f1-3 /proc/loadavg); best by validation $metric: $(jq -r .best <<<"$view")"
: >"$work/children.jsonl"
for child in $(jq -r '.children[].runId' <<<"$view"); do
  run="$(api_curl "$base/pipelines/$child")"
  version="$(jq -r '.modelVersion | "\(.name)/versions/\(.version)"' <<<"$run")"
  api_curl "$base/models/$version/report" >"$work/$child.report.json"
  jq -c --argjson run "$run" --arg metric "$metric" --argjson sweep "$view" '
    ($sweep.children[] | select(.runId == $run.id)) as $c
    | {child: $run.id, overrides: ($c.overrides | to_entries | map("\(.key)=\(.value)") | join(" ")),
       minutes: ((([$run.stages[].durationMs // 0] | add) / 60000 * 10 | round) / 10),
       validation: $c.validation[$metric], test: .metrics.candidate[$metric], sasrec: .metrics.sasrec[$metric],
       popularity: .metrics.popularity[$metric], collisionRate: ($run.stages[1].metrics.collisionRate),
       vsSasrec: .paired.candidateVs.sasrec[$metric], offered: $c.offered}' "$work/$child.report.json" \
    >>"$work/children.jsonl"
done
jq -r --arg metric "$metric" -s '(["child", "changes", "stage min", "collisions", "valid " + $metric, "test " + $metric,
    "SASRec", "popularity", "gain vs SASRec [95% CI]", "p", "offered"] | join("\t")),
  (.[] | [.child, .overrides, .minutes, ((.collisionRate // 0) * 1000 | round / 1000), (.validation * 10000 | round / 10000),
    (.test * 10000 | round / 10000), (.sasrec * 10000 | round / 10000), (.popularity * 10000 | round / 10000),
    "\(.vsSasrec.difference * 10000 | round / 10000) [\(.vsSasrec.low * 10000 | round / 10000), \(.vsSasrec.high * 10000 | round / 10000)]",
    .vsSasrec.p, .offered] | map(tostring) | @tsv)' "$work/children.jsonl" | column -t -s $'\t' | tee "$work/results.txt"
echo "bench: results in $work" >&2
