#!/usr/bin/env bash
# Writes the 1,000 item titles the foundation bench tokenises, read from the research data at run
# time (never copied into the repo): the first 500 MovieLens-100k titles (items_c2f.tsv: item_id,
# genres, title, release_year; header skipped) and the first 500 LastFM artists (id2name.txt:
# id::artist, UTF-8), one per line.
#   bench/foundation/titles.sh <out.txt> [data dir, default ../shared/data from the repo root]
set -euo pipefail
here="$(cd "$(dirname "$0")/../.." && pwd)"
out="$1"
data="${2:-${RECFLOW_BENCH_DATA:-$here/../shared/data}}"
ml="$data/movielens-100k/items_c2f.tsv"
fm="$data/ilora-lastfm/id2name.txt"
{
  awk -F'\t' '$1 ~ /^[0-9]+$/ && $3 != "" { sub(/\r$/, "", $3); print $3; if (++n == 500) exit }' "$ml"
  awk '{ sub(/\r$/, ""); i = index($0, "::") } i > 0 && substr($0, i + 2) != "" { print substr($0, i + 2); if (++n == 500) exit }' "$fm"
} >"$out.tmp"
n="$(wc -l <"$out.tmp")"
[ "$n" -eq 1000 ] || { echo "titles: expected 1000 titles, got $n" >&2; rm -f "$out.tmp"; exit 1; }
mv "$out.tmp" "$out"
