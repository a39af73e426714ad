#!/usr/bin/env bash
# The replica accuracy experiment of issue 6 (gateway/README.md, Rate limits): three gateway
# PROCESSES sharing one tenant's limits through the gateway schema of deploy/run.sh's
# PostgreSQL; 1,000 GET /api/v1/vat-rates (the `read` category: 100 a minute, 150 for a tenant
# quiet the minute before, 003 §16.2) spread round-robin over them by 10 concurrent clients,
# inside one minute window. A fresh tenant per run, so the documented bound is the window's
# ceiling, 150: admitted must be ≥ 100 and ≤ 150. Prints a table and appends it to $OUT.
#
# Needs the platform up (it starts its own three gateways on free ports):
#   CERNIQ_BIN=.build/release/cerniq bash deploy/run.sh
#   bash deploy/bench/rate-limit-replicas.sh
#
# Environment (defaults): RUNS=3 REQUESTS=1000 CLIENTS=10 CERNIQ_BIN=.build/release/cerniq
#   CATALOG_RPC=127.0.0.1:7102 IDENTITY_RPC=127.0.0.1:7103 CERTS_DIR=run/certs
#   OUT=deploy/bench/rate-limit-replicas-results.md
# The in-process variant (three Gateways in one test process, `read` at exactly 100/min)
# runs in CI: TenantRateLimitsTests.threeReplicasShareOneLimit.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
# shellcheck source=deploy/lib.sh
source deploy/lib.sh

runs=${RUNS:-3}
requests=${REQUESTS:-1000}
clients=${CLIENTS:-10}
cerniq=${CERNIQ_BIN:-.build/release/cerniq}
catalog_rpc=${CATALOG_RPC:-127.0.0.1:7102}
identity_rpc=${IDENTITY_RPC:-127.0.0.1:7103}
certs_dir=${CERTS_DIR:-run/certs}
out=${OUT:-deploy/bench/rate-limit-replicas-results.md}
database_url=${DATABASE_URL:-"postgresql:///postgres?host=$PWD/run/postgres&port=${CERNIQ_PG_PORT:-55432}&user=postgres"}

[[ -x "$cerniq" ]] || { echo "rate-limit-replicas: no binary at $cerniq (swift build -c release --product cerniq)" >&2; exit 1; }
cli_tls=(--cert "$certs_dir/cli.pem" --key "$certs_dir/cli.key" --ca "$certs_dir/ca.pem")
for target in "$catalog_rpc" "$identity_rpc"; do
    "$cerniq" health --target "$target" "${cli_tls[@]}" >/dev/null 2>&1 \
        || { echo "rate-limit-replicas: nothing healthy at $target; start the platform first: CERNIQ_BIN=$cerniq bash deploy/run.sh" >&2; exit 1; }
done

scratch=$(mktemp -d "${TMPDIR:-/tmp}/cerniq-replicas.XXXXXX")
pids=()
cleanup() {
    local status=$?
    for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
    for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
    rm -rf "$scratch"
    exit "$status"
}
trap cleanup EXIT


ports=()
for replica in 0 1 2; do
    port=$(free_port)
    env DATABASE_URL="$database_url" CERNIQ_GATEWAY_REPLICAS=3 CERNIQ_CATALOG_ADDR="$catalog_rpc" CERNIQ_IDENTITY_ADDR="$identity_rpc" \
        CERNIQ_TOKEN_KEYS="dev=$certs_dir/token-signing.pub.pem" \
        "$cerniq" serve --target gateway --http-listen "127.0.0.1:$port" \
        --cert "$certs_dir/gateway.pem" --key "$certs_dir/gateway.key" --ca "$certs_dir/ca.pem" >"$scratch/gateway-$replica.log" 2>&1 &
    pids+=($!)
    ports+=("$port")
done
for index in 0 1 2; do
    for _ in $(seq 1 300); do
        [[ $(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:${ports[$index]}/health/ping") == 200 ]] && break
        kill -0 "${pids[$index]}" 2>/dev/null || { tail -n 20 "$scratch/gateway-$index.log" >&2; exit 1; }
        sleep 0.1
    done
done

table="| run | requests | admitted | refused (429) | other | bound | elapsed |"$'\n'"|---|---|---|---|---|---|---|"
echo "$table"
for run in $(seq 1 "$runs"); do
    # Stay inside one aligned minute: start in its first 30 seconds.
    while (( $(date +%s) % 60 > 30 )); do sleep 1; done
    token=$("$cerniq" token mint --key "$certs_dir/token-signing.pem" --kid dev --tenant "$(python3 -c 'import uuid; print(uuid.uuid4())')" --roles admin --ttl 10m)
    result=$(python3 - "$token" "$requests" "$clients" "${ports[@]}" <<'PY'
import sys, threading, time, urllib.request, urllib.error
token, total, clients, ports = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4:]
counts, lock = {}, threading.Lock()
def worker(first):
    for index in range(first, total, clients):
        request = urllib.request.Request(f"http://127.0.0.1:{ports[index % len(ports)]}/api/v1/vat-rates",
                                         headers={"Authorization": f"Bearer {token}"})
        try:
            with urllib.request.urlopen(request, timeout=30) as response: status = response.status
        except urllib.error.HTTPError as error: status = error.code
        with lock: counts[status] = counts.get(status, 0) + 1
started = time.monotonic()
threads = [threading.Thread(target=worker, args=(n,)) for n in range(clients)]
for thread in threads: thread.start()
for thread in threads: thread.join()
elapsed = time.monotonic() - started
admitted, refused = counts.get(200, 0), counts.get(429, 0)
print(f"{admitted} {refused} {total - admitted - refused} {elapsed:.1f}")
PY
)
    read -r admitted refused other elapsed <<<"$result"
    row="| $run | $requests | $admitted | $refused | $other | 100–150 | ${elapsed} s |"
    echo "$row"
    table+=$'\n'"$row"
done
{
    echo
    echo "## $(date -u +%Y-%m-%dT%H:%MZ) — \`bash deploy/bench/rate-limit-replicas.sh\` (3 gateway processes, $clients clients, $(nproc) cores)"
    echo
    echo "$table"
} >>"$out"
echo "appended to $out"
