#!/usr/bin/env bash
# The gateway against nginx and Hummingbird on HTTP/1.1, and its end-to-end cost over a direct
# RPC read, in one run (deploy/README.md, Gateway benchmark).
#
#   Table 1, GET /health/ping: the same body bytes and Content-Type from three servers,
#     (a) gateway:     $CERNIQ_BIN serve --target gateway --listen 127.0.0.1:<port> $GATEWAY_ARGS
#     (b) nginx:       a generated minimal config, worker_processes 1, access_log off, `return 200`
#     (c) hummingbird: deploy/bench/hummingbird-peer (Hummingbird 2.28.1, one NIO event loop)
#   each pinned to core 0 (taskset), loaded by `wrk -t1 -c64 --latency` pinned to core 1, with the
#   server's CPU time over the measured run (utime+stime of the whole process from /proc/<pid>/stat;
#   nginx: master + worker) divided by the requests wrk completed.
#
#   Table 2, GET /api/v1/products/:id through the gateway (wrk, -c1 for latency and -c64 for
#     throughput, Authorization: Bearer $TOKEN) beside the same read made directly over RPC
#     (`cerniq load cerniq.catalog.v1.CatalogService/GetProduct --metadata tenant=$TENANT`),
#     and the gateway's added p50 latency (gateway p50 - direct RPC p50, one caller each).
#     Needs the platform running (`bash deploy/run.sh`) with a catalog at $CATALOG_RPC.
#
# The gateway rows are skipped, with a message, when the gateway does not answer
# GET /health/ping (not built yet, or GATEWAY_ARGS not right); the rest still runs.
#
# Environment (defaults):
#   DURATION=10s WARMUP=2s CONNECTIONS=64     wrk -d / unmeasured run before each / wrk -c
#   OUT=deploy/bench/gateway-results.md       where the markdown report is written
#   PING_BODY                                 body every /health/ping server sends; unset: the
#                                             gateway's own body when it answers, else
#                                             {"success":true,"data":{"status":"ok"}}
#   CERNIQ_BIN                                our binary, already built (unset: build .build/release/cerniq)
#   HUMMINGBIRD_PEER_BIN                      the peer, already built (unset: build it under
#                                             deploy/bench/hummingbird-peer/.build-hummingbird-peer)
#   HB_EXECUTOR=nio                           the peer's mode: nio (handlers on the event loop) or pool
#   SKIP_GATEWAY=1 / SKIP_NGINX=1 / SKIP_HUMMINGBIRD=1 / SKIP_E2E=1   leave those rows out
#   Gateway (the lead fills these in once the gateway exists):
#   GATEWAY_ARGS                              extra arguments after `serve --target gateway --listen ...`
#   GATEWAY_URL                               a gateway already running (e.g. http://127.0.0.1:8080):
#                                             used instead of starting one; GATEWAY_PID (else found
#                                             with ss) is pinned to core 0 and its CPU measured
#   End to end: CATALOG_RPC=127.0.0.1:7102 TOKEN PRODUCT_ID TENANT, CERTS_DIR=run/certs (cli.*, ca.pem),
#   GATEWAY_HEADERS                           extra request headers for the e2e wrk runs, one per line
# Exits 1 when a run that was attempted failed; a skipped gateway is not a failure.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/../.."
# shellcheck source=deploy/lib.sh
source deploy/lib.sh

# --- Settings -------------------------------------------------------------------------------------
command_line="bash deploy/bench/gateway-bench.sh"
for name in CERNIQ_BIN HUMMINGBIRD_PEER_BIN HB_EXECUTOR GATEWAY_ARGS GATEWAY_URL GATEWAY_PID PING_BODY SKIP_GATEWAY \
    SKIP_NGINX SKIP_HUMMINGBIRD SKIP_E2E CATALOG_RPC PRODUCT_ID TENANT CERTS_DIR OUT WARMUP CONNECTIONS DURATION; do
    [[ -n "${!name:-}" ]] && command_line="$name=\"${!name}\" $command_line"
done
[[ -n "${TOKEN:-}" ]] && command_line="TOKEN=<set> $command_line"
duration=${DURATION:-10s}
warmup=${WARMUP:-2s}
connections=${CONNECTIONS:-64}
out=${OUT:-deploy/bench/gateway-results.md}
skip_gateway=${SKIP_GATEWAY:-0}
skip_nginx=${SKIP_NGINX:-0}
skip_hummingbird=${SKIP_HUMMINGBIRD:-0}
skip_e2e=${SKIP_E2E:-0}
default_ping_body='{"success":true,"data":{"status":"ok"}}'
content_type='application/json; charset=utf-8'

