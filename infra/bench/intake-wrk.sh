#!/usr/bin/env bash
# Intake's POST /api/complaints under load, against a bare Javalin endpoint that parses and checks the same JSON
# and answers 201 without session, PostgreSQL or Kafka (siaga.launcher.bench.BareIntake): both throughputs,
# their ratio, p50/p99, and whether every 201 intake gave is a record on `complaints`.
#
# Usage (from the repository root): infra/bench/intake-wrk.sh [seconds=30] [connections=64] [wrk threads=2]
# Needs wrk (Debian: apt-get install -y wrk). SIAGA_IDEMPOTENCY=0 leaves out the Idempotency-Key header.
# SIAGA_BENCH_SERVICES=intake runs intake alone beside the broker (default: every service, as in the demo, so
# the dispatcher, SLA monitor and archive consume each complaint on the same two cores).
#
# It does not use ./siaga, which runs `./mvnw install` when sources changed: it builds the launcher and what it
# needs inside the reactor without installing (`./mvnw -pl services/launcher -am package -DskipTests`; skip with
# SIAGA_BENCH_SKIP_BUILD=1) and runs `java` on the launcher's test class path, so that the demo and the helpers
# come from the very same build.
set -euo pipefail
here=$(cd "$(dirname "$0")/../.." && pwd)
cd "$here"
seconds=${1:-30}
connections=${2:-64}
wrk_threads=${3:-2}
warmup=${SIAGA_BENCH_WARMUP_SECONDS:-5}
port=${SIAGA_BENCH_PORT:-18080}
bare_port=${SIAGA_BENCH_BARE_PORT:-18081}
services=${SIAGA_BENCH_SERVICES:-archive,sla-monitor,dispatcher,field-crew,intake}
command -v wrk >/dev/null || { echo "needs wrk: apt-get install -y wrk" >&2; exit 1; }

if [ "${SIAGA_BENCH_SKIP_BUILD:-0}" != 1 ]; then
  echo "building: ./mvnw -q -B -pl services/launcher -am package -DskipTests" >&2
  ./mvnw -q -B -pl services/launcher -am package -DskipTests
fi
target=services/launcher/target
cp="$target/test-classes:$target/classes:$(cat "$target/test-classpath.txt")"
data=$(mktemp -d /tmp/siaga-wrk-XXXX)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
}
trap cleanup EXIT

java -cp "$cp" siaga.launcher.LauncherMain demo --no-simulator --services "$services" --data-dir "$data" --kafka-port 0 \
  --http-port "$port" >"$data/demo.log" 2>&1 &
pids+=($!)
java -cp "$cp" siaga.launcher.bench.BareIntake "$bare_port" >"$data/bare.log" 2>&1 &
pids+=($!)

deadline=$((SECONDS + 180))
until curl -sf "localhost:$port/ready" >/dev/null; do
  kill -0 "${pids[0]}" 2>/dev/null || { echo "the demo exited:" >&2; tail -30 "$data/demo.log" >&2; exit 1; }
  [ $SECONDS -lt $deadline ] || { echo "the demo is not ready after 180 s" >&2; tail -30 "$data/demo.log" >&2; exit 1; }
  sleep 0.5
done
until curl -s -o /dev/null "localhost:$bare_port/"; do sleep 0.2; done
bootstrap=$(sed -n 's/.*Kafka at \([^ ]*\).*/\1/p' "$data/demo.log" | head -1)

session=$(curl -sf -X POST "localhost:$port/api/session" -H 'Content-Type: application/json' \
  -d '{"user":"op-sri","password":"siaga-demo-operator"}')
export SIAGA_TOKEN=$(printf '%s' "$session" | sed -n 's/.*"token":"\([^"]*\)".*/\1/p')
[ -n "$SIAGA_TOKEN" ] || { echo "sign-in failed: $session" >&2; exit 1; }

lua=infra/bench/intake-wrk.lua
run() {  # run <name> <url> <seconds>
  wrk -t"$wrk_threads" -c"$connections" -d"$3s" --timeout 10s --latency -s "$lua" "$2" >"$data/$1.txt"
}
figure() {  # figure <file> <awk program on wrk's output>
  awk "$2" "$1"
}
seconds_of() {  # wrk's latency (2.5ms, 1.2s, 800us) in milliseconds
  awk -v v="$1" 'BEGIN { n = v + 0; if (v ~ /us$/) n /= 1000; else if (v ~ /ms$/) n *= 1; else if (v ~ /s$/) n *= 1000; else if (v ~ /m$/) n *= 60000; printf "%.2f", n }'
}

echo "warming up ${warmup} s each, then ${seconds} s each at ${connections} connections, ${wrk_threads} wrk threads" >&2
run bare-warmup "http://127.0.0.1:$bare_port" "$warmup"
run intake-warmup "http://127.0.0.1:$port" "$warmup"
run bare "http://127.0.0.1:$bare_port" "$seconds"
run intake "http://127.0.0.1:$port" "$seconds"

for name in bare intake; do
  f=$data/$name.txt
  rps=$(figure "$f" '/^Requests\/sec/ { print $2 }')
  p50=$(seconds_of "$(figure "$f" '$1 == "50%" { print $2 }')")
  p99=$(seconds_of "$(figure "$f" '$1 == "99%" { print $2 }')")
  answers=$(figure "$f" '/^answers:/ { print $2, $3 }')
  errors=$(figure "$f" '/Socket errors/ { print }')
  printf '%-7s %10s req/s   p50 %8s ms   p99 %8s ms   %s %s\n' "$name" "$rps" "$p50" "$p99" "$answers" "$errors"
  eval "${name}_rps=$rps"
done
awk -v i="$intake_rps" -v b="$bare_rps" 'BEGIN { printf "intake / bare throughput: %.3f\n", i / b }'

created=0
for name in intake-warmup intake; do
  created=$((created + $(figure "$data/$name.txt" '/^answers:/ { sub("created=", "", $2); print $2 }')))
done
count=$(java -cp "$cp" siaga.launcher.bench.CountRecords "$bootstrap" complaints 2>/dev/null | tail -1)
records=$(printf '%s' "$count" | sed -n 's/.*reported=\([0-9]*\).*/\1/p')
echo "durability: intake answered 201 ${created} times (warm-up included); complaints holds ${records} complaint.reported records ($count)"
if [ "$records" -ge "$created" ]; then
  echo "every 201 is on complaints$([ "$records" -gt "$created" ] && echo " ($((records - created)) more records than 201s: requests whose answer wrk did not see)")"
else
  echo "MISSING: $((created - records)) complaints answered 201 are not on complaints" >&2
  exit 2
fi
echo "logs and wrk output in $data"
