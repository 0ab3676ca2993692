# Shared by the bench scripts: start recflow processes, wait for runs. Source it after setting
# `here` (the project root) and `work` (this bench run's folder).
jar="$here/api/target/quarkus-app/quarkus-run.jar"
export DJL_OFFLINE=true OPT_OUT_TRACKING=true DJL_CACHE_DIR="${DJL_CACHE_DIR:-$HOME/.djl.ai}"

# A jq definition the benches' summaries share: the middle value, or the mean of the two middle ones.
jq_median='def median: sort | if length == 0 then null elif length % 2 == 1 then .[length / 2 | floor]
  else (.[length / 2 - 1] + .[length / 2]) / 2 end; '

pids=()
# await_exit <pid>: waits up to 60 s for a process sent SIGTERM to end, then kills it. The platforms are started
# inside `< <(...)`, so they are not this shell's children and `wait` does not wait for them.
await_exit() {
  for _ in $(seq 1 120); do kill -0 "$1" 2>/dev/null || return 0; sleep 0.5; done
  echo "bench: process $1 did not stop in 60 s; killed" >&2
  kill -9 "$1" 2>/dev/null || true
}
# stop_processes: stops them and waits until they are gone, so that the next round does not start while the
# last platform still shuts down.
stop_processes() {
  local p
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do await_exit "$p"; done
  wait 2>/dev/null || true; pids=()
}
trap stop_processes EXIT

# Builds the platform when its jar is missing or older than a source file, by ./recflow's rule: a bench must not
# measure an old build by accident (a worktree's "before" run builds its own jar the same way).
build_if_stale() {
  if [ ! -f "$jar" ] || [ -n "$(find "$here"/*/src "$here"/pom.xml "$here"/*/pom.xml -newer "$jar" -type f -print -quit 2>/dev/null)" ]; then
    "$here/mvnw" -q -B -ntp -DskipTests -pl api -am package
  fi
}

# ml_test_compile: compiles ml's tests and writes their classpath for ml_probe. Not offline: Maven fetches the
# dependency plugin from the registry the first time.
ml_test_compile() {
  "$here/mvnw" -q -pl ml test-compile dependency:build-classpath -Dmdep.includeScope=test \
      -Dmdep.outputFile="$here/ml/target/test-classpath.txt" >/dev/null
}
# ml_probe <main class> [args] [java -D options...]: runs a test-scope entry point of ml (a speed probe, LlmProbe)
# in a JVM of its own, as the platform's workers run (call ml_test_compile once before). Not inside Maven's JVM
# (exec:java): there the backbone's training steps took 7-11% longer (six alternating runs of BackboneSpeedProbe
# each way, 2026-12-05).
ml_probe() {
  local args
  read -r -a args <<<"${2:-}"
  java "${@:3}" -cp "$here/ml/target/test-classes:$here/ml/target/classes:$(cat "$here/ml/target/test-classpath.txt")" \
      "$1" "${args[@]}"
}

# matmul_ceiling <threads>: the fp32 matmul GFLOP/s of this machine's PyTorch through DJL (median of 25 1024^3 products).
matmul_ceiling() { ml_probe io.recflow.ml.llm.LlmProbe "ceiling $1" 2>/dev/null | grep -o 'median [0-9.]*' | cut -d' ' -f2; }

# As ./recflow does: few malloc arenas, or PyTorch's freed memory stays resident per thread.
export MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX:-2}"

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# start_process <name> <mode> <allowed data root> [extra java options...]: prints "<pid> <port>" once
# /q/health/ready answers. Its data dir, logs and console output are in $work/<name>.
start_process() {
  local name="$1" mode="$2" root="$3" port dir
  shift 3
  port="$(free_port)"; dir="$work/$name"; mkdir -p "$dir"
  # Processes of one bench share its admin token file: only the first start (a fresh database) writes it.
  (cd "$dir" && exec java -Xmx${RECFLOW_BENCH_HEAP:-6g} -Dquarkus.http.port="$port" -Drecflow.data-dir="$dir" \
      -Drecflow.auth.admin-token-file="$work/admin.token" \
      -Drecflow.ingest.allowed-roots="$root" "$@" -jar "$jar" up --mode "$mode" >"$dir/console.log" 2>&1) &
  local pid=$!
  for _ in $(seq 1 600); do
    if curl -fs "http://localhost:$port/q/health/ready" >/dev/null 2>&1; then echo "$pid $port"; return; fi
    kill -0 "$pid" 2>/dev/null || { echo "bench: $name died; see $dir/console.log" >&2; exit 1; }
    sleep 0.5
  done
  # This runs inside `< <(...)`: the caller never learns the pid, so the process is stopped here.
  kill "$pid" 2>/dev/null || true; await_exit "$pid"
  echo "bench: $name not ready; see $dir/console.log" >&2; exit 1
}

# api_curl <curl arguments...>: curl signed with RECFLOW_TOKEN, else the bench's admin token (written only when its
# platform started on a database without one: a bench on the shared local servers after `./recflow up --mode local`
# needs RECFLOW_TOKEN), failing on HTTP errors.
api_curl() {
  local token="${RECFLOW_TOKEN:-}"
  if [ -z "$token" ]; then
    [ -s "$work/admin.token" ] || { echo "bench: no admin token: $work/admin.token was not written (the database had" \
      "one already); set RECFLOW_TOKEN to an admin token" >&2; return 1; }
    token="$(cat "$work/admin.token")"
  fi
  curl -fsS -H "Authorization: Bearer $token" "$@"
}

