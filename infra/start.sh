#!/usr/bin/env bash
# Starts the local-mode servers on this machine, each with its data under <data>/local:
#   infra/start.sh [postgres|temporal|minio|keycloak|all]   (default: all = the first three)
# - postgres: its own cluster (initdb) in <data>/local/postgres, role/database recflow, port 5432
# - temporal: `temporal server start-dev` (SQLite <data>/local/temporal/temporal.db), gRPC 7233,
#             Web UI 8233, custom search attributes RecflowPipeline/Dataset/Model/Status (Keyword)
# - minio:    `minio server <data>/local/minio/data`, S3 API 9000, console 9001, minioadmin/minioadmin,
#             bucket recflow
# - keycloak: (only when named) `kc.sh start-dev` unpacked in <data>/local/keycloak, port 8180
#             (management/health 8190), admin/admin, realm recflow imported from infra/keycloak/
# Each start waits until the server is ready, writes <data>/local/run/<name>.pid and is a no-op when
# the server already runs. Logs: <data>/local/logs/<name>.log. Install first: infra/install.sh
set -euo pipefail
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

case "${1:-}" in -h|--help) sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;; esac
parse_services "$@"
mkdir -p "$LOG_DIR" "$RUN_DIR"

fail_with_log() { # <service> <message>
  log "$1: last lines of $LOG_DIR/$1.log:"
  tail -n 25 "$LOG_DIR/$1.log" >&2 || true
  die "$1: $2"
}

# Runs a server detached (own session, no terminal, output to its log); prints its pid.
launch() { # <service> <command...>
  local name="$1"; shift
  printf '\n==== %s start %s\n' "$(date -Is)" "$name" >>"$LOG_DIR/$name.log"
  setsid "$@" >>"$LOG_DIR/$name.log" 2>&1 </dev/null &
  echo $!
}

# ------------------------------------------------------------------------------------ postgres
pg_listen() { if [ "$HOST" = 127.0.0.1 ]; then echo localhost; else echo "$HOST"; fi; }

pg_admin() { # psql as the superuser over the cluster's own socket
  as_pg "$(pg_bindir)/psql" -h "$PG_HOME" -p "$PG_PORT" -U postgres -d postgres -X -q -v ON_ERROR_STOP=1 "$@"
}

pg_ensure_app_db() {
  pg_admin -v user="$PG_USER" -v pw="$PG_PASSWORD" -v db="$PG_DB" >/dev/null <<'SQL'
SELECT format('CREATE ROLE %I LOGIN', :'user') WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = :'user') \gexec
ALTER ROLE :"user" WITH LOGIN PASSWORD :'pw';
SELECT format('CREATE DATABASE %I OWNER %I ENCODING ''UTF8''', :'db', :'user')
 WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = :'db') \gexec
SQL
}

