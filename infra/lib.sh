# shellcheck shell=bash disable=SC2034
# Shared by infra/install.sh, start.sh, stop.sh and status.sh (sourced, not run).
# Every setting is an environment variable with a default; see infra/README.md.

INFRA_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_DIR="$(cd "$INFRA_DIR/.." && pwd)"

# The data directory is the application's (recflow.data-dir / RECFLOW_DATA_DIR); local mode keeps
# everything under <data>/local so it never collides with embedded mode's <data>/postgres, <data>/s3.
DATA_DIR="${RECFLOW_DATA_DIR:-$REPO_DIR/.recflow}"
case "$DATA_DIR" in /*) ;; *) DATA_DIR="$PWD/$DATA_DIR" ;; esac
LOCAL_DIR="$DATA_DIR/local"
LOG_DIR="$LOCAL_DIR/logs"
RUN_DIR="$LOCAL_DIR/run"

HOST="${RECFLOW_INFRA_HOST:-127.0.0.1}"

PG_PORT="${RECFLOW_PG_PORT:-5432}"
PG_DB="${RECFLOW_PG_DB:-recflow}"
PG_USER="${RECFLOW_PG_USER:-recflow}"
PG_PASSWORD="${RECFLOW_PG_PASSWORD:-recflow}"
PG_HOME="$LOCAL_DIR/postgres"        # owned by the server's OS user; holds the socket
PG_DATA="$PG_HOME/data"              # the cluster (initdb)

TEMPORAL_VERSION="${RECFLOW_TEMPORAL_CLI_VERSION:-1.5.1}"
TEMPORAL_PORT="${RECFLOW_TEMPORAL_PORT:-7233}"
TEMPORAL_UI_PORT="${RECFLOW_TEMPORAL_UI_PORT:-8233}"
TEMPORAL_NAMESPACE="${RECFLOW_TEMPORAL_NAMESPACE:-default}"
TEMPORAL_HOME="$LOCAL_DIR/temporal"
# name=type pairs registered as custom search attributes (idempotent)
TEMPORAL_SEARCH_ATTRIBUTES="RecflowPipeline=Keyword RecflowDataset=Keyword RecflowModel=Keyword RecflowStatus=Keyword"

MINIO_PORT="${RECFLOW_MINIO_PORT:-9000}"
MINIO_CONSOLE_PORT="${RECFLOW_MINIO_CONSOLE_PORT:-9001}"
MINIO_USER="${MINIO_ROOT_USER:-minioadmin}"
MINIO_PASSWORD="${MINIO_ROOT_PASSWORD:-minioadmin}"
MINIO_HOME="$LOCAL_DIR/minio"
# `go install github.com/minio/minio@latest` is MinIO's documented source install; "latest" resolved to
# this pseudo-version when it was verified here (RECFLOW_MINIO_VERSION=latest takes the newest).
MINIO_VERSION="${RECFLOW_MINIO_VERSION:-v0.0.0-20260212201848-7aac2a2c5b7c}"

READY_TIMEOUT="${RECFLOW_INFRA_TIMEOUT:-90}"   # seconds a start waits for readiness
STOP_TIMEOUT="${RECFLOW_INFRA_STOP_TIMEOUT:-30}" # seconds a stop waits before SIGKILL

# Keycloak (optional: only when named, never part of "all"): the identity provider of cluster mode's
# OIDC, for the end-to-end lane and the browser tests. The distribution is a Maven Central artifact
# (org.keycloak:keycloak-quarkus-dist, zip) kept in the local Maven repository; start.sh unpacks it
# under the data directory, where its dev-mode H2 database stays too.
KEYCLOAK_VERSION="${RECFLOW_KEYCLOAK_VERSION:-26.5.6}"
KEYCLOAK_PORT="${RECFLOW_KEYCLOAK_PORT:-8180}"
# Keycloak's management interface (health) defaults to 9000, MinIO's port: always set elsewhere.
KEYCLOAK_MANAGEMENT_PORT="${RECFLOW_KEYCLOAK_MANAGEMENT_PORT:-8190}"
KEYCLOAK_ADMIN="${RECFLOW_KEYCLOAK_ADMIN:-admin}"
KEYCLOAK_ADMIN_PASSWORD="${RECFLOW_KEYCLOAK_ADMIN_PASSWORD:-admin}"
KEYCLOAK_REALM=recflow                 # the realm of infra/keycloak/recflow-realm.json
# The URL Keycloak calls itself (--hostname): tokens carry iss=$KEYCLOAK_URL/realms/recflow whichever
# host name a client used to reach it. Empty: derived from each request (Keycloak's dev default).
KEYCLOAK_URL="${RECFLOW_KEYCLOAK_URL-http://$(if [ "$HOST" = 0.0.0.0 ]; then echo 127.0.0.1; else echo "$HOST"; fi):$KEYCLOAK_PORT}"
KEYCLOAK_HOME="$LOCAL_DIR/keycloak"
KEYCLOAK_DIST="$KEYCLOAK_HOME/keycloak-$KEYCLOAK_VERSION"
# Its first start builds (augments) the server: ~70 s on 2 cores, so it waits longer than the others.
KEYCLOAK_TIMEOUT="${RECFLOW_KEYCLOAK_TIMEOUT:-$((READY_TIMEOUT > 240 ? READY_TIMEOUT : 240))}"
M2_REPO="${RECFLOW_M2_REPO:-$HOME/.m2/repository}"
KEYCLOAK_ZIP="$M2_REPO/org/keycloak/keycloak-quarkus-dist/$KEYCLOAK_VERSION/keycloak-quarkus-dist-$KEYCLOAK_VERSION.zip"

SERVICES=(postgres temporal minio)     # "all" (and no argument)
OPTIONAL_SERVICES=(keycloak)           # only when named; stop.sh/status.sh "all" include them when they run

log() { printf '[infra %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

# Go-built binaries (temporal, minio) go to RECFLOW_BIN_DIR, default $(go env GOPATH)/bin, which
# outlives a fresh clone of the repository (so does Go's build cache).
bin_dir() {
  if [ -n "${RECFLOW_BIN_DIR:-}" ]; then
    echo "$RECFLOW_BIN_DIR"
  elif command -v go >/dev/null 2>&1; then
    echo "$(go env GOPATH)/bin"
  else
    echo "${HOME}/go/bin"
  fi
}
BIN_DIR="$(bin_dir)"

# A binary from BIN_DIR first, then PATH; empty when missing.
find_bin() {
  if [ -x "$BIN_DIR/$1" ]; then echo "$BIN_DIR/$1"; else command -v "$1" 2>/dev/null || true; fi
}

temporal_bin() { find_bin temporal; }
minio_bin() { find_bin minio; }

# The newest PostgreSQL server installed from Debian packages (override: RECFLOW_PG_BINDIR).
pg_bindir() {
  if [ -n "${RECFLOW_PG_BINDIR:-}" ]; then echo "$RECFLOW_PG_BINDIR"; return; fi
  local d
  d="$(printf '%s\n' /usr/lib/postgresql/*/bin | sort -V | tail -n 1)"
  if [ -x "$d/postgres" ]; then echo "$d"; return; fi
  d="$(command -v pg_ctl 2>/dev/null || true)"
  [ -n "$d" ] && dirname "$(readlink -f "$d")"
  return 0
}

