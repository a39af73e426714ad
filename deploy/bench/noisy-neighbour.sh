#!/usr/bin/env bash
# The noisy-neighbour experiment of issue 6 (gateway/README.md, Noisy neighbours): does one
# tenant's flood leave the other tenants' p99 within twice its unloaded value?
#
# Quiet tenants B (B_TENANTS of them, so that each stays well inside 003 §16.2's 100 reads a
# minute) read their own product, GET /api/v1/products/:id, on ONE connection at B_RATE
# requests a second in all (wrk -c1 with a Lua delay; wrk times each request from its write,
# so the pause is not counted). Tenant A floods its own product with wrk -c$A_CONNECTIONS, as
# fast as the answers come. For each mode a fresh gateway is started, then B is measured alone
# (unloaded), then again while A floods (loaded):
#   seed         003 §16.2's rate limits (shared through the gateway schema) + the concurrency
#                limit and shedding at their defaults: A's flood is mostly refused by its rate limits
#   concurrency  CERNIQ_RATE_LIMITS=off: only the concurrency limit and shedding protect B
#   fair         as concurrency, plus CERNIQ_UPSTREAM_CONCURRENCY=$FAIR_SLOTS: calls to the catalog
#                queued in the gateway and granted to tenants in turn
#   shed         CERNIQ_RATE_LIMITS=off CERNIQ_TENANT_CONCURRENCY=0 CERNIQ_GATEWAY_MAX_INFLIGHT=$SHED_CAPACITY
#                and the fair mode's slots: no per-tenant limit, so the gateway-wide bound sheds A
#   off          CERNIQ_RATE_LIMITS=off CERNIQ_TENANT_CONCURRENCY=0 CERNIQ_GATEWAY_MAX_INFLIGHT=0:
#                no protection, for comparison
# and prints a table: B's p50/p99 unloaded and loaded, the ratio of the p99s, A's answers by
# status, and where B's loaded time went by the gateway's Server-Timing (gateway's own time,
# upstream call). Writes $OUT.
#
# Needs the platform up from a release build, whose catalog, Identity, certificates and
# PostgreSQL it uses (it starts its own gateways on free ports):
#   CERNIQ_BIN=.build/release/cerniq bash deploy/run.sh
#   bash deploy/bench/noisy-neighbour.sh
#
# Environment (defaults):
#   RUNS=3                        each mode is measured this many times (the modes interleaved)
#   DURATION=30s WARMUP=3s        each measured B run / A's flood before B is measured
#   B_RATE=40 B_TENANTS=32        B's requests a second in all, and over how many quiet tenants
#                                 (each then sends 75 a minute, within 003 §16.2's 100 reads)
#   A_CONNECTIONS=64              A's wrk connections
#   MODES="seed concurrency fair shed off"  which modes, in order
#   FAIR_SLOTS=1 SHED_CAPACITY=32 the fair and shed modes' slots per upstream (one: the services
#                                 have one core when pinned), the shed mode's bound
#   TENANT_CONCURRENCY, MAX_INFLIGHT, UPSTREAM_CONCURRENCY   override the defaults in the
#                                 seed, concurrency and fair modes
#   PIN=edge                      edge: the gateway (one event loop) on core 0 with the load
#                                 generators, which stand for clients on other machines (A at
#                                 nice 19, so it takes the gateway's core only when the gateway
#                                 leaves it), and the services it protects (catalog, Identity,
#                                 PostgreSQL) on core 1, as a gateway runs apart from them;
#                                 split: the whole platform on core 0, the load generators on
#                                 core 1; none: nothing pinned
#   CATALOG_RPC=127.0.0.1:7102 IDENTITY_RPC=127.0.0.1:7103 CERTS_DIR=run/certs
#   CERNIQ_BIN=.build/release/cerniq   OUT=deploy/bench/noisy-neighbour-results.md
# A's wrk runs at nice 19 so that, sharing a core with it, it cannot delay B's measuring client.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/../.."
# shellcheck source=deploy/lib.sh
source deploy/lib.sh

