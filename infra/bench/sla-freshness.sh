#!/usr/bin/env bash
# Freshness of the SLA monitor's figures under the simulator's load (siaga.launcher.bench.SlaFreshness): the demo
# (every service, the broker, the simulated city at the given rate) in a child JVM, then probes written to
# `complaints` for Kota Banjarbaru, each timed until the SLA monitor's HTTP answer shows it.
#
# Usage (from the repository root): infra/bench/sla-freshness.sh [complaints-per-minute=600] [probes=200] [warm-up seconds=60]
set -euo pipefail
cd "$(dirname "$0")/../.."
rate=${1:-600}
probes=${2:-200}
warmup=${3:-60}
port=${SIAGA_BENCH_PORT:-18090}
if [ "${SIAGA_BENCH_SKIP_BUILD:-0}" != 1 ]; then
  echo "building: ./mvnw -q -B -pl services/launcher -am package -DskipTests" >&2
  ./mvnw -q -B -pl services/launcher -am package -DskipTests
fi
target=services/launcher/target
cp="$target/test-classes:$target/classes:$(cat "$target/test-classpath.txt")"
data=$(mktemp -d /tmp/siaga-fresh-XXXX)
java -cp "$cp" siaga.launcher.LauncherMain demo --complaints-per-minute "$rate" --data-dir "$data" --kafka-port 0 \
  --http-port "$port" >"$data/demo.log" 2>&1 &
demo=$!
trap 'kill $demo 2>/dev/null || true; wait $demo 2>/dev/null || true' EXIT
deadline=$((SECONDS + 180))
until curl -sf "localhost:$port/ready" >/dev/null; do
  kill -0 $demo 2>/dev/null || { echo "the demo exited:" >&2; tail -30 "$data/demo.log" >&2; exit 1; }
  [ $SECONDS -lt $deadline ] || { echo "the demo is not ready after 180 s" >&2; tail -30 "$data/demo.log" >&2; exit 1; }
  sleep 0.5
done
bootstrap=$(sed -n 's/.*Kafka at \([^ ]*\).*/\1/p' "$data/demo.log" | head -1)
echo "demo ready, simulator filing $rate complaints a minute; warming up ${warmup} s" >&2
sleep "$warmup"
java -cp "$cp" siaga.launcher.bench.SlaFreshness "$bootstrap" "http://127.0.0.1:$port" "$probes" 250
echo "load average: $(uptime | sed 's/.*load average: //')"
echo "logs in $data"
