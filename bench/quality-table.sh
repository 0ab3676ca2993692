#!/usr/bin/env bash
# Prints bench/quality.sh's results.json as one table per protocol: a row per run and model, the
# protocol's headline metrics as columns (missing ones as '-'), and the candidate's paired bootstrap
# against the row on the protocol's main metric: the mean difference (candidate - row) and one-sided p.
#   bench/quality-table.sh results.json
set -euo pipefail
jq -r '
  def columns: {
    "candidates":   ["HR@1", "HR@1-std", "HR@1-generated", "HR@1-valid", "ValidRatio"],
    "full-ranking": ["Recall@5", "Recall@10", "NDCG@5", "NDCG@10"],
    "temporal-gap": ["HR@10-id", "HR@10-ood", "HR@10-drop", "NDCG@10-id", "NDCG@10-ood", "NDCG@10-drop"]
  };
  def main: {"candidates": "HR@1", "full-ranking": "NDCG@10", "temporal-gap": "NDCG@10-ood"};
  def cell: if . == null then "-" else (. * 10000 | round / 10000 | tostring) end;
  to_entries[] | .key as $p | (columns[$p] // []) as $cols | "\($p)/\(main[$p])" as $main |
  "\n== \($p)",
  (["run", "model"] + $cols + ["cand-row " + main[$p], "p"] | join("\t")),
  (.value | to_entries[] | .key as $run | .value as $r | $r.metrics | to_entries[] |
     .key as $model | .value as $m | ($r.paired.candidateVs[$model][$main] // {}) as $pair |
     [$run, $model + (if $r.adapters[$model] then " (" + $r.adapters[$model] + ")" else "" end)]
       + [$cols[] | $m["\($p)/\(.)"] | cell] + [($pair.difference | cell), ($pair.p | cell)] | join("\t"))
' "$1" | column -t -s $'\t'