cerniq_bin=${CERNIQ_BIN:-.build/release/cerniq}
peer_package=deploy/bench/hummingbird-peer
peer_scratch=$peer_package/.build-hummingbird-peer
peer_bin=${HUMMINGBIRD_PEER_BIN:-$peer_scratch/release/hummingbird-peer}
export HB_EXECUTOR=${HB_EXECUTOR:-nio}

catalog_rpc=${CATALOG_RPC:-127.0.0.1:7102}
certs_dir=${CERTS_DIR:-run/certs}

# The gateway, as the script starts it: `gateway_command PORT` prints nothing, it fills the
# array `gateway_cmd`. The lead completes GATEWAY_ARGS (or this function) once the flags exist.
gateway_command() {
    local port=$1 extra=()
    [[ -n "${GATEWAY_ARGS:-}" ]] && read -ra extra <<<"$GATEWAY_ARGS"
    # One event loop, like the peers' one core; the catalog and token key of deploy/run.sh.
    # Tenant rate limits off: one token sends far beyond 100 reads a minute here, and this bench
    # measures the pipeline (the limits have deploy/bench/rate-limit-replicas.sh).
    gateway_cmd=(env CERNIQ_EVENT_LOOPS=1 CERNIQ_RATE_LIMITS=off CERNIQ_CATALOG_ADDR="$catalog_rpc"
        CERNIQ_TOKEN_KEYS="dev=$certs_dir/token-signing.pub.pem"
        "$cerniq_bin" serve --target gateway --http-listen "127.0.0.1:$port"
        --cert "$certs_dir/gateway.pem" --key "$certs_dir/gateway.key" --ca "$certs_dir/ca.pem" "${extra[@]}")
}

# --- Tools -------------------------------------------------------------------------------------------
# nginx and wrk from Debian, jq for the reports, curl for the byte check; installed only when missing.
missing=()
for tool in nginx:nginx wrk:wrk jq:jq curl:curl ss:iproute2 taskset:util-linux; do
    command -v "${tool%%:*}" >/dev/null 2>&1 || [[ -x "/usr/sbin/${tool%%:*}" ]] || missing+=("${tool#*:}")
