#!/usr/bin/env bash
# What reading provenance (C2PA manifest and IPTC) adds per image: a 1 MB JPEG without a manifest and with one.
# Usage: bench/provenance.sh   Environment: ROUNDS (default 2000).
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/bench-args.sh
java @target/bench.args -Drounds="${ROUNDS:-2000}" dev.virtus.scan.bench.ProvenanceBenchmark
