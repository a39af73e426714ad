#!/usr/bin/env bash
# What the edge's limits cost per request (issue 6): the gateway's own time (its Server-Timing
# `gateway;dur`, which excludes the upstream call) for GET /api/v1/vat-rates on one connection,
# with 003 §16.2's limits shared through the gateway schema, beside the same gateway with
# CERNIQ_RATE_LIMITS=off. Requests rotate over TENANTS tenants' tokens, so every request is
# admitted (each tenant stays far inside 100 reads a minute) and each tenant's first request of
# a window takes a lease from PostgreSQL, as in production. Both gateways keep the concurrency
# limit and idempotency at their defaults. Prints a table and appends it to $OUT.
#
# Needs the platform up:  CERNIQ_BIN=.build/release/cerniq bash deploy/run.sh
#   then:                 bash deploy/bench/limiter-cost.sh
# Environment (defaults): DURATION=10s TENANTS=300 RUNS=3 CERNIQ_BIN=.build/release/cerniq
#   CATALOG_RPC=127.0.0.1:7102 IDENTITY_RPC=127.0.0.1:7103 CERTS_DIR=run/certs
#   OUT=deploy/bench/limiter-cost-results.md
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
# shellcheck source=deploy/lib.sh
source deploy/lib.sh

duration=${DURATION:-10s}
tenants=${TENANTS:-300}
runs=${RUNS:-3}
cerniq=${CERNIQ_BIN:-.build/release/cerniq}
catalog_rpc=${CATALOG_RPC:-127.0.0.1:7102}
identity_rpc=${IDENTITY_RPC:-127.0.0.1:7103}
certs_dir=${CERTS_DIR:-run/certs}
out=${OUT:-deploy/bench/limiter-cost-results.md}
database_url=${DATABASE_URL:-"postgresql:///postgres?host=$PWD/run/postgres&port=${CERNIQ_PG_PORT:-55432}&user=postgres"}

command -v wrk >/dev/null || { export DEBIAN_FRONTEND=noninteractive; apt-get update -q >&2 && apt-get install -y -q --no-install-recommends wrk >&2; }
[[ -x "$cerniq" ]] || { echo "limiter-cost: no binary at $cerniq (swift build -c release --product cerniq)" >&2; exit 1; }
"$cerniq" health --target "$catalog_rpc" --cert "$certs_dir/cli.pem" --key "$certs_dir/cli.key" --ca "$certs_dir/ca.pem" >/dev/null 2>&1 \
    || { echo "limiter-cost: no catalog at $catalog_rpc; start the platform first: CERNIQ_BIN=$cerniq bash deploy/run.sh" >&2; exit 1; }

scratch=$(mktemp -d "${TMPDIR:-/tmp}/cerniq-limiter.XXXXXX")
gateway_pid=""
stop_gateway() {
    [[ -n "$gateway_pid" ]] || return 0
    kill -TERM "$gateway_pid" 2>/dev/null || true
    wait "$gateway_pid" 2>/dev/null || true
    gateway_pid=""
}
trap 'status=$?; stop_gateway; rm -rf "$scratch"; exit $status' EXIT

for _ in $(seq 1 "$tenants"); do
    "$cerniq" token mint --key "$certs_dir/token-signing.pem" --kid dev --roles viewer --ttl 2h \
        --tenant "$(python3 -c 'import uuid; print(uuid.uuid4())')"
done >"$scratch/tokens"

# measure MODE: p50 and p99 of the gateway's own time, in microseconds, over `runs` runs.
measure() {
    local mode=$1 port settings=()
    port=$(free_port)
    case $mode in
        limits) settings=(DATABASE_URL="$database_url") ;;
        off) settings=(CERNIQ_RATE_LIMITS=off) ;;
    esac
    env CERNIQ_EVENT_LOOPS=1 CERNIQ_CATALOG_ADDR="$catalog_rpc" CERNIQ_IDENTITY_ADDR="$identity_rpc" \
        CERNIQ_TOKEN_KEYS="dev=$certs_dir/token-signing.pub.pem" "${settings[@]}" \
        "$cerniq" serve --target gateway --http-listen "127.0.0.1:$port" \
        --cert "$certs_dir/gateway.pem" --key "$certs_dir/gateway.key" --ca "$certs_dir/ca.pem" >"$scratch/gateway-$mode.log" 2>&1 &
    gateway_pid=$!
    for _ in $(seq 1 300); do
        [[ $(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/health/ping") == 200 ]] && break
        sleep 0.1
    done
    local run line statuses
    for run in $(seq 1 "$runs"); do
        line=$(TOKENS_FILE="$scratch/tokens" wrk -t1 -c1 -d"$duration" -s deploy/bench/server-timing.lua "http://127.0.0.1:$port/api/v1/vat-rates" \
            | grep '^server-timing' || echo "server-timing: no samples")
        echo "$mode $run $line"
    done
    statuses=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $(head -n 1 "$scratch/tokens")" "http://127.0.0.1:$port/api/v1/vat-rates")
    echo "$mode check $statuses"
    stop_gateway
}

results=$( { measure off; measure limits; } )
echo "$results" >&2
table="| mode | run | gateway own time p50 (µs) | p99 (µs) | responses |"$'\n'"|---|---|---|---|---|"
while read -r mode run _ _ p50 p99 n; do
    [[ "$run" == check ]] && continue
    table+=$'\n'"| $mode | $run | ${p50#p50=} | ${p99#p99=} | ${n#n=} |"
done < <(grep 'server-timing gateway_us' <<<"$results")
echo "$table"
{
    echo
    echo "## $(date -u +%Y-%m-%dT%H:%MZ) — \`bash deploy/bench/limiter-cost.sh\` ($tenants tenants, wrk -c1 -d$duration, one event loop, $(nproc) cores)"
    echo
    echo "$table"
} >>"$out"
echo "appended to $out"