command_line="bash deploy/bench/noisy-neighbour.sh"
for name in RUNS DURATION WARMUP B_RATE B_TENANTS A_CONNECTIONS MODES FAIR_SLOTS SHED_CAPACITY TENANT_CONCURRENCY MAX_INFLIGHT UPSTREAM_CONCURRENCY PIN CATALOG_RPC IDENTITY_RPC CERNIQ_BIN OUT; do
    [[ -n "${!name:-}" ]] && command_line="$name=\"${!name}\" $command_line"
done
runs=${RUNS:-3}
duration=${DURATION:-30s}
warmup=${WARMUP:-3s}
b_rate=${B_RATE:-40}
b_tenants=${B_TENANTS:-32}
a_connections=${A_CONNECTIONS:-64}
modes=${MODES:-seed concurrency fair shed off}
fair_slots=${FAIR_SLOTS:-1}
shed_capacity=${SHED_CAPACITY:-32}
pin=${PIN:-edge}
catalog_rpc=${CATALOG_RPC:-127.0.0.1:7102}
identity_rpc=${IDENTITY_RPC:-127.0.0.1:7103}
certs_dir=${CERTS_DIR:-run/certs}
cerniq=${CERNIQ_BIN:-.build/release/cerniq}
out=${OUT:-deploy/bench/noisy-neighbour-results.md}
# The gateway schema that shares the seed limits: deploy/run.sh's private PostgreSQL.
database_url=${DATABASE_URL:-"postgresql:///postgres?host=$PWD/run/postgres&port=${CERNIQ_PG_PORT:-55432}&user=postgres"}

missing=()
for tool in wrk:wrk jq:jq curl:curl taskset:util-linux; do
    command -v "${tool%%:*}" >/dev/null 2>&1 || missing+=("${tool#*:}")
