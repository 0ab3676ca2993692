#!/usr/bin/env bash
# Orchestration overhead: how long a pipeline waits between one activity's end and the next one's start,
# on the two Temporal servers the platform runs on by itself — the Java test server (in memory) and the
# Temporal CLI's dev server (the real server, as `./recflow up` runs it; fetched by infra/temporal-cli.sh).
# Trains the demo's data set 3 times on each (the demo spec, seeds 42..44), reads each run's event
# history and prints per server the median transition (split into the workflow's reaction and the task
# queue's dispatch), the run's start and end, the overhead summed over a run and its share of the run's
# wall time (bench/orchestration/gaps.py).
#   bench/orchestration.sh [runs per server, default 3]
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
runs="${1:-3}"
work="$here/bench/results/orchestration-$(date +%Y%m%d-%H%M%S)"
mkdir -p "$work"
source "$here/bench/lib.sh"
build_if_stale
dev_server="$("$here/infra/temporal-cli.sh")"

echo '[]' >"$work/runs.json"
for server in test-server dev-server; do
  name="platform-$server"
  mkdir -p "$work/$name"
  cli=test-server; [ "$server" = dev-server ] && cli="$dev_server"
  # The demo writes its data set into the platform's folder and trains it once: its spec is the one timed.
  echo "bench: $server: the demo (data set and spec)" >&2
  (cd "$work/$name" && RECFLOW_EMBEDDED_TEMPORAL_CLI="$cli" java -Xmx${RECFLOW_BENCH_HEAP:-6g} \
      -Dquarkus.http.port="$(free_port)" -Drecflow.data-dir="$work/$name" \
      -Drecflow.auth.admin-token-file="$work/admin.token" -jar "$jar" demo --exit >"$work/$name/demo.log" 2>&1) \
    || { echo "bench: the demo failed; see $work/$name/demo.log" >&2; exit 1; }
  read -r pid port < <(RECFLOW_EMBEDDED_TEMPORAL_CLI="$cli" start_process "$name" embedded "$work/$name")
  pids+=("$pid")
  first="$(api_curl "http://localhost:$port/api/v1/models/demo/versions/1" | jq -r .runId)"
  spec="$(api_curl "http://localhost:$port/api/v1/pipelines/$first" | jq -c .spec)"
  for seed in $(seq 42 $((41 + runs))); do
    id="$(jq -c --argjson seed "$seed" '.seed = $seed' <<<"$spec" | submit "$port")"
    await_run "$port" "$id" "$server, seed $seed" >/dev/null || true # a rejected promotion still timed the stages
    api_curl "http://localhost:$port/api/v1/pipelines/$id/history" >"$work/$name/$id.history.json"
    load="$(cut -d' ' -f1 /proc/loadavg)"
    jq --arg server "$server" --arg run "$id" --arg load "$load" \
       '. + [{server: $server, run: $run, load1m: ($load | tonumber)}]' \
       "$work/runs.json" >"$work/runs.tmp" && mv "$work/runs.tmp" "$work/runs.json"
  done
  stop_processes
done

# The histories are kept: the table can be made again from them (bench/orchestration/gaps.py).
jq -c '.[]' "$work/runs.json" | while read -r run; do
  name="platform-$(jq -r .server <<<"$run")"
  jq -c --argjson gaps "$(python3 "$here/bench/orchestration/gaps.py" "$work/$name/$(jq -r .run <<<"$run").history.json")" \
     '. + $gaps' <<<"$run"
done | jq -s . >"$work/results.json"
jq -r "$jq_median"'
  (["server", "runs", "transitions/run", "median transition ms", "react ms", "dispatch ms", "max ms",
    "start ms", "end ms", "overhead s/run", "run wall s", "share %", "load"] | join("\t")),
  (group_by(.server)[] | . as $g |
    [$g[0].server, ($g | length), ($g | map(.transitions) | median), ($g | map(.medianTransitionMs) | median),
     ($g | map(.medianReactMs) | median), ($g | map(.medianDispatchMs) | median), ($g | map(.maxTransitionMs) | max),
     ($g | map(.startMs) | median), ($g | map(.endMs) | median),
     ($g | map(.overheadSeconds) | median), ($g | map(.wallSeconds) | median),
     ($g | map(.overheadShare * 100 * 100 | round / 100) | median), ($g | map(.load1m | tostring) | join(" "))]
    | map(tostring) | join("\t"))
' "$work/results.json" | column -t -s $'\t' | tee "$work/results.txt"
echo "bench: results in $work/results.json and results.txt" >&2
