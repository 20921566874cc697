#!/usr/bin/env bash
# Demo start-up and footprint: time from `./siaga demo` (already built) to the first complaint dispatched,
# and the process's resident memory after N seconds of the simulator (default 300).
# Usage: infra/bench/demo-startup.sh [seconds]   (run from the repository root; uses a fresh data directory)
set -euo pipefail
seconds=${1:-300}
data=$(mktemp -d /tmp/siaga-bench-XXXX)
log=$data/demo.log
port=${SIAGA_HTTP_PORT:-18080}
start=$(date +%s%N)
SIAGA_HTTP_PORT=$port ./siaga demo --data-dir "$data" --kafka-port 0 >"$log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true; wait $pid 2>/dev/null || true' EXIT
until grep -q "first complaint dispatched" "$log"; do
  kill -0 $pid 2>/dev/null || { echo "demo exited early:"; tail -30 "$log"; exit 1; }
  sleep 0.2
done
first=$(( ($(date +%s%N) - start) / 1000000 ))
echo "wall time from ./siaga demo to the first complaint dispatched: ${first} ms"
grep -E "ready in|first complaint dispatched" "$log" | sed 's/^/  log: /'
sleep "$seconds"
rss_kb=$(ps -o rss= -p $pid | tr -d ' ')
echo "RSS after ${seconds} s of the simulator: $(( rss_kb / 1024 )) MiB"
token=$(curl -s -X POST "localhost:$port/api/session" -H 'Content-Type: application/json' \
  -d '{"user":"mgr-ani","password":"siaga-demo-manager"}' | sed -n 's/.*"token":"\([^"]*\)".*/\1/p')
echo "SLA summary then: $(curl -s "localhost:$port/api/sla/summary?window=1h" -H "Authorization: Bearer $token" | head -c 600)"
