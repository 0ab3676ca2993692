#!/usr/bin/env bash
# Stops the local-mode servers started by infra/start.sh, gracefully then forcefully:
#   infra/stop.sh [postgres|temporal|minio|keycloak|all]   (default: all; stops in reverse start order)
# SIGTERM (PostgreSQL: pg_ctl stop -m fast), then SIGKILL after RECFLOW_INFRA_STOP_TIMEOUT (30 s).
# "all" also stops a Keycloak of this data directory when one runs. Data stays; to wipe it, remove
# <data>/local after stopping.
set -euo pipefail
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

case "${1:-}" in -h|--help) sed -n '2,6p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;; esac
parse_services "$@"
select_running_optional

gone() { ! kill -0 "$1" 2>/dev/null; }

# SIGTERM, wait, then SIGKILL.
terminate() { # <service> <pid>
  local name="$1" pid="$2"
  kill -TERM "$pid" 2>/dev/null || true
  if ! wait_until "$STOP_TIMEOUT" "$name exit" gone "$pid"; then
    log "$name: still running after ${STOP_TIMEOUT}s: SIGKILL"
    kill -KILL "$pid" 2>/dev/null || true
    wait_until 10 "$name exit" gone "$pid" || die "$name: pid $pid survives SIGKILL"
  fi
}

stop_postgres() {
  local pid bindir
  pid="$(running_pid postgres)"
  if [ -z "$pid" ] && [ -f "$PG_DATA/postmaster.pid" ]; then
    pid="$(head -n 1 "$PG_DATA/postmaster.pid")"
    kill -0 "$pid" 2>/dev/null || pid=""
  fi
  if [ -z "$pid" ]; then log "postgres: not running"; rm -f "$(pid_file postgres)"; return; fi
  bindir="$(pg_bindir)"
  if ! as_pg "$bindir/pg_ctl" -D "$PG_DATA" -m fast -w -t "$STOP_TIMEOUT" stop >/dev/null 2>&1; then
    log "postgres: fast shutdown timed out: immediate"
    as_pg "$bindir/pg_ctl" -D "$PG_DATA" -m immediate -w -t 10 stop >/dev/null 2>&1 || true
  fi
  gone "$pid" || terminate postgres "$pid"
  rm -f "$(pid_file postgres)"
  log "postgres: stopped (was pid $pid)"
}

stop_plain() { # <service>: temporal, minio, keycloak (its JVM: a graceful Quarkus shutdown)
  local name="$1" pid
  pid="$(running_pid "$name")"
  if [ -z "$pid" ]; then log "$name: not running"; rm -f "$(pid_file "$name")"; return; fi
  terminate "$name" "$pid"
  rm -f "$(pid_file "$name")"
  log "$name: stopped (was pid $pid)"
}
stop_temporal() { stop_plain temporal; }
stop_minio() { stop_plain minio; }
stop_keycloak() { stop_plain keycloak; }

for ((i = ${#SELECTED[@]} - 1; i >= 0; i--)); do "stop_${SELECTED[i]}"; done
