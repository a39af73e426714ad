#!/usr/bin/env bash
# Catalog/Stock throughput through the real path (issue: PostgreSQL layer and Catalog/Stock):
# `cerniq load` → RPC over mutual TLS → CatalogService → PostgreSQL with row-level security.
#
#   1. reservations/s under contention: every call reserves 1 unit of the SAME product;
#   2. reservations/s spread over 1,000 products (a random pick per call);
#   3. product detail reads/s (GetProduct of a random one of the 1,000).
#
# It uses the private PostgreSQL and components that `bash deploy/run.sh` starts (run it
# first), seeds 1,000 products for a bench tenant straight into the catalog schema as the
# superuser, then prints a markdown table (and writes $OUT).
#
# Environment (defaults): DURATION=10s CONCURRENCY=32 OUT=deploy/bench/catalog-results.md
#   CERNIQ_CATALOG_LISTEN=127.0.0.1:7102
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."

duration=${DURATION:-10s}
concurrency=${CONCURRENCY:-32}
out=${OUT:-deploy/bench/catalog-results.md}
target=${CERNIQ_CATALOG_LISTEN:-127.0.0.1:7102}
cerniq=.build/debug/cerniq
[[ -x .build/release/cerniq ]] && cerniq=.build/release/cerniq
tls=(--cert run/certs/cli.pem --key run/certs/cli.key --ca run/certs/ca.pem)
tenant=$(python3 -c 'import uuid; print(uuid.uuid4())')
pg_port=$(sed -n 's/.*port=\([0-9]*\).*/\1/p' <<<"${DATABASE_URL:-port=55432}")
psql=(psql -X -q -t -A -h "$PWD/run/postgres" -p "${PGPORT:-$pg_port}" -U postgres -d postgres -v ON_ERROR_STOP=1)

command -v jq >/dev/null || { apt-get update -q && apt-get install -y -q jq; }
"$cerniq" health --target "$target" "${tls[@]}" >/dev/null || { echo "catalog-bench: start the platform first: bash deploy/run.sh" >&2; exit 1; }

# Seed 1,000 products with ample stock (the superuser is not fenced by row-level security).
ids=$("${psql[@]}" <<SQL
INSERT INTO catalog.products (tenant_id, sku, name, category, price, vat_rate, unit, stock)
SELECT '$tenant', 'BENCH-' || n, 'Bench product ' || n, 'bench', 10.00, 21, 'buc', 1000000000
FROM generate_series(1, 1000) AS n;
SELECT string_agg(id::text, '|') FROM catalog.products WHERE tenant_id = '$tenant';
SQL
)
first=${ids%%|*}

run_load() { # METHOD DATA
    "$cerniq" load "$1" --target "$target" "${tls[@]}" --metadata "tenant=$tenant" \
        --concurrency "$concurrency" --duration "$duration" --data "$2" --json --quiet
}

row() { # LABEL JSON
    jq -r --arg name "$1" '"| \($name) | \(.requestsPerSecond|floor) | \(.latency.p50Ms) | \(.latency.p99Ms) | \(.statuses|to_entries|map("\(.key) \(.value)")|join(", ")) |"' <<<"$2"
}

one=$(run_load cerniq.catalog.v1.CatalogService/ReserveStock \
    "{\"negotiationId\":\"bench-{{counter}}\",\"items\":[{\"productId\":\"$first\",\"quantity\":1}]}")
spread=$(run_load cerniq.catalog.v1.CatalogService/ReserveStock \
    "{\"negotiationId\":\"bench-{{counter}}\",\"items\":[{\"productId\":\"{{random:$ids}}\",\"quantity\":1}]}")
reads=$(run_load cerniq.catalog.v1.CatalogService/GetProduct "{\"id\":\"{{random:$ids}}\"}")

{
    echo "# Catalog/Stock benchmark"
    echo
    echo "- command: \`bash deploy/bench/catalog-bench.sh\` (DURATION=$duration CONCURRENCY=$concurrency), binary $cerniq"
    echo "- date: $(date -u +%FT%TZ); commit: $(git rev-parse --short HEAD); $(nproc) cores; server, load and PostgreSQL share them"
    echo
    echo "| workload | requests/s | p50 ms | p99 ms | statuses |"
    echo "| --- | ---: | ---: | ---: | --- |"
    row "ReserveStock, 1 unit, all calls on one product (contention)" "$one"
    row "ReserveStock, 1 unit, spread over 1,000 products" "$spread"
    row "GetProduct, random of 1,000" "$reads"
} | tee "$out"
