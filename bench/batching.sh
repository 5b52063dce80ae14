#!/usr/bin/env bash
# Throughput (images/s) and p50/p99 latency of the GPU service's classification path (dynamic batching)
# at batch sizes 1, 4, 8, 16, printed as a table. Builds the -Dgpu variant (clean: target/ then holds
# the GPU build; run ./mvnw clean before the default build again).
# Usage: bench/batching.sh EXPORT_DIR IMAGE_DIR
#   EXPORT_DIR  written by model/export.py (e.g. the full-size stand-in /work/models/deit-base-standin)
#   IMAGE_DIR   images to classify (e.g. src/test/resources/fixtures/images)
# Environment: SIZES (default 1,4,8,16), IMAGES per size (default 64), THREADS (intra-op, default all
# processors), DELAY (virtus.batch.max-delay in seconds, default 0.020), PROVIDER (auto|cpu|cuda, default auto),
# BUILD (0: use the -Dgpu build already in target/ with its target/bench-gpu.classpath, as bench/gpu-check.sh does).
set -euo pipefail
cd "$(dirname "$0")/.."
export_dir=$1 image_dir=$2

if [ "${BUILD:-1}" != 0 ]; then
  ./mvnw -q -B -Dgpu clean test-compile dependency:build-classpath -Dmdep.outputFile=target/bench-gpu.classpath -Dmdep.includeScope=test
fi
# An argument file, not -cp on the command line: ONNX Runtime 1.29 (Java) crashes with SIGSEGV at
# start-up when the process command line is longer than about 4 KB.
echo "-cp target/classes:target/test-classes:$(cat target/bench-gpu.classpath)" > target/bench-gpu.args
java @target/bench-gpu.args -Dsizes="${SIZES:-1,4,8,16}" -Dimages="${IMAGES:-64}" -Dthreads="${THREADS:-$(nproc)}" \
  -Ddelay="${DELAY:-0.020}" -Dprovider="${PROVIDER:-auto}" \
  dev.virtus.scan.service.bench.BatchingBenchmark "$export_dir" "$image_dir" 2>/dev/null
