#!/usr/bin/env bash
# What virtus.faces.mode=crop costs next to off: detection and classification per 1-megapixel image with one face
# and with five, in one run.
# Usage: bench/faces.sh EXPORT_DIR
#   EXPORT_DIR  written by model/export.py --faces (e.g. a stand-in: --stand-in deit --size base --faces)
# Environment: ROUNDS (default 10), THREADS (default: all processors).
set -euo pipefail
cd "$(dirname "$0")/.."
export_dir=$1

. bench/bench-args.sh
java @target/bench.args -Drounds="${ROUNDS:-10}" -Dthreads="${THREADS:-$(nproc)}" \
  dev.virtus.scan.bench.FacesBenchmark "$export_dir" 2>/dev/null
