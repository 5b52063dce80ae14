#!/usr/bin/env bash
# What virtus.faces.mode=crop costs next to off: detection and classification per 1-megapixel image with one face
# and with five, in one run.
# Usage: bench/faces.sh EXPORT_DIR
#   EXPORT_DIR  written by model/export.py --faces (e.g. a stand-in: --stand-in deit --size base --faces)
# Environment: ROUNDS (default 10), THREADS (default: all processors).
set -euo pipefail
cd "$(dirname "$0")/.."
export_dir=$1

./mvnw -q -B test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
# An argument file, not -cp: ONNX Runtime 1.29 (Java) crashes at start-up on command lines over about 4 KB.
echo "-cp target/classes:target/test-classes:$(cat target/bench.classpath)" > target/bench.args
java @target/bench.args -Drounds="${ROUNDS:-10}" -Dthreads="${THREADS:-$(nproc)}" \
  dev.virtus.scan.bench.FacesBenchmark "$export_dir" 2>/dev/null
