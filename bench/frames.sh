#!/usr/bin/env bash
# What judging every frame of an animated image costs: a 10-frame GIF against its first frame alone, classified
# alternately, medians per stage. Usage: bench/frames.sh [EXPORT_DIR] (default: the tiny DeiT stand-in)
# Environment: ROUNDS (default 20), THREADS (default: all processors), SIZE (screen side, default 320).
set -euo pipefail
cd "$(dirname "$0")/.."
export_dir=${1:-src/test/resources/fixtures/models/deit-tiny-standin}

. bench/bench-args.sh
lscpu | grep -m1 'Model name' || true
java @target/bench.args -Drounds="${ROUNDS:-20}" -Dthreads="${THREADS:-$(nproc)}" -Dsize="${SIZE:-320}" \
  dev.virtus.scan.bench.FramesBenchmark "$export_dir" 2>/dev/null
