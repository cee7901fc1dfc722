#!/usr/bin/env bash
# Prints per-detector CPU µs per 2 KB text, scanner texts/s and 2 KB interaction throughput on 1 and 2 threads.
# Usage: evaluators/scripts/safety-bench.sh [cpu-seconds-per-measurement] [/path/to/shared] [quick]
# Times are CPU time of the measuring threads (ThreadMXBean), so other load on a shared machine does not count;
# "quick" skips the per-detector table and the 2-thread runs.
set -euo pipefail
cd "$(dirname "$0")/../.."
SECONDS_EACH="${1:-3}"
SHARED="${2:-$(cd .. && pwd)/shared}"
MODE="${3:-full}"
mvn -B -q -pl evaluators test-compile
CP_FILE="$(mktemp)"
trap 'rm -f "$CP_FILE"' EXIT
mvn -B -q -pl evaluators dependency:build-classpath -Dmdep.outputFile="$CP_FILE" -Dmdep.includeScope=test
java -Xmx1g -Dgenaimon.shared.dir="$SHARED" \
  -cp "evaluators/target/classes:evaluators/target/test-classes:$(cat "$CP_FILE")" \
  dev.genaimon.evaluators.safety.scan.SafetyBench "$SECONDS_EACH" "$MODE"
