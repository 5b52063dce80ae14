#!/usr/bin/env bash
# ONNX Runtime Java (1.29, Maven Central) against Python (1.30) on the same ONNX file and session options,
# alternating so that both see the same machine load. Usage: bench/ort-gap.sh MODEL.onnx [RUNS]
# Environment: PYTHON (python3 with model/requirements.txt installed).
set -euo pipefail
cd "$(dirname "$0")/.."
model=$1 runs=${2:-20}
python=${PYTHON:-python3}

. bench/bench-args.sh
java_run() { java @target/bench.args dev.virtus.scan.bench.SessionRunBenchmark "$@" 2>/dev/null; }
python_run() { "$python" model/session_run_benchmark.py "$@"; }

optimized="$(mktemp -d)/optimized.onnx"
python_run "$model" 1 2 0 ALL_OPT "$optimized" > /dev/null
for config in "2 0 ALL_OPT" "2 1 ALL_OPT" "1 0 ALL_OPT" "2 0 EXTENDED_OPT"; do
  for round in 1 2; do
    # shellcheck disable=SC2086 # config holds three arguments
    java_run "$model" "$runs" $config
    python_run "$model" "$runs" $config
  done
done
echo "the graph as Python's ONNX Runtime 1.30 optimised it, loaded without further optimisation:"
for round in 1 2; do
  java_run "$optimized" "$runs" 2 0 NO_OPT
  python_run "$optimized" "$runs" 2 0 NO_OPT
done
