#!/usr/bin/env bash
# Shows whether each local-mode server runs and answers, with its pid, endpoint and version:
#   infra/status.sh [postgres|temporal|minio|keycloak|all]   (default: all; with keycloak when it runs)
# Exit status 0 when every service asked for is running and ready, 1 otherwise.
set -euo pipefail
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

case "${1:-}" in -h|--help) sed -n '2,4p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;; esac
parse_services "$@"
select_running_optional

all_ok=0
row() { printf '%-9s %-10s %-8s %-38s %s\n' "$@"; }

version_of() {
  local b
  case "$1" in
    postgres) b="$(pg_bindir)"; [ -n "$b" ] && [ -x "$b/postgres" ] && "$b/postgres" --version ;;
    temporal) b="$(temporal_bin)"; [ -n "$b" ] && "$b" --version | sed 's/^temporal version //' ;;
    minio) b="$(minio_bin)"; [ -n "$b" ] && "$b" --version | head -n 1 | sed 's/^minio version //' ;;
    keycloak)
      if [ -f "$KEYCLOAK_DIST/version.txt" ]; then sed 's/^Keycloak - Version //' "$KEYCLOAK_DIST/version.txt"
      elif [ -s "$KEYCLOAK_ZIP" ]; then echo "$KEYCLOAK_VERSION (not unpacked yet)"; fi ;;
  esac 2>/dev/null || true
}

endpoint_of() {
  case "$1" in
    postgres) echo "$HOST:$PG_PORT db=$PG_DB" ;;
    temporal) echo "$HOST:$TEMPORAL_PORT ui=:$TEMPORAL_UI_PORT" ;;
    minio) echo "$HOST:$MINIO_PORT console=:$MINIO_CONSOLE_PORT" ;;
    keycloak) echo "http://$HOST:$KEYCLOAK_PORT/realms/$KEYCLOAK_REALM" ;;
  esac
}

row SERVICE STATE PID ENDPOINT VERSION
for s in "${SELECTED[@]}"; do
  pid="$(running_pid "$s")"
  v="$(version_of "$s")"
  [ -n "$v" ] || v="not installed"
  if [ -z "$pid" ]; then
    state=stopped; all_ok=1
  elif "${s}_ready"; then
    state=ready
  else
    state=not-ready; all_ok=1
  fi
  row "$s" "$state" "${pid:--}" "$(endpoint_of "$s")" "$v"
done
echo "data: $LOCAL_DIR   logs: $LOG_DIR"
exit "$all_ok"