start_postgres() {
  local bindir pid
  bindir="$(pg_bindir)"
  if [ -z "$bindir" ] || [ ! -x "$bindir/initdb" ]; then die "postgres: not installed (run infra/install.sh postgres)"; fi

  pid="$(running_pid postgres)"
  if [ -z "$pid" ] && [ -f "$PG_DATA/postmaster.pid" ]; then   # ours, but its pid file is gone
    pid="$(head -n 1 "$PG_DATA/postmaster.pid")"
    if kill -0 "$pid" 2>/dev/null; then echo "$pid" >"$(pid_file postgres)"; else pid=""; fi
  fi
  if [ -n "$pid" ]; then
    wait_until "$READY_TIMEOUT" "postgres" postgres_ready || die "postgres: pid $pid runs but is not ready"
    log "postgres: already running (pid $pid, $HOST:$PG_PORT)"
    return
  fi
  port_open "$PG_PORT" && die "postgres: port $PG_PORT is taken by another process (Debian's own cluster? see pg_lsclusters; or set RECFLOW_PG_PORT)"

  mkdir -p "$PG_HOME"
  if [ "$(id -u)" = 0 ]; then chown "$PG_OS_USER:" "$PG_HOME"; fi
  chmod 700 "$PG_HOME"
  as_pg test -w "$PG_HOME" || die "postgres: the OS user '$PG_OS_USER' cannot reach $PG_HOME (a parent directory is not searchable by it); set RECFLOW_DATA_DIR to a directory it can reach"

  if [ ! -s "$PG_DATA/PG_VERSION" ]; then
    log "postgres: initdb $PG_DATA"
    as_pg "$bindir/initdb" -D "$PG_DATA" -U postgres -E UTF8 --locale=C \
      --auth-local=trust --auth-host=scram-sha-256 >>"$LOG_DIR/postgres.log" 2>&1 \
      || fail_with_log postgres "initdb failed"
  fi
  touch "$LOG_DIR/postgres.log"
  if [ "$(id -u)" = 0 ]; then chown "$PG_OS_USER:" "$LOG_DIR/postgres.log"; fi

  log "postgres: starting on $HOST:$PG_PORT"
  # pg_ctl hands -o to sh: the quotes keep a path with spaces in one argument
  as_pg "$bindir/pg_ctl" -D "$PG_DATA" -l "$LOG_DIR/postgres.log" -w -t "$READY_TIMEOUT" \
    -o "-c listen_addresses=$(pg_listen) -c port=$PG_PORT -c unix_socket_directories='$PG_HOME'" \
    start >/dev/null || fail_with_log postgres "did not start"
  head -n 1 "$PG_DATA/postmaster.pid" >"$(pid_file postgres)"
  wait_until "$READY_TIMEOUT" postgres postgres_ready || fail_with_log postgres "not ready after ${READY_TIMEOUT}s"
  pg_ensure_app_db || die "postgres: could not create role/database $PG_USER/$PG_DB"
  log "postgres: ready (pid $(cat "$(pid_file postgres)"), jdbc:postgresql://localhost:$PG_PORT/$PG_DB user $PG_USER)"
}

# ------------------------------------------------------------------------------------ temporal
temporal_cli() { "$(temporal_bin)" "$@" --address "$HOST:$TEMPORAL_PORT" --namespace "$TEMPORAL_NAMESPACE"; }

temporal_ensure_search_attributes() {
  local existing pair name type
  existing="$(temporal_cli operator search-attribute list 2>/dev/null || true)"
  for pair in $TEMPORAL_SEARCH_ATTRIBUTES; do
    name="${pair%%=*}"; type="${pair#*=}"
    if grep -qw "$name" <<<"$existing"; then continue; fi
    # a namespace just created may need a moment before it accepts attributes: retry briefly
    wait_until 20 "search attribute $name" temporal_cli operator search-attribute create --name "$name" --type "$type" \
      || die "temporal: could not create search attribute $name ($type)"
    log "temporal: search attribute $name ($type) created"
  done
}

start_temporal() {
  local bin pid p
  bin="$(temporal_bin)"
  [ -n "$bin" ] || die "temporal: the CLI is not installed (run infra/install.sh temporal)"
  pid="$(running_pid temporal)"
  if [ -n "$pid" ]; then
    wait_until "$READY_TIMEOUT" temporal temporal_ready || die "temporal: pid $pid runs but is not ready"
    log "temporal: already running (pid $pid, $HOST:$TEMPORAL_PORT, UI http://localhost:$TEMPORAL_UI_PORT)"
    return
  fi
  for p in "$TEMPORAL_PORT" "$TEMPORAL_UI_PORT"; do
    port_open "$p" && die "temporal: port $p is taken by another process (set RECFLOW_TEMPORAL_PORT / RECFLOW_TEMPORAL_UI_PORT)"
  done
  mkdir -p "$TEMPORAL_HOME"
  log "temporal: starting the dev server on $HOST:$TEMPORAL_PORT (UI :$TEMPORAL_UI_PORT, db $TEMPORAL_HOME/temporal.db)"
  local args=(server start-dev --db-filename "$TEMPORAL_HOME/temporal.db" --ip "$HOST"
    --port "$TEMPORAL_PORT" --ui-port "$TEMPORAL_UI_PORT" --log-level "${RECFLOW_TEMPORAL_LOG_LEVEL:-warn}")
  [ "$TEMPORAL_NAMESPACE" = default ] || args+=(--namespace "$TEMPORAL_NAMESPACE")
  pid="$(launch temporal "$bin" "${args[@]}")"
  echo "$pid" >"$(pid_file temporal)"
  if ! wait_until "$READY_TIMEOUT" temporal temporal_ready; then
    kill "$pid" 2>/dev/null || true
    fail_with_log temporal "not ready after ${READY_TIMEOUT}s"
  fi
  temporal_ensure_search_attributes
  log "temporal: ready (pid $pid, $HOST:$TEMPORAL_PORT, UI http://localhost:$TEMPORAL_UI_PORT)"
}