# import_foundation_model <port> <catalogue name>: imports it (a no-op when it is) and waits until IMPORTED.
import_foundation_model() {
  local port="$1" name="$2" status
  api_curl -o /dev/null -H 'Content-Type: application/json' -d "{\"name\": \"$name\"}" \
    "http://localhost:$port/api/v1/foundation-models"
  for _ in $(seq 1 600); do
    status="$(api_curl "http://localhost:$port/api/v1/foundation-models/$name" | jq -r .status)"
    case "$status" in
      IMPORTED) echo "bench: foundation model $name imported" >&2; return ;;
      FAILED) echo "bench: importing $name failed" >&2; return 1 ;;
    esac
    sleep 1
  done
  echo "bench: $name not imported in 10 minutes" >&2; return 1
}

# submit <port> <spec json on stdin>: prints the run id
submit() {
  api_curl -H 'Content-Type: application/json' -d @- "http://localhost:$1/api/v1/pipelines" | jq -r .id
}

# await_run <port> <run id> [label]: waits for the run to end, drawing one progress line on stderr;
# prints the final run view (JSON) on stdout, fails unless it COMPLETED.
await_run() {
  local port="$1" id="$2" label="${3:-$2}" view status line failures=0
  while :; do
    # A failed request counts as running (a busy platform), but not 30 in a row (a minute): the platform is gone.
    if view="$(api_curl "http://localhost:$port/api/v1/pipelines/$id")"; then failures=0
    else
      failures=$((failures + 1))
      [ "$failures" -lt 30 ] || { echo >&2; echo "bench: run $id: no answer from :$port for a minute (logs in $work)" >&2; return 1; }
      view='{"status":"RUNNING"}'
    fi
    status="$(jq -r .status <<<"$view")"
    line="$(jq -r '[.stages[]? | select(.status=="RUNNING") | .stage + (if .progress and .progress.totalSteps > 0
              then " " + ((100 * .progress.step / .progress.totalSteps) | floor | tostring) + "%" else "" end)]
              | join(", ")' <<<"$view" 2>/dev/null || true)"
    printf '\r\033[K%s: %s %s' "$label" "$status" "$line" >&2
    case "$status" in
      RUNNING|WAITING_APPROVAL) sleep 2 ;;
      COMPLETED) echo >&2; echo "$view"; return ;;
      *) echo >&2; echo "bench: run $id ended $status: $(jq -r .message <<<"$view")" >&2; return 1 ;;
    esac
  done
}

# demo_platform: runs the demo (its data set, spec and champion) in $work/platform, then serves that platform with
# Temporal's dev server, as `./recflow up` does; sets pid, port and base (the API's URL).
demo_platform() {
  # Assigned before the export: `export V="$(...)"` has export's status, so a failed fetch would go unnoticed and
  # the platform would fall back to the in-memory test server.
  RECFLOW_EMBEDDED_TEMPORAL_CLI="$("$here/infra/temporal-cli.sh")"
  export RECFLOW_EMBEDDED_TEMPORAL_CLI
  mkdir -p "$work/platform"
  echo "bench: the demo (data set and spec)" >&2
  (cd "$work/platform" && java -Xmx${RECFLOW_BENCH_HEAP:-6g} -Dquarkus.http.port="$(free_port)" \
      -Drecflow.data-dir="$work/platform" -Drecflow.auth.admin-token-file="$work/admin.token" \
      -jar "$jar" demo --exit >"$work/platform/demo.log" 2>&1) \
    || { echo "bench: the demo failed; see $work/platform/demo.log" >&2; exit 1; }
  read -r pid port < <(start_process platform embedded "$work/platform")
  pids+=("$pid")
  base="http://localhost:$port/api/v1"
}

# await_sweep <port> <sweep id> [label]: waits for the sweep to end, drawing its children's statuses on stderr;
# prints the final sweep view (JSON) on stdout, fails unless it COMPLETED.
await_sweep() {
  local port="$1" id="$2" label="${3:-$2}" view status failures=0
  while :; do
    # A failed request counts as running (a busy platform), but not 12 in a row (a minute): the platform is gone.
    if view="$(api_curl "http://localhost:$port/api/v1/sweeps/$id")"; then failures=0
    else
      failures=$((failures + 1))
      [ "$failures" -lt 12 ] || { echo >&2; echo "bench: sweep $id: no answer from :$port for a minute (logs in $work)" >&2; return 1; }
      view='{"status":"RUNNING","children":[]}'
    fi
    status="$(jq -r .status <<<"$view")"
    printf '\r\033[K%s: %s (%s)' "$label" "$status" \
      "$(jq -r '[.children[].status] | group_by(.) | map("\(length) \(.[0])") | join(", ")' <<<"$view")" >&2
    case "$status" in
      RUNNING) sleep 5 ;;
      COMPLETED) echo >&2; echo "$view"; return ;;
      *) echo >&2; echo "bench: sweep $id ended $status: $(jq -r .message <<<"$view")" >&2; return 1 ;;
    esac
  done
}