# PostgreSQL refuses to run as root: as root, every server command runs as the OS user postgres.
PG_OS_USER="$(if [ "$(id -u)" = 0 ]; then echo "${RECFLOW_PG_OS_USER:-postgres}"; else id -un; fi)"
as_pg() {
  if [ "$(id -u)" = 0 ]; then
    # cd: runuser keeps the caller's cwd, which the postgres user may not be allowed to read
    (cd / && runuser -u "$PG_OS_USER" -- "$@")
  else
    "$@"
  fi
}

pid_file() { echo "$RUN_DIR/$1.pid"; }

# The name of a service's executable: its own, but Keycloak is a JVM (bin/kc.sh starts java).
service_exe() { case "$1" in keycloak) echo java ;; *) echo "$1" ;; esac; }

exe_of() { local e; e="$(readlink "/proc/$1/exe" 2>/dev/null || true)"; echo "${e% (deleted)}"; }

# What identifies a service's process besides its binary's name: one argument, its data path.
service_marker() {
  case "$1" in
    postgres) echo "$PG_DATA" ;;
    temporal) echo "$TEMPORAL_HOME/temporal.db" ;;
    minio) echo "$MINIO_HOME/data" ;;
    # kc.sh passes -Dkc.home.dir='<its resolved bin dir>/..' to java
    keycloak) echo "-Dkc.home.dir=$(readlink -m "$KEYCLOAK_DIST")/bin/.." ;;
  esac
}

