#!/usr/bin/env bash
# Cold start of the packaged function.zip, process start to first classify answer, started as Lambda's Java
# runtime starts it (AWS Runtime Interface Client, local Runtime API server), model from a local directory and
# from an S3-compatible server on loopback (moto_server), next to Python ONNX Runtime on the same model file.
# Usage: bench/cold-start.sh [FULL_EXPORT_DIR]   (the tiny stand-in always; a full-size export, fp32 and int8, if given)
# Environment: ROUNDS (starts per case, default 3; medians shown), IMAGE, MOTO_PORT,
#   PYTHON (python with onnxruntime, numpy, Pillow; default python3).
# Takes about 4 minutes on 2 cores with the full-size stand-in.
set -euo pipefail
cd "$(dirname "$0")/.."
full=${1:-}
python=${PYTHON:-python3}
image=${IMAGE:-src/test/resources/fixtures/images/png-rgb.png}
port=${MOTO_PORT:-5123}

./mvnw -q -B package -DskipTests
./mvnw -q -B dependency:copy@lambda-runtime dependency:build-classpath -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
./mvnw -q -B test-compile

moto_server -H 127.0.0.1 -p "$port" >target/moto.log 2>&1 &
moto=$!
trap 'kill $moto' EXIT
for _ in $(seq 50); do curl -s "http://127.0.0.1:$port" >/dev/null && break; sleep 0.2; done

models=(src/test/resources/fixtures/models/deit-tiny-standin:model.onnx)
[ -n "$full" ] && models+=("$full:model.onnx" "$full:model.int8.onnx")
java -Drounds="${ROUNDS:-3}" -Djava.util.logging.manager=org.jboss.logmanager.LogManager -cp "target/test-classes:target/classes:$(cat target/bench.classpath)" dev.virtus.scan.bench.ColdStartBenchmark \
  target/function.zip target/lambda-runtime "http://127.0.0.1:$port" "$image" "$python" "${models[@]}"
