#!/usr/bin/env bash
# The replica accuracy experiment of issue 6 (gateway/README.md, Rate limits): three gateways
# sharing one tenant limit of 100 a minute through the gateway schema of a private PostgreSQL,
# 1,000 GET requests spread round-robin over them by 10 concurrent clients. Prints, per run,
# how many were admitted (the documented bound is 100, never fewer) and how many lease
# statements the database served.
#
# Environment (defaults): RUNS=5
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."

runs=${RUNS:-5}
for run in $(seq 1 "$runs"); do
    line=$(FUZZ_SECONDS=0 CONTRACT=0 bash deploy/test.sh --filter threeReplicasShareOneLimit 2>&1 | grep '^rate-limit replicas=' || true)
    echo "run $run: ${line:-FAILED (run: FUZZ_SECONDS=0 CONTRACT=0 bash deploy/test.sh --filter threeReplicasShareOneLimit)}"
done
