#!/usr/bin/env bash
# Decode and preprocess, Java beside Pillow + the Hugging Face PIL processor (use_fast=False), on the same files.
# The two processes alternate PAIRS times (Java, Python, Java, Python, ...) so that the load of a shared machine
# falls on both; each prints medians over ROUNDS rounds, and this script prints the median over the pairs of each
# figure and of the Java/Python ratio, per image and in total, then the first call of a fresh process (cold).
# Usage: bench/decode.sh EXPORT_DIR IMAGE_DIR
#   EXPORT_DIR  any export with preprocessor_config.json (e.g. src/test/resources/fixtures/models/vit-tiny-standin)
#   IMAGE_DIR   images (e.g. src/test/resources/fixtures/images)
# Environment: PYTHON (default python3 with model/requirements.txt installed), PAIRS (default 3), ROUNDS (default 15).
set -euo pipefail
cd "$(dirname "$0")/.."
export_dir=$(realpath "$1") image_dir=$(realpath "$2")
pairs=${PAIRS:-3} rounds=${ROUNDS:-15}

. bench/bench-args.sh
runs=$(mktemp -d)
trap 'rm -rf "$runs"' EXIT
for pair in $(seq "$pairs"); do
  java @target/bench.args -Drounds="$rounds" dev.virtus.scan.bench.DecodeBenchmark "$export_dir" "$image_dir" >"$runs/java.$pair"
  (cd model && "${PYTHON:-python3}" -W ignore bench_decode.py --export "$export_dir" --images "$image_dir" --rounds "$rounds") >"$runs/python.$pair"
done

echo "Decode and preprocess, $pairs interleaved pairs of processes x $rounds rounds, $(date -u +%Y-%m-%dT%H:%MZ)"
echo "CPU: $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) processors; $(java -version 2>&1 | head -1)"
awk -v pairs="$pairs" '
  function median(list,   n, a, i, j, t) {
    n = split(list, a, " ")
    for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (a[j] + 0 < a[i] + 0) { t = a[i]; a[i] = a[j]; a[j] = t }
    return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
  }
  {
    split(FILENAME, parts, "/"); split(parts[length(parts)], run, ".")
    side = run[1]; pair = run[2]
    if ($1 == "image") { key = $2; dec[side, key, pair] = $3; pre[side, key, pair] = $4; if (!(key in seen)) { seen[key] = 1; order[++n] = key } }
    else { key = $1; dec[side, key, pair] = $2; if (!(key in seenTotal)) { seenTotal[key] = 1 } }
  }
  function row(name, key, both,   p, j, pj, r1, r2, rr, rp) {
    j = pj = r1 = r2 = rr = rp = ""
    for (p = 1; p <= pairs; p++) {
      j = j " " dec["java", key, p]; pj = pj " " dec["python", key, p]
      rr = rr " " dec["java", key, p] / dec["python", key, p]
      if (both) {
        r1 = r1 " " pre["java", key, p]; r2 = r2 " " pre["python", key, p]
        rp = rp " " (dec["java", key, p] + pre["java", key, p]) / (dec["python", key, p] + pre["python", key, p])
      }
    }
    if (both) printf "%-44s %9.2f %9.2f %9.2f %9.2f %7.2f %7.2f\n", name, median(j), median(pj), median(r1), median(r2), median(rr), median(rp)
    else printf "%-44s %9.2f %9.2f %29.2f\n", name, median(j), median(pj), median(rr)
  }
  END {
    printf "%-44s %9s %9s %9s %9s %7s %7s\n", "image (ms, medians)", "Java dec", "Pil dec", "Java pre", "HF pre", "dec x", "both x"
    for (i = 1; i <= n; i++) row(order[i], order[i], 1)
    for (p = 1; p <= pairs; p++) {
      dec["java", "total", p] = dec["java", "decode_ms", p]; pre["java", "total", p] = dec["java", "preprocess_ms", p]
      dec["python", "total", p] = dec["python", "decode_ms", p]; pre["python", "total", p] = dec["python", "preprocess_ms", p]
    }
    row("all images, summed per round", "total", 1)
    printf "%-44s %9s %9s %29s\n", "cold, first image of a fresh process", "Java", "Python", "Java/Python"
    row("  first decode", "first_decode_ms", 0)
    row("  first preprocess", "first_preprocess_ms", 0)
  }' "$runs"/java.* "$runs"/python.*
