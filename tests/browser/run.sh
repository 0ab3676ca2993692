#!/usr/bin/env bash
# Browser tests of the recflow console: Debian's Chromium driven by playwright-core (no browser download).
#   RECFLOW_URL        the running platform (default http://localhost:8080)
#   RECFLOW_DATA_DIR   the platform's data folder (its recflow.data-dir): the tests write a tiny data set
#                      under browser-data/ there, inside the folders file:// ingest may read
#   CHROMIUM           the browser (default /usr/bin/chromium: apt-get install -y chromium)
#   RUN_TIMEOUT_S      how long one pipeline run may take (default 1200)
# Screenshots go to tests/browser/output/. Ends with a line "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")"
export RECFLOW_URL="${RECFLOW_URL:-http://localhost:8080}"
: "${RECFLOW_DATA_DIR:?set RECFLOW_DATA_DIR to the data folder of the platform}"
export RECFLOW_DATA_DIR CHROMIUM="${CHROMIUM:-/usr/bin/chromium}"

if [ ! -x "$CHROMIUM" ]; then
  echo "browser tests: no Chromium at $CHROMIUM (apt-get install -y chromium)" >&2
  echo "0 passed, 1 failed"
  exit 1
fi
npm ci --no-audit --no-fund --loglevel=error || { echo "0 passed, 1 failed"; exit 1; }

# wait for the platform (it may still be starting)
for _ in $(seq 1 120); do
  curl -fsS -o /dev/null "$RECFLOW_URL/q/health/ready" 2>/dev/null && break
  sleep 2
done
if ! curl -fsS -o /dev/null "$RECFLOW_URL/q/health/ready"; then
  echo "browser tests: the platform at $RECFLOW_URL is not ready" >&2
  echo "0 passed, 1 failed"
  exit 1
fi

rm -rf output && mkdir -p output
node --test --test-concurrency=1 --test-reporter=spec --test-reporter-destination=stdout \
  --test-reporter=tap --test-reporter-destination=output/results.tap console.test.mjs
code=$?
# node may die before it writes any results: the counts are 0 then, and the run fails.
if [ ! -s output/results.tap ]; then
  echo "browser tests: node wrote no results (output/results.tap; exit code $code)" >&2
  [ "$code" -ne 0 ] || code=1
fi
passed=$(grep -c '^ok ' output/results.tap 2>/dev/null || true); passed=${passed:-0}
failed=$(grep -c '^not ok ' output/results.tap 2>/dev/null || true); failed=${failed:-0}
echo "screenshots: $(ls output/*.png 2>/dev/null | wc -l) in $(pwd)/output"
echo "${passed} passed, ${failed} failed"
if [ "$code" -ne 0 ] && [ "$failed" -eq 0 ]; then exit "$code"; fi
[ "$failed" -eq 0 ]
