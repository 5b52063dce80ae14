#!/usr/bin/env bash
# The GPU check, for the few minutes a machine with an NVIDIA GPU is lent. It builds the -Dgpu service and
# starts the packaged quarkus-run.jar as the Dockerfile does, twice: on CUDA (virtus.inference.provider=cuda,
# which refuses to start unless the CUDA provider does) and on the CPU. It then checks
#   1. the CUDA run logged "Execution provider: CUDA",
#   2. its /classify answer for IMAGE equals the CPU's (status, label, probabilities within 1e-3),
# and prints the batching table at batch 1, 8 and 32 on CUDA (bench/batching.sh). Exits non-zero on a failed check.
# Usage: bench/gpu-check.sh EXPORT_DIR [IMAGE]
#   EXPORT_DIR  written by model/export.py (the full-size stand-in or the real model)
#   IMAGE       default src/test/resources/fixtures/images/jpeg-baseline-420.jpg
# Needs a JDK 17+, curl and the NVIDIA driver with CUDA 12 and cuDNN 9 libraries (ONNX Runtime 1.29's CUDA
# provider); the Dockerfile's base image has them. GPU=cpu runs every step on the CPU instead: that is how
# the script is tested where no GPU is lent (about 4 minutes on 2 cores with the tiny stand-in).
# Environment: GPU (cuda|cpu, default cuda), PORT (default 18080), IMAGES per batch size (default 64).
set -euo pipefail
cd "$(dirname "$0")/.."
export_dir=$(cd "$1" && pwd)
image=${2:-src/test/resources/fixtures/images/jpeg-baseline-420.jpg}
gpu=${GPU:-cuda}
port=${PORT:-18080}
work=$(mktemp -d)
service=

stop_service() {
  if [ -n "$service" ]; then
    kill -TERM "$service" 2>/dev/null || true
    wait "$service" 2>/dev/null || true
    service=
  fi
}
trap stop_service EXIT

if [ "$gpu" = cuda ]; then
  nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader \
    || { echo "FAIL: nvidia-smi finds no GPU; GPU=cpu runs this script on the CPU"; exit 1; }
fi

./mvnw -q -B -Dgpu clean package -DskipTests dependency:build-classpath \
  -Dmdep.outputFile=target/bench-gpu.classpath -Dmdep.includeScope=test

# Starts the packaged service on PROVIDER, waits until ready, and saves IMAGE's /classify answer in $work/NAME.json.
classify_on() {
  local provider=$1 name=$2 log="$work/$2.log"
  VIRTUS_MODEL_LOCATION="$export_dir" VIRTUS_INFERENCE_PROVIDER="$provider" QUARKUS_HTTP_PORT="$port" \
    java -Djava.util.logging.manager=org.jboss.logmanager.LogManager -jar target/quarkus-app/quarkus-run.jar >"$log" 2>&1 &
  service=$!
  local started=$SECONDS
  until curl -fsS --max-time 2 "http://127.0.0.1:$port/q/health/ready" >/dev/null 2>&1; do
    if ! kill -0 "$service" 2>/dev/null; then
      echo "FAIL: the service did not start on $provider:"; tail -30 "$log"; exit 1
    fi
    if (( SECONDS - started > 300 )); then
      echo "FAIL: the service was not ready on $provider within 300 s:"; tail -30 "$log"; exit 1
    fi
    sleep 1
  done
  echo "$provider: ready in $(( SECONDS - started )) s; $(grep -o 'Execution provider: .*' "$log" | head -1)"
  printf '{"imageBase64": "%s"}' "$(base64 -w0 "$image")" >"$work/request.json"
  curl -fsS --max-time 60 -H 'Content-Type: application/json' --data @"$work/request.json" \
    "http://127.0.0.1:$port/classify" >"$work/$name.json"
  stop_service
}

classify_on "$gpu" "on-$gpu"
expected="Execution provider: ${gpu^^}"
grep -q "$expected" "$work/on-$gpu.log" || { echo "FAIL: the $gpu run did not log '$expected'"; exit 1; }
classify_on cpu cpu-reference
# Relative paths: the JSON file names are the table's row names.
echo "-cp $PWD/target/classes:$PWD/target/test-classes:$(cat target/bench-gpu.classpath)" >"$work/classpath.args"
(cd "$work" && java @classpath.args dev.virtus.scan.service.bench.ProviderComparison "on-$gpu.json" cpu-reference.json)

BUILD=0 SIZES=1,8,32 PROVIDER="$gpu" IMAGES="${IMAGES:-64}" bench/batching.sh "$export_dir" src/test/resources/fixtures/images
echo "PASS: gpu-check on $gpu"
