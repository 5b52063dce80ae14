#!/usr/bin/env bash
# What SnapStart's priming (SnapStartHooks) saves the first request after a restore: the first classification in
# fresh JVMs with Lambda's flags, without and with the priming, for a few kinds of image.
# Usage: bench/priming.sh [EXPORT_DIR]   (default: the tiny stand-in, so the figures are the path around inference)
# Environment: ROUNDS (fresh JVMs per case, default 5; medians shown).
set -euo pipefail
cd "$(dirname "$0")/.."
export_dir=${1:-src/test/resources/fixtures/models/deit-tiny-standin}
images=src/test/resources/fixtures/images

. bench/bench-args.sh
java @target/bench.args -Drounds="${ROUNDS:-5}" dev.virtus.scan.bench.PrimingBenchmark "$export_dir" \
  "$images/jpeg-progressive.jpg" "$images/png-gradient-300x200.png" "$images/webp-lossless.webp" 2>/dev/null