# ------------------------------------------------------------------------------------ minio
# The application creates its bucket itself; creating it here too (idempotent) also proves the
# credentials. curl signs the request (SigV4); a 409 means it already exists.
minio_ensure_bucket() {
  local bucket="${RECFLOW_S3_BUCKET:-recflow}" code
  code="$(curl -sS -o /dev/null -w '%{http_code}' --max-time 10 -X PUT \
    --aws-sigv4 "aws:amz:${RECFLOW_S3_REGION:-us-east-1}:s3" --user "$MINIO_USER:$MINIO_PASSWORD" \
    "http://$HOST:$MINIO_PORT/$bucket" || true)"
  case "$code" in
    200) log "minio: bucket $bucket created" ;;
    409) ;;
    *) log "minio: WARNING: creating bucket $bucket answered HTTP $code (the application will try itself)" ;;
  esac
}

start_minio() {
  local bin pid p
  bin="$(minio_bin)"
  [ -n "$bin" ] || die "minio: not installed (run infra/install.sh minio)"
  pid="$(running_pid minio)"
  if [ -n "$pid" ]; then
    wait_until "$READY_TIMEOUT" minio minio_ready || die "minio: pid $pid runs but is not ready"
    log "minio: already running (pid $pid, http://$HOST:$MINIO_PORT)"
    return
  fi
  for p in "$MINIO_PORT" "$MINIO_CONSOLE_PORT"; do
    port_open "$p" && die "minio: port $p is taken by another process (set RECFLOW_MINIO_PORT / RECFLOW_MINIO_CONSOLE_PORT)"
  done
  mkdir -p "$MINIO_HOME/data"
  log "minio: starting on $HOST:$MINIO_PORT (console :$MINIO_CONSOLE_PORT, data $MINIO_HOME/data)"
  pid="$(MINIO_ROOT_USER="$MINIO_USER" MINIO_ROOT_PASSWORD="$MINIO_PASSWORD" MINIO_UPDATE=off \
    launch minio "$bin" server "$MINIO_HOME/data" --quiet \
      --address "$HOST:$MINIO_PORT" --console-address "$HOST:$MINIO_CONSOLE_PORT")"
  echo "$pid" >"$(pid_file minio)"
  if ! wait_until "$READY_TIMEOUT" minio minio_ready; then
    kill "$pid" 2>/dev/null || true
    fail_with_log minio "not ready after ${READY_TIMEOUT}s"
  fi
  minio_ensure_bucket
  log "minio: ready (pid $pid, http://$HOST:$MINIO_PORT, console http://localhost:$MINIO_CONSOLE_PORT, $MINIO_USER/$MINIO_PASSWORD)"
}

# ------------------------------------------------------------------------------------ keycloak
# The distribution, unpacked once per data directory (its dev-mode H2 database lives in its data/).
keycloak_unpack() {
  local tmp
  [ -x "$KEYCLOAK_DIST/bin/kc.sh" ] && return
  [ -s "$KEYCLOAK_ZIP" ] || die "keycloak: $KEYCLOAK_ZIP is missing (run infra/install.sh keycloak)"
  command -v unzip >/dev/null 2>&1 || die "keycloak: needs unzip (apt-get install -y unzip)"
  log "keycloak: unpacking $(basename "$KEYCLOAK_ZIP") -> $KEYCLOAK_DIST"
  mkdir -p "$KEYCLOAK_HOME"
  tmp="$(mktemp -d "$KEYCLOAK_HOME/.unpack.XXXXXX")"
  unzip -q "$KEYCLOAK_ZIP" -d "$tmp" || { rm -rf "$tmp"; die "keycloak: could not unpack $KEYCLOAK_ZIP"; }
  [ -x "$tmp/keycloak-$KEYCLOAK_VERSION/bin/kc.sh" ] || { rm -rf "$tmp"; die "keycloak: $KEYCLOAK_ZIP holds no keycloak-$KEYCLOAK_VERSION/bin/kc.sh"; }
  mv "$tmp/keycloak-$KEYCLOAK_VERSION" "$KEYCLOAK_DIST"
  rm -rf "$tmp"
}

