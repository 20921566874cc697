#!/usr/bin/env bash
# The nearby-duplicates query p50/p90/p99 with many open complaints in intake's store (siaga.intake.NearbyBenchmark):
# a real embedded broker, PostgreSQL (SIAGA_DB_URL, default the local server) and intake, loaded straight through
# the complaints topic, then queried over HTTP.
#
# Usage (from the repository root): infra/bench/intake-nearby.sh [complaints=100000] [queries=20000] [clients=4]
set -euo pipefail
cd "$(dirname "$0")/../.."
./mvnw -q -B -pl services/intake -am test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/test-classpath.txt -Dmdep.includeScope=test
cd services/intake
exec java -Xmx2g -cp "target/test-classes:target/classes:$(cat target/test-classpath.txt)" \
  siaga.intake.NearbyBenchmark "${1:-100000}" "${2:-20000}" "${3:-4}"
