#!/usr/bin/env bash
# Entry point of the genaimon image: the same CLI as ./genaimon, on the prebuilt jar.
set -euo pipefail
mkdir -p /var/lib/genaimon/tmp 2>/dev/null || true
# shellcheck disable=SC2086 # GENAIMON_JAVA_OPTS is a list of flags
exec java ${GENAIMON_JAVA_OPTS:-} -Dai.djl.offline=true -jar /opt/genaimon/genaimon.jar "$@"
