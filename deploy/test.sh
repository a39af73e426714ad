#!/usr/bin/env bash
# The project's test command (README, .ci/run): installs what is missing, starts a private
# PostgreSQL 15 in a fresh temporary folder, checks generated code, builds, runs every test
# once, then the fuzz step. Extra arguments go to `swift test`: deploy/test.sh --filter RPCTests
#
# Environment:
#   FUZZ_SECONDS   time bound handed to deploy/fuzz.sh, when that script exists (default 60)
#   CONTRACT       1 (default without test filters) runs Schemathesis against a live gateway
#                  (deploy/contract.sh); 0 skips it
#   PG_BIN         PostgreSQL server binaries (default /usr/lib/postgresql/15/bin)
# Exports to the tests: CERNIQ_TEST_DATABASE_URL, PGHOST, PGPORT, PGUSER, PGDATABASE.
# Exit status: swift test's; when the tests pass, a failing fuzz step fails the run too.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
# shellcheck source=deploy/lib.sh
source deploy/lib.sh

bash deploy/setup.sh
ensure_swift_on_path

# --- A private PostgreSQL, gone when this script ends -----------------------------------
# Tests never share a server with anything else: a fresh cluster each run means no state
# leaks between runs, and CI needs nothing running beforehand (DESIGN, Tests).
scratch=$(mktemp -d "${TMPDIR:-/tmp}/cerniq-test.XXXXXX")
# PostgreSQL runs as `postgres` and must own its data, socket and log folders.
mkdir -p "$scratch/sockets" "$scratch/logs"
chown -R postgres:postgres "$scratch"
chmod 0755 "$scratch"

cleanup() {
    local status=$?
    if [[ -f "$scratch/data/postmaster.pid" ]]; then
        # fast: roll back open transactions and stop now; tests are over.
        pg_as_postgres pg_ctl -D "$scratch/data" -m fast -w stop >/dev/null 2>&1 || true
    fi
    rm -rf "$scratch"
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# With no TCP listener the port only names the socket file, so any number works; a random
# one keeps two runs' socket names apart in logs.
port=$((20000 + RANDOM % 40000))
pg_initdb "$scratch/data"
# fsync off: a test database that dies with the machine is simply made again; durability
# costs seconds per run here and buys nothing.
pg_start "$scratch/data" "$scratch/sockets" "$port" "$scratch/logs/postgres.log" \
    "-c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=400"

export CERNIQ_TEST_DATABASE_URL="postgresql:///postgres?host=$scratch/sockets&port=$port&user=postgres"
export PGHOST="$scratch/sockets" PGPORT="$port" PGUSER=postgres PGDATABASE=postgres
echo "test.sh: PostgreSQL on $PGHOST port $PGPORT"

# --- Generated code must match Protos/ (DESIGN D2) --------------------------------------
if [[ -f Protos/generate.sh ]]; then
    bash Protos/generate.sh --check
fi

# --- Build once, test once ---------------------------------------------------------------
swift build --build-tests
set +e
swift test --skip-build "$@"
status=$?
set -e

# --- The REST contract: Schemathesis against a live catalog and gateway -----------------
if ((status == 0)) && [[ "${CONTRACT:-$(($# == 0))}" == 1 ]]; then
    DATABASE_URL=$CERNIQ_TEST_DATABASE_URL bash deploy/contract.sh || status=$?
fi

# --- Fuzz the network decoders, time-bounded ---------------------------------------------
# FUZZ_SECONDS=0 skips it (for a quick filtered run: FUZZ_SECONDS=0 bash deploy/test.sh --filter X).
if ((status == 0)) && [[ -f deploy/fuzz.sh ]] && [[ "${FUZZ_SECONDS:-60}" != 0 ]]; then
    FUZZ_SECONDS=${FUZZ_SECONDS:-60} bash deploy/fuzz.sh || status=$?
fi

exit "$status"
