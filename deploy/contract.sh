#!/usr/bin/env bash
# The REST contract against a live platform: starts the catalog, Identity and the gateway from the
# built binary on the PostgreSQL named by DATABASE_URL, mints an admin token, and runs
# Schemathesis (deploy/schemathesis.sh) against the gateway's own OpenAPI document. Called
# by deploy/test.sh after the Swift tests; usable alone against any PostgreSQL:
#
#   DATABASE_URL=postgresql://... bash deploy/contract.sh
#
# Environment: CERNIQ_BIN (default .build/debug/cerniq), ST_EXAMPLES (default 10).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

: "${DATABASE_URL:?DATABASE_URL must name a PostgreSQL superuser URL}"
cerniq=${CERNIQ_BIN:-.build/debug/cerniq}
work=$(mktemp -d "${TMPDIR:-/tmp}/cerniq-contract.XXXXXX")
pids=()
stop() {
    local status=$?
    for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
    for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
    if ((status != 0)); then
        for log in "$work"/*.log; do echo "--- $log" >&2; tail -n 30 "$log" >&2 || true; done
    fi
    rm -rf "$work"
    exit "$status"
}
trap stop EXIT

rpc_port=$((30000 + RANDOM % 10000))
identity_port=$((rpc_port + 1))
http_port=$((40000 + RANDOM % 10000))
"$cerniq" certs --out "$work/certs" --components catalog,identity,gateway,cli >/dev/null

DATABASE_URL=$DATABASE_URL "$cerniq" serve --target catalog --listen "127.0.0.1:$rpc_port" \
    --cert "$work/certs/catalog.pem" --key "$work/certs/catalog.key" --ca "$work/certs/ca.pem" >"$work/catalog.log" 2>&1 &
pids+=($!)
DATABASE_URL=$DATABASE_URL CERNIQ_TOKEN_SIGNING_KEY="$work/certs/token-signing.pem" "$cerniq" serve --target identity \
    --listen "127.0.0.1:$identity_port" --cert "$work/certs/identity.pem" --key "$work/certs/identity.key" --ca "$work/certs/ca.pem" \
    >"$work/identity.log" 2>&1 &
pids+=($!)
# Tenant rate limits off: one token sends thousands of cases a minute, and with limits on most
# operations would only answer 429 (conformant, but nothing else would be checked). The 429 itself
# is tested in gateway/Tests/GatewayTests/TenantRateLimitsTests.swift.
CERNIQ_RATE_LIMITS=off CERNIQ_CATALOG_ADDR="127.0.0.1:$rpc_port" CERNIQ_IDENTITY_ADDR="127.0.0.1:$identity_port" CERNIQ_TOKEN_KEYS="dev=$work/certs/token-signing.pub.pem" \
    "$cerniq" serve --target gateway --http-listen "127.0.0.1:$http_port" \
    --cert "$work/certs/gateway.pem" --key "$work/certs/gateway.key" --ca "$work/certs/ca.pem" >"$work/gateway.log" 2>&1 &
pids+=($!)

deadline=$((SECONDS + 60))
until curl -fsS "http://127.0.0.1:$http_port/health/ready" >/dev/null 2>&1; do
    if ((SECONDS >= deadline)); then
        echo "contract.sh: the gateway did not become ready" >&2
        exit 1
    fi
    sleep 0.3
done

tenant=$(python3 -c 'import uuid; print(uuid.uuid4())')
token=$("$cerniq" token mint --key "$work/certs/token-signing.pem" --kid dev --tenant "$tenant" --roles admin --ttl 1h)
GATEWAY_URL="http://127.0.0.1:$http_port" TOKEN=$token ST_EXAMPLES=${ST_EXAMPLES:-10} bash deploy/schemathesis.sh
