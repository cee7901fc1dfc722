#!/usr/bin/env bash
# Retrains the shipped safety models from the shared corpora, reproducibly (fixed seeds, fixed hyper-parameters
# in the training classes). Usage: evaluators/scripts/train-safety-models.sh [/path/to/shared]
# Writes attack-model.bin.gz (linear attack model) and attack-embedding.bin.gz (the MiniLM cascade stage; the corpus
# embeddings it needs, the first 128 wordpieces of each prompt through PromptEmbedder, are computed once, ~20-30 s,
# and cached in target/ under the directory mvn runs in, never committed).
set -euo pipefail
cd "$(dirname "$0")/../.."
SHARED="${1:-$(cd .. && pwd)/shared}"
mvn -B -q -pl evaluators test-compile
for main in dev.genaimon.evaluators.safety.attack.AttackModelTraining; do
  mvn -B -q -pl evaluators org.codehaus.mojo:exec-maven-plugin:3.5.0:java \
    -Dexec.mainClass="$main" -Dexec.classpathScope=test -Dgenaimon.shared.dir="$SHARED"
done