# SIGTERM to the launched kc.sh (it forwards it to java) and to the JVM itself.
keycloak_abort() { # <launched pid>
  local jpid
  jpid="$(running_pid keycloak)"
  kill "$1" ${jpid:+"$jpid"} 2>/dev/null || true
  rm -f "$(pid_file keycloak)"
}

keycloak_ready_or_exited() { keycloak_ready || ! kill -0 "$1" 2>/dev/null; }

start_keycloak() {
  local pid p java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
  pid="$(running_pid keycloak)"
  if [ -n "$pid" ]; then
    wait_until "$KEYCLOAK_TIMEOUT" keycloak keycloak_ready || die "keycloak: pid $pid runs but is not ready"
    log "keycloak: already running (pid $pid, http://$HOST:$KEYCLOAK_PORT/realms/$KEYCLOAK_REALM)"
    return
  fi
  command -v "$java" >/dev/null 2>&1 || die "keycloak: needs Java 17+ ($java not found; set JAVA_HOME)"
  for p in "$KEYCLOAK_PORT" "$KEYCLOAK_MANAGEMENT_PORT"; do
    port_open "$p" && die "keycloak: port $p is taken by another process (set RECFLOW_KEYCLOAK_PORT / RECFLOW_KEYCLOAK_MANAGEMENT_PORT)"
  done
  keycloak_unpack
  # --import-realm imports data/import/*.json at start-up, skipping a realm that exists already
  # (remove <data>/local/keycloak to import a changed realm file)
  mkdir -p "$KEYCLOAK_DIST/data/import"
  cp "$INFRA_DIR/keycloak/recflow-realm.json" "$KEYCLOAK_DIST/data/import/recflow-realm.json"
  local args=(start-dev --http-host "$HOST" --http-port "$KEYCLOAK_PORT"
    --health-enabled=true --http-management-port "$KEYCLOAK_MANAGEMENT_PORT" --import-realm)
  [ -z "$KEYCLOAK_URL" ] || args+=(--hostname "$KEYCLOAK_URL")
  log "keycloak: starting on $HOST:$KEYCLOAK_PORT (management :$KEYCLOAK_MANAGEMENT_PORT, home $KEYCLOAK_DIST; a first start also builds the server: 1-2 min)"
  # the bootstrap admin is created only with the master realm, on the first start
  pid="$(KC_BOOTSTRAP_ADMIN_USERNAME="$KEYCLOAK_ADMIN" KC_BOOTSTRAP_ADMIN_PASSWORD="$KEYCLOAK_ADMIN_PASSWORD" \
    launch keycloak "$KEYCLOAK_DIST/bin/kc.sh" "${args[@]}")"
  echo "$pid" >"$(pid_file keycloak)"   # kc.sh's shell; running_pid below swaps in the JVM's pid
  wait_until "$KEYCLOAK_TIMEOUT" keycloak keycloak_ready_or_exited "$pid" || true
  if ! keycloak_ready 2>/dev/null; then
    local why="not ready after ${KEYCLOAK_TIMEOUT}s"
    kill -0 "$pid" 2>/dev/null || why="kc.sh exited before it was ready"
    keycloak_abort "$pid"
    fail_with_log keycloak "$why"
  fi
  pid="$(running_pid keycloak)"
  [ -n "$pid" ] || fail_with_log keycloak "answers, but no JVM of $KEYCLOAK_DIST was found"
  log "keycloak: ready (pid $pid, issuer ${KEYCLOAK_URL:-http://$HOST:$KEYCLOAK_PORT}/realms/$KEYCLOAK_REALM, admin console http://$HOST:$KEYCLOAK_PORT/admin $KEYCLOAK_ADMIN/$KEYCLOAK_ADMIN_PASSWORD)"
}

t0=$SECONDS
for s in "${SELECTED[@]}"; do "start_$s"; done
log "started ${SELECTED[*]} in $((SECONDS - t0))s (data: $LOCAL_DIR)"
