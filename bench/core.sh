#!/usr/bin/env bash
# Latency of the classification core (Java) next to the Python references, in one run.
# Usage: bench/core.sh EXPORT_DIR IMAGE_DIR [CHECKPOINT_DIR]
#   EXPORT_DIR      written by model/export.py (e.g. the full-size stand-in)
#   IMAGE_DIR       images to classify (e.g. src/test/resources/fixtures/images)
#   CHECKPOINT_DIR  Hugging Face checkpoint of the same model, for the PyTorch pipeline figure
# Environment: PYTHON (default: python3 with model/requirements.txt installed), ROUNDS (default 5),
# THREADS (default: all processors), SPINNING (default false; applies to both ONNX Runtimes),
# MODEL_FILE (default model.onnx; e.g. model.int8.onnx).
set -euo pipefail
cd "$(dirname "$0")/.."
export_dir=$1 image_dir=$2 checkpoint=${3:-}
rounds=${ROUNDS:-5} threads=${THREADS:-$(nproc)}

. bench/bench-args.sh
java @target/bench.args -Dmodel.file="${MODEL_FILE:-model.onnx}" -Drounds="$rounds" -Dthreads="$threads" -Dspinning="${SPINNING:-false}" \
  dev.virtus.scan.bench.CoreBenchmark "$export_dir" "$image_dir" 2>/dev/null
echo
"${PYTHON:-python3}" model/bench_reference.py --export "$export_dir" --images "$image_dir" \
  --model-file "${MODEL_FILE:-model.onnx}" --rounds "$rounds" --threads "$threads" --spinning "$([ "${SPINNING:-false}" = true ] && echo 1 || echo 0)" \
  ${checkpoint:+--checkpoint "$checkpoint"}
