#!/usr/bin/env bash
# Prints bench/quality.sh's results.json as one table per protocol: a row per run and model, the
# protocol's headline metrics as columns (missing ones as '-').
#   bench/quality-table.sh results.json
set -euo pipefail
jq -r '
  def columns: {
    "candidates":   ["HR@1", "HR@1-std", "ValidRatio"],
    "full-ranking": ["Recall@5", "Recall@10", "NDCG@5", "NDCG@10"],
    "temporal-gap": ["HR@10-id", "HR@10-ood", "HR@10-drop", "NDCG@10-id", "NDCG@10-ood", "NDCG@10-drop"]
  };
  def cell: if . == null then "-" else (. * 10000 | round / 10000 | tostring) end;
  to_entries[] | .key as $p | (columns[$p] // []) as $cols |
  "\n== \($p)",
  (["run", "model"] + $cols | join("\t")),
  (.value | to_entries[] | .key as $run | .value.metrics | to_entries[] |
     .key as $model | .value as $m |
     [$run, $model] + [$cols[] | $m["\($p)/\(.)"] | cell] | join("\t"))
' "$1" | column -t -s $'\t'
