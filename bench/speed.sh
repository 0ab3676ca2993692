#!/usr/bin/env bash
# Fine-tuning speed through the platform: the same pipeline on 1 and on 2 torch threads — by default
# bench/speed/ilora-movielens.json (the tiny backbone: pre-training, iLoRA's MoE-LoRA, and plain LoRA as a
# comparison); bench/speed/ilora-movielens+smollm2.json does the same on the smollm2-135m language model
# (48 training prompts of up to 512 tokens per adapter).
#   bench/speed.sh ["1 2"] [spec]
# Prints samples/s and tokens/s per phase and thread count, and iLoRA's cost over plain LoRA; writes
# results.json beside the logs in bench/results/speed-<time>/. Numbers, not assertions: anything else
# running on the machine shows up in them (the 1-minute load average is printed beside each round).
# Then SASRec side by side with PyTorch eager (bench/reference/sasrec.py, torch from PyPI in a venv under
# bench/results/): recflow's SasRecSpeedProbe and the reference train the same network on the same shapes
# (12,000 items, batches of 128, windows of 50) on 2 threads; milliseconds per step, medians of 20 steps.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
counts="${1:-1 2}"
spec="${2:-$here/bench/speed/ilora-movielens.json}"
data="$(cd "${RECFLOW_BENCH_DATA:-$here/../shared/data}" && pwd)"
work="$here/bench/results/speed-$(date +%Y%m%d-%H%M%S)"
mkdir -p "$work"
source "$here/bench/lib.sh"
build_if_missing

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

{
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

# SASRec side by side with PyTorch eager.
venv="$here/bench/results/reference-venv"
if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c 'import torch' 2>/dev/null; then
  echo "bench: installing torch from PyPI into $venv (a few GB, about a minute)" >&2
  python3 -m venv "$venv" && "$venv/bin/pip" -q install torch numpy >&2
fi
{
  echo
  echo "SASRec training step (12,000 items, batch 128, window 50, d 64, 2 threads), load $(cut -d' ' -f1 /proc/loadavg)"
  recflow="$("$here/mvnw" -q -o -pl ml test-compile >/dev/null && "$here/mvnw" -q -o -pl ml exec:java \
      -Dexec.classpathScope=test -Dexec.mainClass=io.recflow.ml.encoder.SasRecSpeedProbe \
      -Dai.djl.pytorch.num_threads=2 2>/dev/null | grep medianStepMs)"
  reference="$("$venv/bin/python" "$here/bench/reference/sasrec.py" 12000 4096 20 2)"
  jq -rn --argjson r "$recflow" --slurpfile p <(echo "$reference") '
    ($p[] | select(.loss == "target-slots") | .medianStepMs) as $slots |
    "recflow (DJL)                   \($r.medianStepMs) ms",
    ($p[] | "PyTorch \(.torch) \(.loss | . + " " * (14 - length)) \(.medianStepMs) ms"),
    "recflow runs at \($slots / $r.medianStepMs * 100 | round)% of PyTorch eager speed on the same computation"'
} | tee -a "$work/results.txt"
echo "bench: results in $work/results.json and results.txt" >&2