done
if ((${#missing[@]})); then
    echo "noisy-neighbour: installing ${missing[*]}" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -q >&2 && apt-get install -y -q --no-install-recommends "${missing[@]}" >&2
fi
[[ -x "$cerniq" ]] || { echo "noisy-neighbour: no binary at $cerniq (swift build -c release --product cerniq)" >&2; exit 1; }
cli_tls=(--cert "$certs_dir/cli.pem" --key "$certs_dir/cli.key" --ca "$certs_dir/ca.pem")
for target in "$catalog_rpc" "$identity_rpc"; do
    "$cerniq" health --target "$target" "${cli_tls[@]}" >/dev/null 2>&1 \
        || { echo "noisy-neighbour: nothing healthy at $target; start the platform first: CERNIQ_BIN=$cerniq bash deploy/run.sh" >&2; exit 1; }
done

# --- Pinning -------------------------------------------------------------------------------------
# The platform's processes: the gateway this script starts, and deploy/run.sh's catalog,
# Identity and PostgreSQL (the postmaster and every backend; new backends inherit its affinity).
platform_pids() {
    local pid
    for name in catalog identity; do
        [[ -f run/pids/$name.pid ]] && cat "run/pids/$name.pid"
    done
    if [[ -f run/postgres/data/postmaster.pid ]]; then
        pid=$(head -n 1 run/postgres/data/postmaster.pid)
        echo "$pid"
        pgrep -P "$pid" || true
    fi
}
all_cores=0-$(($(nproc) - 1))
if [[ "$pin" == split ]] && (($(nproc) >= 2)); then
    pin_platform=(taskset -c 0)
    pin_load=(taskset -c 1)
    for pid in $(platform_pids); do taskset -a -p -c 0 "$pid" >/dev/null 2>&1 || true; done
    pinning="the platform (gateway with one event loop, catalog, Identity, PostgreSQL) on core 0; wrk for A (nice 19) and B on core 1"
    gateway_loops=1
elif [[ "$pin" == edge ]] && (($(nproc) >= 2)); then
    pin_platform=(taskset -c 0)
    pin_load=(taskset -c 0)
    for pid in $(platform_pids); do taskset -a -p -c 1 "$pid" >/dev/null 2>&1 || true; done
    pinning="the gateway (one event loop) and wrk for A (nice 19) and B on core 0; catalog, Identity and PostgreSQL on core 1"
    gateway_loops=1
else
    pin=none
    pin_platform=()
    pin_load=()
    pinning="not pinned: everything shares $(nproc) cores; wrk for A at nice 19"
    gateway_loops=$(nproc)
fi

scratch=$(mktemp -d "${TMPDIR:-/tmp}/cerniq-noisy.XXXXXX")
gateway_pid=""
flood_pid=""
stop_gateway() {
    [[ -n "$gateway_pid" ]] || return 0
    kill -TERM "$gateway_pid" 2>/dev/null || true
    for _ in $(seq 1 100); do kill -0 "$gateway_pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$gateway_pid" 2>/dev/null || true
    wait "$gateway_pid" 2>/dev/null || true
    gateway_pid=""
}
cleanup() {
    local status=$?
    [[ -n "$flood_pid" ]] && { kill -TERM "$flood_pid" 2>/dev/null || true; wait "$flood_pid" 2>/dev/null || true; }
    stop_gateway
    # deploy/run.sh's processes get all cores back.
    if [[ "$pin" != none ]]; then
        for pid in $(platform_pids); do taskset -a -p -c "$all_cores" "$pid" >/dev/null 2>&1 || true; done
    fi
    rm -rf "$scratch"
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM


# start_gateway MODE: a gateway on a free port with the mode's settings; sets gateway_url.
start_gateway() {
    local mode=$1 port settings=()
    port=$(free_port)
    case $mode in
        seed) settings=(DATABASE_URL="$database_url") ;;
        concurrency) settings=(CERNIQ_RATE_LIMITS=off) ;;
        fair) settings=(CERNIQ_RATE_LIMITS=off CERNIQ_UPSTREAM_CONCURRENCY="$fair_slots") ;;
        shed) settings=(CERNIQ_RATE_LIMITS=off CERNIQ_TENANT_CONCURRENCY=0 CERNIQ_GATEWAY_MAX_INFLIGHT="$shed_capacity"
                        CERNIQ_UPSTREAM_CONCURRENCY="$fair_slots") ;;
        off) settings=(CERNIQ_RATE_LIMITS=off CERNIQ_TENANT_CONCURRENCY=0 CERNIQ_GATEWAY_MAX_INFLIGHT=0) ;;
        *) echo "noisy-neighbour: unknown mode $mode (seed, concurrency, fair, shed, off)" >&2; exit 2 ;;
    esac
    if [[ "$mode" == seed || "$mode" == concurrency || "$mode" == fair ]]; then
        [[ -n "${TENANT_CONCURRENCY:-}" ]] && settings+=(CERNIQ_TENANT_CONCURRENCY="$TENANT_CONCURRENCY")
        [[ -n "${MAX_INFLIGHT:-}" ]] && settings+=(CERNIQ_GATEWAY_MAX_INFLIGHT="$MAX_INFLIGHT")
        [[ -n "${UPSTREAM_CONCURRENCY:-}" ]] && settings+=(CERNIQ_UPSTREAM_CONCURRENCY="$UPSTREAM_CONCURRENCY")
    fi
    gateway_settings[$mode]="${settings[*]}"
    env CERNIQ_EVENT_LOOPS="$gateway_loops" CERNIQ_CATALOG_ADDR="$catalog_rpc" CERNIQ_IDENTITY_ADDR="$identity_rpc" \
        CERNIQ_TOKEN_KEYS="dev=$certs_dir/token-signing.pub.pem" "${settings[@]}" \
        "${pin_platform[@]}" "$cerniq" serve --target gateway --http-listen "127.0.0.1:$port" \
        --cert "$certs_dir/gateway.pem" --key "$certs_dir/gateway.key" --ca "$certs_dir/ca.pem" \
        >"$scratch/gateway-$mode.log" 2>&1 &
    gateway_pid=$!
    gateway_url="http://127.0.0.1:$port"
    for _ in $(seq 1 300); do
        kill -0 "$gateway_pid" 2>/dev/null || { tail -n 20 "$scratch/gateway-$mode.log" >&2; exit 1; }
        [[ $(curl -s -o /dev/null -w '%{http_code}' "$gateway_url/health/ping") == 200 ]] && return 0
        sleep 0.1
    done
    echo "noisy-neighbour: the $mode gateway did not answer within 30 s" >&2
    tail -n 20 "$scratch/gateway-$mode.log" >&2
    exit 1
}

