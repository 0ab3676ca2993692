#!/usr/bin/env bash
# Fine-tuning speed through the platform: the same pipeline on 1 and on 2 torch threads — by default
# bench/speed/ilora-movielens.json (the tiny backbone: pre-training, iLoRA's MoE-LoRA, and plain LoRA as a
# comparison); bench/speed/ilora-movielens+smollm2.json does the same on the smollm2-135m language model
# (48 training prompts of up to 512 tokens per adapter).
#   bench/speed.sh ["1 2"] [spec]        ("" as the thread counts: no pipeline, the side by side below only)
# Prints samples/s and tokens/s per phase and thread count, and iLoRA's cost over plain LoRA; writes
# results.json beside the logs in bench/results/speed-<time>/. Numbers, not assertions: anything else
# running on the machine shows up in them (the 1-minute load average is printed beside each round).
# Then recflow side by side with PyTorch eager (bench/reference/, torch from PyPI in venvs under
# bench/results/: the newest torch, and the version of the libtorch DJL runs recflow on, so that what is
# the library's and what is recflow's own can be told apart), on 2 threads, milliseconds per step (medians of 3 alternating rounds, each the median of
# 30 steps after 50 to warm up): SASRec (SasRecSpeedProbe and reference/sasrec.py: 12,000 items, batches of 128, windows of 50)
# and the generative backbone's three phases (BackboneSpeedProbe and reference/backbone.py: pre-training,
# MoE-LoRA, LoRA on the speed pipeline's shapes), each also as a fraction of the fp32 matmul ceiling
# measured in the same rounds (the FLOPs of a step as PyTorch counts them).
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
counts="${1-1 2}"
spec="${2:-$here/bench/speed/ilora-movielens.json}"
# The data sets are read only by the pipelines: the side by side alone ("" as the thread counts) needs none.
[ -z "$counts" ] || data="$(cd "${RECFLOW_BENCH_DATA:-$here/../shared/data}" && pwd)"
work="$here/bench/results/speed-$(date +%Y%m%d-%H%M%S)"
mkdir -p "$work"
source "$here/bench/lib.sh"
build_if_stale

echo '[]' >"$work/results.json"
for threads in $counts; do
  read -r pid port < <(start_process "platform-$threads" embedded "$data" \
      -Dai.djl.pytorch.num_threads="$threads" -Dai.djl.pytorch.num_interop_threads=1)
  pids+=("$pid")
  backbone="$(jq -r '.training.backbone // "tiny"' "$spec")"
  [ "$backbone" = tiny ] || import_foundation_model "$port" "$backbone"
  id="$(sed "s|@DATA@|$data|g" "$spec" | submit "$port")"
  view="$(await_run "$port" "$id" "$threads torch thread(s)")"
  load="$(cut -d' ' -f1 /proc/loadavg)"
  jq --argjson t "$threads" --arg load "$load" --argjson view "$view" \
     '. + [{threads: $t, load1m: ($load | tonumber), run: $view.id,
            training: ($view.stages[] | select(.stage == "fine-tune") | .metrics)}]' \
     "$work/results.json" >"$work/results.tmp" && mv "$work/results.tmp" "$work/results.json"
  stop_processes
done

[ -z "$counts" ] || {
  jq -r '
    def r: . * 10 | round / 10;
    (["threads", "load", "phase", "samples/s", "tokens/s"] | join("\t")),
    (.[] | .threads as $t | .load1m as $l | .training as $m |
       (["pretrain", "pretrain"], ["moe-lora (iLoRA)", "finetune"], ["lora", "lora/finetune"]) as [$name, $key] |
       select($m[$key + "SamplesPerSecond"]) |
       [$t, $l, $name, ($m[$key + "SamplesPerSecond"] | r), ($m[$key + "TokensPerSecond"] | r)] | map(tostring) | join("\t"))
  ' "$work/results.json" | column -t -s $'\t'
  echo
  jq -r '.[] | "\(.threads) thread(s): iLoRA trains at \(.training["finetuneSamplesPerSecond"]
         / .training["lora/finetuneSamplesPerSecond"] * 100 | round)% of plain LoRA'"'"'s speed"' "$work/results.json"
} | tee "$work/results.txt"

