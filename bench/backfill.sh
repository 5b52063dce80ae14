#!/usr/bin/env bash
# Throughput of the command line's backfill (bin/virtus scan) against the embedded S3 server, at
# concurrency 1, 2 and 4, in one run. Each round scans a fresh prefix (nothing skipped); the time
# includes loading the model once per round, as a user's run does.
# Usage: bench/backfill.sh [EXPORT_DIR] [IMAGE_DIR]   (defaults: the tiny stand-in, the fixture images)
# Environment: COPIES (default 4): copies of each image per round.
set -euo pipefail
cd "$(dirname "$0")/.."
export_dir=${1:-src/test/resources/fixtures/models/deit-tiny-standin}
image_dir=${2:-src/test/resources/fixtures/images}

. bench/bench-args.sh
java @target/bench.args -Dcopies="${COPIES:-4}" dev.virtus.scan.cli.BackfillBenchmark "$export_dir" "$image_dir" 2>/dev/null