# --- Tenants, tokens and products ----------------------------------------------------------------
uuid() { python3 -c 'import uuid; print(uuid.uuid4())'; }
mint() { "$cerniq" token mint --key "$certs_dir/token-signing.pem" --kid dev --tenant "$1" --roles admin --ttl 2h; }
# make_product URL TOKEN: a product of the token's tenant, its id printed.
make_product() {
    curl -sS -X POST "$1/api/v1/products" -H "Authorization: Bearer $2" -H 'Content-Type: application/json' \
        -d "{\"sku\":\"NOISY-$RANDOM$RANDOM\",\"name\":\"Noisy neighbour\",\"category\":\"bench\",\"price\":10.50,\"vatRate\":21,\"unit\":\"buc\",\"stock\":100}" \
        | jq -r '.data.id // empty'
}

declare -A gateway_settings=()
first_mode=${modes%% *}
start_gateway "$first_mode"
a_token=$(mint "$(uuid)")
a_product=$(make_product "$gateway_url" "$a_token")
[[ -n "$a_product" ]] || { echo "noisy-neighbour: could not create A's product" >&2; exit 1; }
: >"$scratch/quiet.txt"
for _ in $(seq 1 "$b_tenants"); do
    token=$(mint "$(uuid)")
    product=$(make_product "$gateway_url" "$token")
    [[ -n "$product" ]] || { echo "noisy-neighbour: could not create a quiet tenant's product" >&2; exit 1; }
    printf '%s %s\n' "$token" "$product" >>"$scratch/quiet.txt"
done
stop_gateway

# --- wrk scripts -----------------------------------------------------------------------------------
# B: one request every 1/B_RATE s, rotating over the quiet tenants; counts statuses and keeps the
# gateway's Server-Timing figures (µs); one JSON line at the end.
cat >"$scratch/quiet.lua" <<LUA
local pairs_file = "$scratch/quiet.txt"
local interval = math.floor(1000 / $b_rate)
local requests, next_index = {}, 1
local threads = {}
counts, own, upstream = {}, {}, {}

function setup(thread) table.insert(threads, thread) end

function init(args)
    for line in io.lines(pairs_file) do
        local token, product = line:match("^(%S+) (%S+)$")
        table.insert(requests, wrk.format("GET", "/api/v1/products/" .. product, { ["Authorization"] = "Bearer " .. token }))
    end
end

function request()
    local r = requests[next_index]
    next_index = next_index % #requests + 1
    return r
end

function delay() return interval end

function response(status, headers, body)
    counts[tostring(status)] = (counts[tostring(status)] or 0) + 1
    local timing = headers["Server-Timing"] or headers["server-timing"]
    if timing then
        local g, u = timing:match("gateway;dur=([%d%.]+), upstream;dur=([%d%.]+)")
        if g then
            table.insert(own, tonumber(g) * 1000)
            table.insert(upstream, tonumber(u) * 1000)
        end
    end
end

local function mean(list)
    if #list == 0 then return 0 end
    local sum = 0
    for _, v in ipairs(list) do sum = sum + v end
    return sum / #list
end

