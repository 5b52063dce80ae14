#!/usr/bin/env bash
# Loopback load on the packaged GPU service's POST /classify, at 1x and at OVERLOAD x the clients, for each
# kind of client in KINDS: goodput (200/s), 503s, latency percentiles and the service's peak RSS, one table row
# per load and kind. The service runs
# as its container runs it (java -jar target/quarkus-app/quarkus-run.jar, prod profile) on 127.0.0.1 only,
# CPU provider; every run stops by itself after DURATION seconds, and the service is stopped at the end.
# Usage: bench/overload.sh [EXPORT_DIR] [IMAGE]
#   EXPORT_DIR  default src/test/resources/fixtures/models/deit-tiny-standin
#   IMAGE       posted as base64 JSON, default src/test/resources/fixtures/images/png-rgb.png (60 KB)
# Environment: CLIENTS (1x, default 48), OVERLOAD (factor, default 2.5), DURATION (s per load, default 30),
# KINDS (what clients do after a 503, default "polite impatient": polite waits Retry-After, impatient 50 ms
# whatever it says, at-once posts again at once), WARMUP (s, default 10), PORT (default 18080), SKIP_BUILD=1 to reuse target/ of a -Dgpu package,
# JAVA_OPTS for the service (default the Dockerfile's heap setting), any VIRTUS_* / QUARKUS_* setting.
set -euo pipefail
cd "$(dirname "$0")/.."
export_dir=${1:-src/test/resources/fixtures/models/deit-tiny-standin}
image=${2:-src/test/resources/fixtures/images/png-rgb.png}
clients=${CLIENTS:-48} overload=${OVERLOAD:-2.5} duration=${DURATION:-30} warmup=${WARMUP:-10} port=${PORT:-18080}
heavy=$(awk -v c="$clients" -v f="$overload" 'BEGIN { printf "%d", c * f + 0.5 }')

if [[ ${SKIP_BUILD:-0} != 1 ]]; then
  ./mvnw -q -B -Dgpu clean package -DskipTests
fi
# The load generator needs nothing but the JDK (java.net.http).
load() { java -cp target/test-classes dev.virtus.scan.service.bench.LoadGenerator "$@"; }

log=$(mktemp /tmp/virtus-overload.XXXXXX.log)
VIRTUS_MODEL_LOCATION=$(realpath "$export_dir") VIRTUS_INFERENCE_PROVIDER=${VIRTUS_INFERENCE_PROVIDER:-cpu} \
QUARKUS_HTTP_HOST=127.0.0.1 QUARKUS_HTTP_PORT=$port \
  java ${JAVA_OPTS:--XX:MaxRAMPercentage=75 -Djava.util.logging.manager=org.jboss.logmanager.LogManager} \
  -jar target/quarkus-app/quarkus-run.jar >"$log" 2>&1 &
service=$!
trap 'kill $service 2>/dev/null; wait $service 2>/dev/null || true' EXIT

for _ in $(seq 1 120); do
  curl -fs "http://127.0.0.1:$port/q/health/ready" >/dev/null && break
  kill -0 $service 2>/dev/null || { cat "$log"; exit 1; }
  sleep 0.5
done
curl -fs "http://127.0.0.1:$port/q/health/ready" >/dev/null || { echo "not ready"; cat "$log"; exit 1; }

echo "$(nproc) CPUs ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), model $(basename "$export_dir"), image $(basename "$image") ($(stat -c %s "$image") bytes), ${duration} s per load"
load "$port" "$image" "$clients" "$warmup" "$service" warmup >/dev/null
load --header
for kind in ${KINDS:-polite impatient}; do
  load "$port" "$image" "$clients" "$duration" "$service" "1x $kind" "$kind"
  load "$port" "$image" "$heavy" "$duration" "$service" "${overload}x $kind" "$kind"
done