done
if ((${#missing[@]})); then
    echo "gateway-bench: installing ${missing[*]}" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -q >&2 && apt-get install -y -q --no-install-recommends "${missing[@]}" >&2
fi
nginx_bin=$(command -v nginx || echo /usr/sbin/nginx)

# --- Helpers ------------------------------------------------------------------------------------------

# cpu_ticks PID...: utime + stime, in clock ticks, summed over the processes (each one's
# /proc/<pid>/stat counts all its threads). Fields are counted after the last ')'.
cpu_ticks() {
    local pid total=0 rest
    for pid in "$@"; do
        rest=$(sed 's/.*) //' "/proc/$pid/stat")
        total=$((total + $(awk '{ print $12 + $13 }' <<<"$rest")))
    done
    echo "$total"
}
ticks_per_second=$(getconf CLK_TCK)

# core_ticks CORE: "busy total" clock ticks of one core from /proc/stat (busy: all but idle and
# iowait). Around a run, busy minus the server's own ticks is what OTHER processes took from the
# server's core: the noise column, since this machine may be shared.
core_ticks() {
    awk -v c="cpu$1" '$1 == c { busy = $2 + $3 + $4 + $7 + $8 + $9; print busy, busy + $5 + $6 }' /proc/stat
}

if (($(nproc) >= 2)); then
    pin_server=(taskset -c 0)
    pin_load=(taskset -c 1)
    pinning="server on core 0, wrk / cerniq load on core 1 (taskset)"
    export CERNIQ_EVENT_LOOPS=${CERNIQ_EVENT_LOOPS:-1}
else
    pin_server=()
    pin_load=()
    pinning="not pinned (one core available)"
fi

scratch=$(mktemp -d "${TMPDIR:-/tmp}/cerniq-gwbench.XXXXXX")
server_pids=()   # the processes this script started and must stop
stop_servers() {
    local pid
    for pid in "${server_pids[@]}"; do
        kill -TERM "$pid" 2>/dev/null || true
    done
    for pid in "${server_pids[@]}"; do
        for _ in $(seq 1 50); do
            kill -0 "$pid" 2>/dev/null || break
            sleep 0.1
        done
        kill -KILL "$pid" 2>/dev/null || true
        wait "$pid" 2>/dev/null || true
    done
    server_pids=()
}
cleanup() {
    local status=$?
    if [[ -n "${load_pid:-}" ]]; then
        kill -TERM "$load_pid" 2>/dev/null || true   # timeout passes it on to wrk / cerniq load
        wait "$load_pid" 2>/dev/null || true
    fi
    stop_servers
    rm -rf "$scratch"
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# wait_http URL PID LOG NAME: until URL answers 200 (30 s), or the process exits.
wait_http() {
    local url=$1 pid=$2 log=$3 name=$4
    for _ in $(seq 1 300); do
        if [[ -n "$pid" ]] && ! kill -0 "$pid" 2>/dev/null; then
            echo "gateway-bench: $name exited; its log:" >&2
            tail -n 20 "$log" >&2 || true
            return 1
        fi
        [[ $(curl -s -o /dev/null -w '%{http_code}' "$url" 2>/dev/null) == 200 ]] && return 0
        sleep 0.1
    done
    echo "gateway-bench: $name did not answer 200 at $url within 30 s; its log:" >&2
    tail -n 20 "$log" >&2 || true
    return 1
}

# The wrk script: no per-request work; at the end one JSON line with the exact counts and the
# latency percentiles in µs, so no text output is parsed.
cat >"$scratch/report.lua" <<'LUA'
done = function(summary, latency, requests)
    local e = summary.errors
    io.write(string.format(
        '\nWRKJSON {"requests":%d,"durationUs":%d,"bytes":%d,"p50Us":%d,"p90Us":%d,"p99Us":%d,"p999Us":%d,"maxUs":%d,"meanUs":%.1f,"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d}\n',
        summary.requests, summary.duration, summary.bytes,
        latency:percentile(50), latency:percentile(90), latency:percentile(99), latency:percentile(99.9),
        latency.max, latency.mean, e.connect, e.read, e.write, e.status, e.timeout))
end
LUA

# in_background CMD...: runs a load generator in the background and waits for it, so that a
# signal runs the trap at once (bash defers traps until a foreground command ends) and the
# cleanup can stop it too. Its stdout goes to $scratch/load.out.
load_pid=""
in_background() {
    "$@" >"$scratch/load.out" &
    load_pid=$!
    local status=0
    wait "$load_pid" || status=$?
    load_pid=""
    return "$status"
}

# wrk_run URL CONNECTIONS DURATION [wrk args...]: sets wrk_json to wrk's JSON line (requests,
# latency in µs), or "". Not in a $(...) subshell: the wait must be the script's own.
wrk_json=""
wrk_run() {
    local url=$1 conns=$2 length=$3
    shift 3
    wrk_json=""
    in_background timeout 120 "${pin_load[@]}" wrk -t1 -c"$conns" -d"$length" --latency -s "$scratch/report.lua" \
        "$@" "$url" 2>>"$scratch/wrk.log" || true
    wrk_json=$(sed -n 's/^WRKJSON //p' "$scratch/load.out")
}

results=$scratch/results.tsv   # name \t json-with-cpu  (or FAILED / SKIPPED \t reason)
: >"$results"
failed=0
record() { printf '%s\t%s\n' "$1" "$2" >>"$results"; }
lookup() { awk -F'\t' -v n="$1" '$1 == n { print $2 }' "$results" | tail -n 1; }
value() { # NAME JQ: a number from a row, or "" when it has none
    local json
    json=$(lookup "$1")
    [[ -z "$json" || "$json" != \{* ]] && return 0
    jq -r "$2 // empty" <<<"$json"
}

# with_rates JSON TICKS NPIDS CORE_BEFORE CORE_AFTER: wrk's JSON plus requests/s, the server's
# CPU µs per request (null when no server process was watched) and the share of core 0 that
# other processes used during the run (null when the server's ticks are unknown).
with_rates() {
    local busy0 total0 busy1 total1
    read -r busy0 total0 <<<"$4"
    read -r busy1 total1 <<<"$5"
    jq -c --argjson t "$2" --argjson n "$3" --argjson hz "$ticks_per_second" \
        --argjson busy "$((busy1 - busy0))" --argjson total "$((total1 - total0))" \
        '. + {rps: (.requests / (.durationUs / 1e6)),
              cpuUs: (if .requests > 0 and $n > 0 then $t / $hz / .requests * 1e6 else null end),
              otherPct: (if $n > 0 and $total > 0 then ([($busy - $t) / $total * 100, 0] | max) else null end)}' <<<"$1"
}

# measure NAME URL PIDS...: warm-up, then the measured wrk run with the CPU of PIDS around it.
measure() {
    local name=$1 url=$2 before after json
    shift 2
    echo "gateway-bench: $name: wrk -t1 -c$connections -d$duration $url" >&2
    wrk_run "$url" "$connections" "$warmup"
    before=$(cpu_ticks "$@")
    core_before=$(core_ticks 0)
    wrk_run "$url" "$connections" "$duration"
    json=$wrk_json
    core_after=$(core_ticks 0)
    if [[ -z "$json" ]] || ! after=$(cpu_ticks "$@" 2>/dev/null); then
        echo "gateway-bench: $name: wrk or the server failed" >&2
        record "$name" FAILED
        failed=1
        return
    fi
    record "$name" "$(with_rates "$json" "$((after - before))" "$#" "$core_before" "$core_after")"
}

# headers_of NAME URL: the response once (headers and body) into the scratch folder, for the
# byte check and the report.
headers_of() {
    curl -sS -D "$scratch/$1.headers" -o "$scratch/$1.body" "$2"
}

# --- Builds --------------------------------------------------------------------------------------------
ensure_swift_on_path
if [[ "$skip_hummingbird" != 1 && -z "${HUMMINGBIRD_PEER_BIN:-}" ]]; then
    echo "gateway-bench: building the Hummingbird peer (release, several minutes the first time)" >&2
    swift build -c release --package-path "$peer_package" --scratch-path "$peer_scratch" --product hummingbird-peer >&2
fi
gateway_note=""
if [[ "$skip_gateway" != 1 && -z "${GATEWAY_URL:-}" && -z "${CERNIQ_BIN:-}" ]]; then
    echo "gateway-bench: building cerniq (release)" >&2
    swift build -c release --product cerniq >&2 || gateway_note="swift build -c release --product cerniq failed"
fi

# --- (a) the gateway: started first, so the peers can serve its exact body ------------------------
gateway_pids=()
gateway_url=""
if [[ "$skip_gateway" == 1 ]]; then
    gateway_note="SKIP_GATEWAY=1"
elif [[ -n "$gateway_note" ]]; then
    :
elif [[ -n "${GATEWAY_URL:-}" ]]; then
    gateway_url=${GATEWAY_URL%/}
    if [[ $(curl -s -o /dev/null -w '%{http_code}' "$gateway_url/health/ping" 2>/dev/null) != 200 ]]; then
        gateway_note="GATEWAY_URL=$gateway_url does not answer 200 to GET /health/ping"
        gateway_url=""
    else
        # Every process holding the listening socket (a master/worker server has several).
        if [[ -n "${GATEWAY_PID:-}" ]]; then
            read -ra gateway_pids <<<"$GATEWAY_PID"
        else
            port=${gateway_url##*:}
            port=${port%%/*}
            mapfile -t gateway_pids < <(ss -Hltnp "sport = :$port" 2>/dev/null | grep -o 'pid=[0-9]*' | cut -d= -f2 | sort -u)
        fi
        if ((${#gateway_pids[@]})); then
            for pid in "${gateway_pids[@]}"; do
                ((${#pin_server[@]})) && taskset -a -p -c 0 "$pid" >/dev/null
            done
        else
            echo "gateway-bench: no pid for $gateway_url (set GATEWAY_PID): its CPU is not measured" >&2
        fi
    fi
elif [[ ! -x "$cerniq_bin" ]]; then
    gateway_note="no binary at $cerniq_bin"
else
    port=$(free_port)
    gateway_command "$port"
    echo "gateway-bench: starting the gateway: ${gateway_cmd[*]}" >&2
    "${pin_server[@]}" "${gateway_cmd[@]}" >"$scratch/gateway.log" 2>&1 &
    server_pids+=($!)
    gateway_pids=($!)
    if wait_http "http://127.0.0.1:$port/health/ping" "$!" "$scratch/gateway.log" gateway; then
        gateway_url=http://127.0.0.1:$port
    else
        last=$(grep -m1 . "$scratch/gateway.log" 2>/dev/null | cut -c1-160)
        gateway_note="\`${gateway_cmd[*]}\` did not serve GET /health/ping${last:+ (its log: $last)}"
        stop_servers
        gateway_pids=()
    fi
fi
if [[ -n "$gateway_url" ]]; then
    headers_of gateway "$gateway_url/health/ping"
    if [[ -z "${PING_BODY:-}" ]]; then
        ping_body=$(cat "$scratch/gateway.body")
    fi
else
    echo "gateway-bench: SKIPPING the gateway rows: $gateway_note" >&2
fi
ping_body=${ping_body:-${PING_BODY:-$default_ping_body}}
printf '%s' "$ping_body" >"$scratch/ping.body"
export PING_BODY_FILE=$scratch/ping.body

if [[ -n "$gateway_url" ]]; then
    measure gateway "$gateway_url/health/ping" "${gateway_pids[@]}"
else
    record gateway SKIPPED
fi
# A gateway the script started stays up, idle, for the end-to-end table while the peers run.

# --- (b) nginx -----------------------------------------------------------------------------------------
if [[ "$skip_nginx" != 1 ]]; then
    nginx_dir=$scratch/nginx
    mkdir -p "$nginx_dir/tmp" "$nginx_dir/logs"
    port=$(free_port)
    if [[ "$ping_body" == *'$'* ]]; then
        # `return` text interpolates variables: serve the file instead (same bytes).
        ping_location="alias $scratch/ping.body;"
    else
        escaped=${ping_body//\\/\\\\}
        escaped=${escaped//\'/\\\'}
        ping_location="return 200 '$escaped';"
    fi
    cat >"$nginx_dir/nginx.conf" <<NGINX
worker_processes 1;
daemon off;
pid $nginx_dir/nginx.pid;
error_log $nginx_dir/logs/error.log warn;
events { worker_connections 4096; }
http {
    access_log off;
    server_tokens off;
    keepalive_requests 100000000;
    keepalive_timeout 300s;
    client_body_temp_path $nginx_dir/tmp/body;
    proxy_temp_path $nginx_dir/tmp/proxy;
    fastcgi_temp_path $nginx_dir/tmp/fastcgi;
    uwsgi_temp_path $nginx_dir/tmp/uwsgi;
    scgi_temp_path $nginx_dir/tmp/scgi;
    server {
        listen 127.0.0.1:$port;
        location = /health/ping {
            default_type "$content_type";
            $ping_location
        }
    }
}
NGINX
    "${pin_server[@]}" "$nginx_bin" -p "$nginx_dir" -e "$nginx_dir/logs/error.log" -c "$nginx_dir/nginx.conf" \
        >"$nginx_dir/logs/stdout.log" 2>&1 &
    nginx_master=$!
    server_pids+=("$nginx_master")
    if wait_http "http://127.0.0.1:$port/health/ping" "$nginx_master" "$nginx_dir/logs/error.log" nginx; then
        mapfile -t nginx_workers < <(pgrep -P "$nginx_master")
        headers_of nginx "http://127.0.0.1:$port/health/ping"
        measure nginx "http://127.0.0.1:$port/health/ping" "$nginx_master" "${nginx_workers[@]}"
    else
        record nginx FAILED
        failed=1
    fi
    kill -QUIT "$nginx_master" 2>/dev/null || true   # graceful stop; stop_servers follows up
    for _ in $(seq 1 50); do kill -0 "$nginx_master" 2>/dev/null || break; sleep 0.1; done
fi

# --- (c) Hummingbird -----------------------------------------------------------------------------------
if [[ "$skip_hummingbird" != 1 ]]; then
    port=$(free_port)
    "${pin_server[@]}" "$peer_bin" "$port" >"$scratch/hummingbird.log" 2>&1 &
    hb_pid=$!
    server_pids+=("$hb_pid")
    if wait_http "http://127.0.0.1:$port/health/ping" "$hb_pid" "$scratch/hummingbird.log" hummingbird; then
        headers_of hummingbird "http://127.0.0.1:$port/health/ping"
        measure hummingbird "http://127.0.0.1:$port/health/ping" "$hb_pid"
    else
        record hummingbird FAILED
        failed=1
    fi
    kill -TERM "$hb_pid" 2>/dev/null || true
fi

# Byte check: every server that answered sent exactly the expected body and Content-Type.
byte_check=""
for name in gateway nginx hummingbird; do
    [[ -f "$scratch/$name.body" ]] || continue
    type=$(awk -F': ' 'tolower($1) == "content-type" { sub(/\r$/, "", $2); print $2 }' "$scratch/$name.headers")
    if cmp -s "$scratch/$name.body" "$scratch/ping.body" && [[ "$type" == "$content_type" ]]; then
        byte_check+="${byte_check:+; }$name identical"
    else
        byte_check+="${byte_check:+; }$name DIFFERS (Content-Type: $type, body: $(head -c 120 "$scratch/$name.body"))"
        failed=1
    fi
done

# --- End to end: GET /api/v1/products/:id via the gateway vs GetProduct over RPC -----------------------
# With deploy/run.sh's platform: its demo token and tenant, and a product made for the read.
if [[ "$skip_e2e" != 1 && -z "${TOKEN:-}" && -f run/demo-token ]]; then
    TOKEN=$(cat run/demo-token)
    TENANT=${TENANT:-${CERNIQ_DEMO_TENANT:-7b0e3c1a-5d2f-4e8b-9a61-3c4d5e6f7a80}}
fi
if [[ "$skip_e2e" != 1 && -n "${TOKEN:-}" && -z "${PRODUCT_ID:-}" && -n "$gateway_url" ]]; then
    PRODUCT_ID=$(curl -s -X POST "$gateway_url/api/v1/products" -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
        -d "{\"sku\":\"BENCH-$RANDOM$RANDOM\",\"name\":\"Bench product\",\"category\":\"bench\",\"price\":10.50,\"vatRate\":21,\"unit\":\"buc\",\"stock\":100,\"specifications\":{\"power\":750}}" \
        | jq -r '.data.id // empty')
fi
e2e_note=""
if [[ "$skip_e2e" == 1 ]]; then
    e2e_note="SKIP_E2E=1"
elif [[ -z "$gateway_url" ]]; then
    e2e_note="no gateway ($gateway_note)"
elif [[ -z "${TOKEN:-}" || -z "${PRODUCT_ID:-}" || -z "${TENANT:-}" ]]; then
    e2e_note="set TOKEN, PRODUCT_ID and TENANT"
elif [[ ! -x "$cerniq_bin" ]]; then
    e2e_note="no binary at $cerniq_bin for the direct RPC read"
elif ! "$cerniq_bin" health --target "$catalog_rpc" --cert "$certs_dir/cli.pem" --key "$certs_dir/cli.key" \
    --ca "$certs_dir/ca.pem" >/dev/null 2>&1; then
    e2e_note="no catalog answering at CATALOG_RPC=$catalog_rpc with the certificates in $certs_dir (bash deploy/run.sh)"
fi
e2e_url=""
if [[ -z "$e2e_note" ]]; then
    e2e_url="$gateway_url/api/v1/products/$PRODUCT_ID"
    header_args=(-H "Authorization: Bearer $TOKEN")
    while IFS= read -r line; do
        [[ -n "$line" ]] && header_args+=(-H "$line")
    done <<<"${GATEWAY_HEADERS:-}"
    status=$(curl -s -o "$scratch/product.body" -w '%{http_code}' "${header_args[@]}" "$e2e_url" || true)
    if [[ "$status" != 200 ]]; then
        e2e_note="GET $e2e_url answered $status: $(head -c 200 "$scratch/product.body" 2>/dev/null)"
    fi
fi
rpc_load() { # CONCURRENCY DURATION: the report JSON in $scratch/load.out
    in_background timeout 120 "${pin_load[@]}" "$cerniq_bin" load cerniq.catalog.v1.CatalogService/GetProduct \
        --target "$catalog_rpc" --cert "$certs_dir/cli.pem" --key "$certs_dir/cli.key" --ca "$certs_dir/ca.pem" \
        --metadata "tenant=$TENANT" --concurrency "$1" --duration "$2" --data "{\"id\":\"$PRODUCT_ID\"}" --json --quiet \
        2>>"$scratch/rpc.log"
}
e2e_run() { # NAME CONCURRENCY: gateway via wrk, CPU of the gateway alone
    local name=$1 conns=$2 before after json
    echo "gateway-bench: $name: wrk -t1 -c$conns -d$duration $e2e_url" >&2
    wrk_run "$e2e_url" "$conns" "$warmup" "${header_args[@]}"
    before=$(cpu_ticks "${gateway_pids[@]}")
    core_before=$(core_ticks 0)
    wrk_run "$e2e_url" "$conns" "$duration" "${header_args[@]}"
    json=$wrk_json
    core_after=$(core_ticks 0)
    after=$(cpu_ticks "${gateway_pids[@]}" 2>/dev/null) || json=""
    if [[ -z "$json" ]]; then
        record "$name" FAILED
        failed=1
        return
    fi
    record "$name" "$(with_rates "$json" "$((after - before))" "${#gateway_pids[@]}" "$core_before" "$core_after")"
}
rpc_run() { # NAME CONCURRENCY: cerniq load, reshaped to the wrk row's fields
    local name=$1 conns=$2 json
    echo "gateway-bench: $name: cerniq load GetProduct --concurrency $conns --duration $duration" >&2
    rpc_load "$conns" "$warmup" || true
    if rpc_load "$conns" "$duration" && json=$(jq -c . "$scratch/load.out" | tail -n 1) && [[ -n "$json" ]]; then
        record "$name" "$(jq -c '{requests, rps: .requestsPerSecond, p50Us: (.latency.p50Ms * 1000),
            p99Us: (.latency.p99Ms * 1000), statuses, status: ([.statuses | to_entries[] | select(.key != "OK") | .value] | add // 0)}' <<<"$json")"
    else
        record "$name" FAILED
        failed=1
    fi
}
if [[ -z "$e2e_note" ]]; then
    e2e_run e2e-gw-1 1
    e2e_run e2e-gw-n "$connections"
    rpc_run e2e-rpc-1 1
    rpc_run e2e-rpc-n "$connections"
    # The gateway's own share, as it reports it in Server-Timing (gateway;dur): from the
    # request parsed to the response built, the upstream call excluded.
    own_timing=$("${pin_load[@]}" wrk -t1 -c1 -d"$duration" -s deploy/bench/server-timing.lua "${header_args[@]}" "$e2e_url" 2>/dev/null \
        | sed -n 's/^server-timing gateway_us //p')
else
    echo "gateway-bench: SKIPPING the end-to-end table: $e2e_note" >&2
fi
stop_servers

# --- Report ---------------------------------------------------------------------------------------------
fmt() { [[ -n "$1" ]] && printf "%.${2:-0}f" "$1" || printf -- "-"; }
ratio() { [[ -n "$1" && -n "$2" ]] && awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else printf "-" }' || printf -- "-"; }
us_ms() { [[ -n "$1" ]] && awk -v u="$1" 'BEGIN { printf "%.3f", u / 1000 }' || printf -- "-"; }
cell() { # NAME: the row's state when it has no numbers
    local json
    json=$(lookup "$1")
    case $json in
        "" | SKIPPED) printf "skipped" ;;
        FAILED) printf "FAILED" ;;
        *) printf "" ;;
    esac
}
errors() { # NAME: wrk's socket errors and non-2xx responses, or the RPC's non-OK statuses
    local json
    json=$(lookup "$1")
    [[ "$json" == \{* ]] || { printf -- "-"; return; }
    jq -r '[(.connect // 0) + (.read // 0) + (.write // 0) + (.timeout // 0), (.status // 0)] |
        if .[0] == 0 and .[1] == 0 then "0" else "socket \(.[0]), non-2xx/non-OK \(.[1])" end' <<<"$json"
}
verdict() { # LABEL VALUE OP TARGET UNIT REASON-WHEN-EMPTY
    local label=$1 v=$2 op=$3 target=$4 unit=$5 reason=${6:-not measured}
    if [[ -z "$v" ]]; then
        echo "- $label: SKIPPED ($reason)"
    elif awk -v v="$v" -v t="$target" -v op="$op" 'BEGIN { exit !((op == ">=" && v >= t) || (op == "<" && v < t)) }'; then
        echo "- $label: PASS ($v$unit; target $op $target$unit)"
    else
        echo "- $label: FAIL ($v$unit; target $op $target$unit)"
    fi
}

gw_rps=$(value gateway .rps)
ng_rps=$(value nginx .rps)
hb_rps=$(value hummingbird .rps)
{
    echo "# Gateway benchmark: GET /health/ping vs nginx and Hummingbird; e2e product read"
    echo
    echo "- command: \`$command_line\`"
    echo "- settings: DURATION=$duration WARMUP=$warmup, \`wrk -t1 -c$connections --latency\`; HB_EXECUTOR=$HB_EXECUTOR"
    echo "- date: $(date -u +%Y-%m-%dT%H:%M:%SZ); commit: $(git describe --always --dirty 2>/dev/null || echo unknown)"
    echo "- machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(uname -r)"
    echo "- pinning: $pinning"
    echo "- servers: gateway \`${gateway_cmd[*]:-${GATEWAY_URL:-not run}}\`; nginx $("$nginx_bin" -v 2>&1 | sed 's/.*nginx\///'), worker_processes 1, access_log off, \`return 200\`; Hummingbird 2.28.1 \`$peer_bin\` (one NIO event loop)"
    echo "- body: \`$ping_body\` ($(wc -c <"$scratch/ping.body") bytes), Content-Type \`$content_type\`; check: ${byte_check:-none answered}"
    echo "- CPU/request: the server's utime+stime over the measured run (/proc/<pid>/stat, all threads; nginx master+worker) / requests wrk completed"
    echo
    echo "## GET /health/ping"
    echo
    echo "| server | requests/s | p50 ms | p99 ms | CPU µs/request | vs nginx | vs Hummingbird | core 0 used by others % | errors |"
    echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |"
    for name in gateway nginx hummingbird; do
        state=$(cell "$name")
        if [[ -n "$state" ]]; then
            echo "| $name | $state | - | - | - | - | - | - | - |"
            continue
        fi
        rps=$(value "$name" .rps)
        echo "| $name | $(fmt "$rps") | $(us_ms "$(value "$name" .p50Us)") | $(us_ms "$(value "$name" .p99Us)") |" \
            "$(fmt "$(value "$name" .cpuUs)" 1) | $(ratio "$rps" "$ng_rps") | $(ratio "$rps" "$hb_rps") |" \
            "$(fmt "$(value "$name" .otherPct)" 1) | $(errors "$name") |"
    done
    echo
    echo "\"core 0 used by others\": the share of the server's core that other processes took during the run"
    echo "(from /proc/stat); above a few per cent, the machine was busy and the row is not clean."
    echo
    if [[ -n "$e2e_url" ]]; then
        echo "## GET /api/v1/products/:id through the gateway vs GetProduct over RPC"
        echo
        echo "- gateway: \`wrk -t1 -c1|-c$connections --latency -H 'Authorization: Bearer <TOKEN>' $e2e_url\`"
        echo "- direct: \`cerniq load cerniq.catalog.v1.CatalogService/GetProduct --target $catalog_rpc --metadata tenant=$TENANT --data '{\"id\":\"$PRODUCT_ID\"}' --concurrency 1|$connections\` (one connection, mutual TLS)"
        echo "- the catalog and PostgreSQL are not pinned: they share both cores with the gateway and the load generator"
        echo
        echo "| path | connections | requests/s | p50 ms | p99 ms | gateway CPU µs/request | errors |"
        echo "| --- | ---: | ---: | ---: | ---: | ---: | --- |"
        for spec in "e2e-gw-1:gateway HTTP:1" "e2e-gw-n:gateway HTTP:$connections" "e2e-rpc-1:direct RPC:1" "e2e-rpc-n:direct RPC:$connections"; do
            IFS=: read -r name label conns <<<"$spec"
            state=$(cell "$name")
            if [[ -n "$state" ]]; then
                echo "| $label | $conns | $state | - | - | - | - |"
                continue
            fi
            echo "| $label | $conns | $(fmt "$(value "$name" .rps)") | $(us_ms "$(value "$name" .p50Us)") |" \
                "$(us_ms "$(value "$name" .p99Us)") | $(fmt "$(value "$name" .cpuUs)" 1) | $(errors "$name") |"
        done
        gw_p50=$(value e2e-gw-1 .p50Us)
        rpc_p50=$(value e2e-rpc-1 .p50Us)
        added=""
        [[ -n "$gw_p50" && -n "$rpc_p50" ]] && added=$(awk -v g="$gw_p50" -v r="$rpc_p50" 'BEGIN { printf "%.0f", g - r }')
        echo
        echo "Gateway's added latency at p50, one connection: ${added:--} µs (gateway p50 $(fmt "$gw_p50") µs − direct RPC p50 $(fmt "$rpc_p50") µs)."
        echo
        echo "Gateway's own time per request (its Server-Timing gateway;dur, request parsed → response built, upstream call excluded), one connection, µs: ${own_timing:-not measured}."
    else
        echo "## GET /api/v1/products/:id through the gateway vs GetProduct over RPC"
        echo
        echo "Skipped: $e2e_note."
        added=""
    fi
    echo
    echo "## Verdict"
    echo
    why=${gateway_note:-no gateway figure}
    why_ng=$why why_hb=$why why_cpu=$why
    if [[ -n "$gw_rps" ]]; then
        why_ng="no nginx figure"
        why_hb="no Hummingbird figure"
        why_cpu="the gateway's pid is unknown: set GATEWAY_PID"
    fi
    verdict "/health/ping req/s vs nginx (gateway/nginx)" "$(ratio "$gw_rps" "$ng_rps" | grep -v '^-$' || true)" ">=" 0.75 "x" "$why_ng"
    verdict "/health/ping req/s vs Hummingbird (gateway/Hummingbird)" "$(ratio "$gw_rps" "$hb_rps" | grep -v '^-$' || true)" ">=" 1.5 "x" "$why_hb"
    verdict "gateway CPU per /health/ping request" "$(fmt "$(value gateway .cpuUs)" 1 | grep -v '^-$' || true)" "<" 25 " µs" "$why_cpu"
    verdict "e2e added p50 (gateway − direct RPC)" "$added" "<" 50 " µs" "${e2e_note:-not measured}"
} | tee "$scratch/report.md"
cp "$scratch/report.md" "$out"
echo >&2
echo "gateway-bench: report written to $out" >&2
exit "$failed"