# SASRec and the backbone side by side with PyTorch eager, twice: the newest torch PyPI serves, and the
# version of the libtorch recflow's DJL ships (pom.xml's pytorch.version): recflow against the second
# compares the same kernels, so a gap there is recflow's own.
reference_venv() { # <folder> <pip requirement>
  local venv="$here/bench/results/$1"
  if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c 'import torch' 2>/dev/null; then
    echo "bench: installing $2 from PyPI into $venv (a few GB, about a minute)" >&2
    python3 -m venv "$venv" && "$venv/bin/pip" -q install "$2" numpy >&2
  fi
  echo "$venv/bin/python"
}
djl_torch="$(sed -n 's:.*<pytorch.version>\(.*\)</pytorch.version>.*:\1:p' "$here/pom.xml")"
pythons=("$(reference_venv reference-venv torch)" "$(reference_venv "reference-venv-$djl_torch" "torch==$djl_torch")")
probe() { ml_probe "$1" "${2:-}" -Dai.djl.pytorch.num_threads=2 -Dai.djl.pytorch.num_interop_threads=1 2>/dev/null; }
ml_test_compile
# Rounds alternate recflow, PyTorch and the ceiling, so that drift on a shared machine hits them alike.
for round in 1 2 3; do
  echo "bench: side by side with PyTorch, round $round of 3" >&2
  load="$(cut -d' ' -f1 /proc/loadavg)"
  probe io.recflow.ml.encoder.SasRecSpeedProbe "12000 4096 30" | grep medianStepMs | jq -c --arg l "$load" '. + {load1m: ($l | tonumber)}' >>"$work/sasrec-recflow.jsonl"
  for python in "${pythons[@]}"; do
    "$python" "$here/bench/reference/sasrec.py" 12000 4096 30 2 >>"$work/sasrec-pytorch.jsonl"
  done
  probe io.recflow.ml.generative.BackboneSpeedProbe 30 | grep medianStepMs >>"$work/backbone-recflow.jsonl"
  for python in "${pythons[@]}"; do
    "$python" "$here/bench/reference/backbone.py" 30 2 >>"$work/backbone-pytorch.jsonl"
  done
  matmul_ceiling 2 >>"$work/ceiling.txt"
done
{
  echo
  echo "Side by side with PyTorch eager, 2 threads, medians of 3 rounds (each a median of 30 steps after 50);" \
       "load $(jq -s 'map(.load1m) | sort | .[1]' "$work/sasrec-recflow.jsonl") at the rounds' starts (median)"
  echo "fp32 matmul ceiling (1024^3, 2 threads): $(sort -n "$work/ceiling.txt" | tr '\n' ' ')GFLOP/s; the median is used"
  jq -rn --slurpfile sr "$work/sasrec-recflow.jsonl" --slurpfile sp "$work/sasrec-pytorch.jsonl" \
      --slurpfile br "$work/backbone-recflow.jsonl" --slurpfile bp "$work/backbone-pytorch.jsonl" \
      --argjson ceiling "$(sort -n "$work/ceiling.txt" | sed -n 2p)" --arg djl "$djl_torch" "$jq_median"'
    def r: . * 10 | round / 10;
    def pct: . * 100 | round | tostring + "%";
    def gflops(ms): . / (ms / 1000) / 1e9;
    def ofCeiling(ms): if . == null then "-" else gflops(ms) / $ceiling | pct end;
    # The reference runs of one torch: DJL'"'"'s libtorch version ($same) or the newest.
    def reference($same): map(select((.torch | startswith($djl)) == $same));
    def row(name; mine; references; flops):
      (references | reference(true) | map(.medianStepMs) | median) as $same |
      (references | reference(false) | map(.medianStepMs) | median) as $newest |
      [name, (if flops == null then "-" else flops / 1e9 | r end), mine, $same, ($same / mine | pct), $newest,
       ($newest / mine | pct), (flops | ofCeiling(mine)), (flops | ofCeiling($same)), (flops | ofCeiling($newest))]
      | map(tostring) | join("\t");
    ($sp | reference(true) | first.torch) as $sameName | ($sp | reference(false) | first.torch) as $newestName |
    (["model / phase", "GFLOP/step", "recflow ms", "PyTorch \($sameName) ms", "recflow/\($sameName)", "PyTorch \($newestName) ms",
      "recflow/\($newestName)", "recflow % ceiling", "\($sameName) % ceiling", "\($newestName) % ceiling"] | join("\t")),
    row("SASRec (target slots)"; $sr | map(.medianStepMs) | median; $sp | map(select(.loss == "target-slots"));
        $sp | map(select(.loss == "target-slots") | .flopsPerStep) | first),
    row("SASRec, PyTorch over every position"; $sr | map(.medianStepMs) | median;
        $sp | map(select(.loss == "all-positions")); null),
    (("pretrain", "moe-lora", "lora") as $phase |
      row("backbone " + $phase; $br | map(select(.phase == $phase) | .medianStepMs) | median;
          $bp | map(select(.phase == $phase)); $bp | map(select(.phase == $phase) | .flopsPerStep) | first))
  ' | column -t -s $'\t'
} | tee -a "$work/results.txt"
echo "bench: results in $work/results.json and results.txt" >&2
