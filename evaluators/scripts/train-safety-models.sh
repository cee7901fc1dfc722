#!/usr/bin/env bash
# Retrains the shipped safety models from the shared corpora, reproducibly (fixed seeds, fixed hyper-parameters
# in the training classes). Usage: evaluators/scripts/train-safety-models.sh [/path/to/shared]
set -euo pipefail
cd "$(dirname "$0")/../.."
SHARED="${1:-$(cd .. && pwd)/shared}"
mvn -B -q -pl evaluators test-compile
for main in dev.genaimon.evaluators.safety.attack.AttackModelTraining; do
  mvn -B -q -pl evaluators org.codehaus.mojo:exec-maven-plugin:3.5.0:java \
    -Dexec.mainClass="$main" -Dexec.classpathScope=test -Dgenaimon.shared.dir="$SHARED"
done