# Has process <pid> <argument> among its arguments?
pid_has_arg() {
  local a args
  { mapfile -d '' -t args <"/proc/$1/cmdline"; } 2>/dev/null || return 1
  for a in "${args[@]:1}"; do [ "$a" = "$2" ] && return 0; done
  return 1
}

# The pid of the process running <binary name> with <argument> among its arguments, if any.
find_service_pid() {
  local name="$1" arg="$2" p exe a args
  for p in /proc/[0-9]*; do
    { mapfile -d '' -t args <"$p/cmdline"; } 2>/dev/null || continue   # a builtin: no fork per process
    for a in "${args[@]:1}"; do
      [ "$a" = "$arg" ] || continue
      exe="$(exe_of "${p#/proc/}")"
      if [ "${exe##*/}" = "$name" ]; then echo "${p#/proc/}"; return 0; fi
    done
  done
}

# The pid of a running service, or nothing. From its pid file, when that process is still the
# service's binary (a reused pid does not count); else found by its data path (a lost pid file),
# and the pid file is written again.
running_pid() {
  local f pid exe
  f="$(pid_file "$1")"
  if [ -f "$f" ]; then
    pid="$(head -n 1 "$f" 2>/dev/null || true)"
    if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
      exe="$(exe_of "$pid")"
      if [ -z "$exe" ] || [ "${exe##*/}" = "$(service_exe "$1")" ]; then
        # a generic executable (java) counts only with the service's marker among its arguments
        if [ "$(service_exe "$1")" = "$1" ] || pid_has_arg "$pid" "$(service_marker "$1")"; then echo "$pid"; return 0; fi
      fi
    fi
    rm -f "$f"
  fi
  pid="$(find_service_pid "$(service_exe "$1")" "$(service_marker "$1")")"
  if [ -n "$pid" ]; then
    mkdir -p "$RUN_DIR" && echo "$pid" >"$f"
    echo "$pid"
  fi
  return 0
}

# Is something listening on HOST:port? (bash's /dev/tcp: no extra tools)
port_open() { (exec 3<>"/dev/tcp/$HOST/$1") 2>/dev/null; }

# wait_until <seconds> <description> <command...>
wait_until() {
  local timeout="$1"; shift 2   # $2 names what is awaited, for the reader
  local deadline=$((SECONDS + timeout))
  until "$@" >/dev/null 2>&1; do
    if [ "$SECONDS" -ge "$deadline" ]; then return 1; fi
    sleep 0.5
  done
}

# Arguments -> SELECTED, the services to act on in start order (all when none or "all"; an optional
# service such as keycloak only when named). ALL_ASKED=1 when "all" was meant.
SELECTED=()
ALL_ASKED=0
parse_services() {
  local s want=()
  ALL_ASKED=0
  [ "$#" -eq 0 ] && { want=("${SERVICES[@]}"); ALL_ASKED=1; }
  for s in "$@"; do
    case "$s" in
      all) want+=("${SERVICES[@]}"); ALL_ASKED=1 ;;
      postgres|temporal|minio|keycloak) want+=("$s") ;;
      *) die "unknown service '$s' (postgres, temporal, minio, keycloak or all)" ;;
    esac
  done
  SELECTED=()
  for s in "${SERVICES[@]}" "${OPTIONAL_SERVICES[@]}"; do
    case " ${want[*]} " in *" $s "*) SELECTED+=("$s") ;; esac
  done
}

# For stop.sh and status.sh: "all" also takes an optional service that runs from this data directory
# (so `stop.sh all` never leaves a Keycloak behind).
select_running_optional() {
  local s
  [ "$ALL_ASKED" = 1 ] || return 0
  for s in "${OPTIONAL_SERVICES[@]}"; do
    case " ${SELECTED[*]} " in *" $s "*) continue ;; esac
    if [ -n "$(running_pid "$s")" ]; then SELECTED+=("$s"); fi
  done
}

postgres_ready() { "$(pg_bindir)/pg_isready" -q -h "$HOST" -p "$PG_PORT"; }
temporal_ready() { "$(temporal_bin)" operator cluster health --address "$HOST:$TEMPORAL_PORT" 2>/dev/null | grep -q SERVING; }
minio_ready() { curl -fsS -o /dev/null --max-time 2 "http://$HOST:$MINIO_PORT/minio/health/ready"; }
# Ready = the recflow realm's discovery document answers (so the realm import is done too).
keycloak_ready() { curl -fsS -o /dev/null --max-time 3 "http://$HOST:$KEYCLOAK_PORT/realms/$KEYCLOAK_REALM/.well-known/openid-configuration"; }
