#!/usr/bin/env bash
# Entry point of the genaimon image: the same CLI as ./genaimon, on the prebuilt jar.
set -euo pipefail
mkdir -p /var/lib/genaimon/tmp 2>/dev/null || true
# shellcheck disable=SC2086 # GENAIMON_JAVA_OPTS is a list of flags
# the per-thread cache of temporary direct buffers is capped (docs/reliability.md); GENAIMON_JAVA_OPTS may override it
exec java -Djdk.nio.maxCachedBufferSize=262144 ${GENAIMON_JAVA_OPTS:-} -Dai.djl.offline=true -jar /opt/genaimon/genaimon.jar "$@"