local function pct(list, p)
    if #list == 0 then return 0 end
    table.sort(list)
    return list[math.max(1, math.floor(#list * p + 0.5))]
end

function done(summary, latency, requests)
    local all_counts, all_own, all_up = {}, {}, {}
    for _, t in ipairs(threads) do
        for k, v in pairs(t:get("counts") or {}) do all_counts[k] = (all_counts[k] or 0) + v end
        for _, v in ipairs(t:get("own") or {}) do table.insert(all_own, v) end
        for _, v in ipairs(t:get("upstream") or {}) do table.insert(all_up, v) end
    end
    local parts = {}
    for k, v in pairs(all_counts) do table.insert(parts, string.format('"%s":%d', k, v)) end
    io.write(string.format('\nWRKJSON {"requests":%d,"p50Us":%d,"p90Us":%d,"p99Us":%d,"maxUs":%d,"socketErrors":%d,' ..
        '"meanUs":%.0f,"ownMeanUs":%.0f,"ownP99Us":%.0f,"upstreamMeanUs":%.0f,"upstreamP99Us":%.0f,"statuses":{%s}}\n',
        summary.requests, latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max,
        summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
        latency.mean, mean(all_own), pct(all_own, 0.99), mean(all_up), pct(all_up, 0.99), table.concat(parts, ",")))
end
LUA

# A: as fast as answers come; counts statuses.
cat >"$scratch/flood.lua" <<'LUA'
local threads = {}
counts = {}
function setup(thread) table.insert(threads, thread) end
function response(status, headers, body) counts[tostring(status)] = (counts[tostring(status)] or 0) + 1 end
function done(summary, latency, requests)
    local all, parts = {}, {}
    for _, t in ipairs(threads) do
        for k, v in pairs(t:get("counts") or {}) do all[k] = (all[k] or 0) + v end
    end
    for k, v in pairs(all) do table.insert(parts, string.format('"%s":%d', k, v)) end
    io.write(string.format('\nWRKJSON {"requests":%d,"durationUs":%d,"socketErrors":%d,"statuses":{%s}}\n',
        summary.requests, summary.duration,
        summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout, table.concat(parts, ",")))
end
LUA

# quiet URL DURATION: B's run; its JSON line on stdout. --timeout 30s: wrk leaves a request slower
# than its timeout (2 s by default) out of its latency figures, which would flatter B's p99.
quiet() {
    "${pin_load[@]}" wrk -t1 -c1 -d"$2" --timeout 30s --latency -s "$scratch/quiet.lua" "$1" 2>>"$scratch/wrk.log" | sed -n 's/^WRKJSON //p'
}

seconds() { local text=$1; text=${text%s}; echo "$text"; }
flood_length=$(($(seconds "$duration") + 2 * $(seconds "$warmup")))s

results=$scratch/results.tsv
: >"$results"
: >"$scratch/ratios.tsv"
for run in $(seq 1 "$runs"); do
for mode in $modes; do
    echo "noisy-neighbour: run $run of $runs, mode $mode" >&2
    start_gateway "$mode"
    quiet "$gateway_url" "$warmup" >/dev/null            # connections, caches, leases
    unloaded=$(quiet "$gateway_url" "$duration")
    "${pin_load[@]}" nice -n 19 wrk -t1 -c"$a_connections" -d"$flood_length" -s "$scratch/flood.lua" \
        -H "Authorization: Bearer $a_token" "$gateway_url/api/v1/products/$a_product" >"$scratch/flood-$mode.out" 2>>"$scratch/wrk.log" &
    flood_pid=$!
    sleep "$(seconds "$warmup")"
    loaded=$(quiet "$gateway_url" "$duration")
    wait "$flood_pid" || true
    flood_pid=""
    flood=$(sed -n 's/^WRKJSON //p' "$scratch/flood-$mode.out")
    stop_gateway
    printf '%s\t%s\t%s\t%s\t%s\n' "$mode" "$run" "${unloaded:-null}" "${loaded:-null}" "${flood:-null}" >>"$results"
done
done

# --- Report ------------------------------------------------------------------------------------------
in_mode_order() { for mode in $modes; do awk -F'\t' -v m="$mode" '$1 == m' "$results"; done; }
ms() { awk -v u="$1" 'BEGIN { if (u == "" || u == "null") printf "-"; else printf "%.2f", u / 1000 }'; }
label() {
    case $1 in
        seed) echo "(a) seed rate limits + concurrency" ;;
        concurrency) echo "(b) rate limits off, concurrency on" ;;
        fair) echo "(b') as (b), upstream calls queued fairly ($fair_slots per upstream)" ;;
        shed) echo "(b'') as (b'), no per-tenant limit, shedding past 3/4 of $shed_capacity" ;;
        off) echo "(c) no protection" ;;
    esac
}
{
    echo "# Noisy neighbours: a quiet tenant's latency while another floods"
    echo
    echo "- command: \`$command_line\`"
    echo "- date: $(date -u +%Y-%m-%dT%H:%M:%SZ); commit: $(git describe --always --dirty 2>/dev/null || echo unknown); binary: $cerniq"
    echo "- machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(uname -r)"
    echo "- pinning: $pinning"
    echo "- B: $b_tenants quiet tenants, GET /api/v1/products/:id of their own product, one connection, $b_rate requests/s in all (wrk -c1, Lua delay), $duration unloaded then $duration while A floods"
    echo "- A: one tenant, GET /api/v1/products/:id of its own product, \`wrk -t1 -c$a_connections\` at nice 19 for $flood_length (B measured after $warmup)"
    for mode in $modes; do echo "- $mode gateway: CERNIQ_EVENT_LOOPS=$gateway_loops ${gateway_settings[$mode]:-}"; done
    echo
    echo "| mode | run | B p50 unloaded ms | B p99 unloaded ms | B p50 loaded ms | B p99 loaded ms | p99 loaded / unloaded | A requests/s | A admitted (200) | A refused 429 | A shed 503 | A other | B not 200 |"
    echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
    in_mode_order | while IFS=$'\t' read -r mode run unloaded loaded flood; do
        up99=$(jq -r '.p99Us // empty' <<<"$unloaded")
        lo99=$(jq -r '.p99Us // empty' <<<"$loaded")
        ratio=$(awk -v a="$lo99" -v b="$up99" 'BEGIN { if (a == "" || b == "" || b == 0) printf "-"; else printf "%.2f", a / b }')
        rps=$(jq -r 'if .requests then (.requests / (.durationUs / 1e6) | floor) else "-" end' <<<"$flood")
        a200=$(jq -r '.statuses["200"] // 0' <<<"$flood")
        a429=$(jq -r '.statuses["429"] // 0' <<<"$flood")
        a503=$(jq -r '.statuses["503"] // 0' <<<"$flood")
        aother=$(jq -r '([.statuses | to_entries[] | select(.key != "200" and .key != "429" and .key != "503") | .value] | add // 0) + (.socketErrors // 0)' <<<"$flood")
        bbad=$(jq -s -r '[.[] | (.statuses | to_entries | map(select(.key != "200")) | map(.value) | add // 0) + (.socketErrors // 0)] | add' <<<"$unloaded $loaded")
        printf '%s\t%s\n' "$mode" "$ratio" >>"$scratch/ratios.tsv"
        echo "| $(label "$mode") | $run | $(ms "$(jq -r .p50Us <<<"$unloaded")") | $(ms "$up99") | $(ms "$(jq -r .p50Us <<<"$loaded")") | $(ms "$lo99") | $ratio | $rps | $a200 | $a429 | $a503 | $aother | $bbad |"
    done
    echo
    echo "The p99 ratio per mode over the runs (the target is at most 2):"
    echo
    echo "| mode | ratios | median | runs within 2× |"
    echo "| --- | --- | ---: | ---: |"
    for mode in $modes; do
        ratios=$(awk -F'\t' -v m="$mode" '$1 == m { print $2 }' "$scratch/ratios.tsv")
        median=$(sort -g <<<"$ratios" | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else printf "%.2f", (v[NR / 2] + v[NR / 2 + 1]) / 2 }')
        within=$(awk '$1 != "-" && $1 <= 2 { n++ } END { print n + 0 }' <<<"$ratios")
        echo "| $(label "$mode") | $(paste -sd' ' <<<"$ratios" | sed 's/ /, /g') | $median | $within of $(wc -l <<<"$ratios") |"
    done
    echo
    echo "Where B's time went, by the gateway's Server-Timing (ms): own is the head parsed to the response built,"
    echo "the upstream call excluded; upstream is the call (in the fair modes with its wait for a slot); rest is"
    echo "B's mean minus both means, the time outside the gateway's handling: waiting for the event loop to read"
    echo "the request (busy with A's connections), writing the answer, the kernel and the client."
    echo
    echo "| mode, run, phase | B requests | B mean | own mean | upstream mean | rest mean | own p99 | upstream p99 |"
    echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
    in_mode_order | while IFS=$'\t' read -r mode run unloaded loaded flood; do
        for phase in unloaded loaded; do
            json=${!phase}
            rest=$(jq -r '(.meanUs - .ownMeanUs - .upstreamMeanUs) // empty' <<<"$json")
            echo "| $mode, run $run, $phase | $(jq -r .requests <<<"$json") | $(ms "$(jq -r .meanUs <<<"$json")") | $(ms "$(jq -r .ownMeanUs <<<"$json")") |" \
                "$(ms "$(jq -r .upstreamMeanUs <<<"$json")") | $(ms "$rest") | $(ms "$(jq -r .ownP99Us <<<"$json")") | $(ms "$(jq -r .upstreamP99Us <<<"$json")") |"
        done
    done
} | tee "$scratch/report.md"
cp "$scratch/report.md" "$out"
echo "noisy-neighbour: report written to $out" >&2
