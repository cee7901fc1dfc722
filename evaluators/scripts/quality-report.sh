#!/usr/bin/env bash
# Full quality numbers of docs/evaluation.md: groundedness ROC AUC on HaluEval QA and SummEdits, relevance and
# similarity on own vs shuffled answers. Needs the shared corpora (-Dgenaimon.shared.dir or ../shared/corpora).
# Usage: evaluators/scripts/quality-report.sh [/path/to/shared]
set -euo pipefail
cd "$(dirname "$0")/../.."
mvn -B -q -o -pl evaluators -am test-compile
mvn -B -q -o -pl evaluators dependency:build-classpath -Dmdep.outputFile=evaluators/target/quality-cp.txt >/dev/null
shared=${1:-}
java ${shared:+-Dgenaimon.shared.dir="$shared"} \
  -cp "evaluators/target/classes:evaluators/target/test-classes:$(cat evaluators/target/quality-cp.txt)" \
  dev.genaimon.evaluators.quality.local.QualityReport
