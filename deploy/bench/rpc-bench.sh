#!/usr/bin/env bash
# Our RPC stack against grpc-swift-2, side by side, in one run (deploy/README.md, Benchmarks).
#
# For every payload size and concurrency it starts a fresh server (so peak memory belongs to
# that case alone), warms it up, then runs a closed-loop load generator against it over one
# mutually authenticated TLS connection, and records:
#   - requests/s and latency percentiles, as the load generator reports them (one JSON object
#     with requestsPerSecond, latency.{p50Ms,p90Ms,p99Ms,p999Ms,maxMs}, statuses);
#   - the server's CPU time per call: utime+stime from /proc/<pid>/stat before and after the
#     measured run, divided by the calls made in it;
#   - the server's peak resident memory: VmHWM from /proc/<pid>/status.
# With two or more cores the server runs on core 0 and the load generator on core 1
# (taskset), so neither steals the other's CPU and the numbers say what one core does.
#
#   (a) ours:  .build/release/cerniq serve --target testing ...
#              .build/release/cerniq load cerniq.testing.v1.TestService/Echo ... --json
#   (b) grpc:  deploy/bench/grpc-peer server ... / load ...   (grpc-swift-2 2.4.3, NIO transport 2.9.2)
#
# Environment (defaults):
#   DURATION=10s  PAYLOADS="64 4096"  CONCURRENCIES="1 16 64"  WARMUP=2s
#   OUT=deploy/bench/results.md   CERTS_DIR (unset: issue a fresh bundle with `cerniq certs`)
#   SKIP_OURS=1 / SKIP_GRPC=1     measure one stack only
#   CERNIQ_BIN                    our binary, already built (unset: build .build/release/cerniq)
#   GRPC_PEER_BIN                 the peer, already built (unset: build it under deploy/bench/grpc-peer/.build)
# Writes the markdown table to $OUT and to stdout. Exits 1 if any case failed.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/../.."
# shellcheck source=deploy/lib.sh
source deploy/lib.sh

# The command line as run, with every setting that was overridden, for the results header.
command_line="bash deploy/bench/rpc-bench.sh"
for name in CERNIQ_BIN GRPC_PEER_BIN CERTS_DIR SKIP_GRPC SKIP_OURS OUT WARMUP CONCURRENCIES PAYLOADS DURATION; do
    [[ -n "${!name:-}" ]] && command_line="$name=\"${!name}\" $command_line"
done
duration=${DURATION:-10s}
warmup=${WARMUP:-2s}
read -ra payloads <<<"${PAYLOADS:-64 4096}"
read -ra concurrencies <<<"${CONCURRENCIES:-1 16 64}"
out=${OUT:-deploy/bench/results.md}
skip_ours=${SKIP_OURS:-0}
skip_grpc=${SKIP_GRPC:-0}

ours_bin=${CERNIQ_BIN:-.build/release/cerniq}
peer_package=deploy/bench/grpc-peer
peer_bin=${GRPC_PEER_BIN:-$peer_package/.build/release/grpc-peer}

ensure_swift_on_path
if ! command -v jq >/dev/null 2>&1; then
    echo "rpc-bench: installing jq"
    DEBIAN_FRONTEND=noninteractive apt-get update -q && apt-get install -y -q --no-install-recommends jq
fi

# --- Helpers ------------------------------------------------------------------------------------

# seconds DURATION: "10s", "10", "500ms" or "1m" as whole seconds, rounded up.
seconds() {
    local text=$1
    case $text in
        *ms) echo $(((${text%ms} + 999) / 1000)) ;;
        *s) echo "${text%s}" ;;
        *m) echo $((${text%m} * 60)) ;;
        *) echo "$text" ;;
    esac
}


# cpu_ticks PID: utime + stime in clock ticks. The fields are counted after the last ')',
# because the command name in field 2 may itself hold spaces or parentheses.
cpu_ticks() {
    local rest
    rest=$(sed 's/.*) //' "/proc/$1/stat")
    # After "comm)", the state is field 3; utime and stime are fields 14 and 15.
    awk '{ print $12 + $13 }' <<<"$rest"
}

# peak_rss_kib PID: VmHWM, the resident set's high-water mark since the process started.
peak_rss_kib() {
    awk '/^VmHWM:/ { print $2 }' "/proc/$1/status"
}

# Core pinning: server on core 0, load generator on core 1, when there are two cores to use.
if (($(nproc) >= 2)); then
    pin_server=(taskset -c 0)
    pin_load=(taskset -c 1)
    pinning="server on core 0, load generator on core 1 (taskset), one event loop each"
    # One core each: one event-loop thread per process, or its threads fight for the core.
    export CERNIQ_EVENT_LOOPS=${CERNIQ_EVENT_LOOPS:-1}
else
    pin_server=()
    pin_load=()
    pinning="not pinned (one core available)"
fi

scratch=$(mktemp -d "${TMPDIR:-/tmp}/cerniq-bench.XXXXXX")
server_pid=""
stop_server() {
    if [[ -n "$server_pid" ]] && kill -0 "$server_pid" 2>/dev/null; then
        kill -TERM "$server_pid" 2>/dev/null || true
        for _ in $(seq 1 100); do
            kill -0 "$server_pid" 2>/dev/null || break
            sleep 0.1
        done
        kill -KILL "$server_pid" 2>/dev/null || true
        wait "$server_pid" 2>/dev/null || true
    fi
    server_pid=""
}
cleanup() {
    local status=$?
    stop_server
    rm -rf "$scratch"
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# --- Build both stacks (release) -------------------------------------------------------------
if [[ "$skip_ours" != 1 && -z "${CERNIQ_BIN:-}" ]]; then
    swift build -c release --product cerniq
fi
if [[ "$skip_grpc" != 1 && -z "${GRPC_PEER_BIN:-}" ]]; then
    swift build -c release --package-path "$peer_package" --scratch-path "$peer_package/.build" --product grpc-peer
fi

# --- Certificates: one bundle for both stacks, from DevCertificates ---------------------------
if [[ -n "${CERTS_DIR:-}" ]]; then
    certs=$CERTS_DIR
else
    certs=$scratch/certs
    "$ours_bin" certs --out "$certs" --components testing,cli
fi
server_tls=(--cert "$certs/testing.pem" --key "$certs/testing.key" --ca "$certs/ca.pem")
client_tls=(--cert "$certs/cli.pem" --key "$certs/cli.key" --ca "$certs/ca.pem")

# --- One case -----------------------------------------------------------------------------------
load_limit=$(($(seconds "$duration") + $(seconds "$warmup") + 60)) # a hung load generator cannot stall the run
results=$scratch/results.tsv
: >"$results"
failed=0

# start_server STACK PORT: starts the stack's server in the background, pinned, and waits
# until it accepts TCP connections (bounded: 30 s).
start_server() {
    local stack=$1 port=$2 log=$scratch/$1-server.log
    if [[ $stack == ours ]]; then
        "${pin_server[@]}" "$ours_bin" serve --target testing --listen "127.0.0.1:$port" "${server_tls[@]}" >"$log" 2>&1 &
    else
        "${pin_server[@]}" "$peer_bin" server --port "$port" "${server_tls[@]}" >"$log" 2>&1 &
    fi
    server_pid=$!
    for _ in $(seq 1 300); do
        if ! kill -0 "$server_pid" 2>/dev/null; then
            echo "rpc-bench: $stack server exited; its log:" >&2
            tail -n 20 "$log" >&2
            return 1
        fi
        (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && return 0
        sleep 0.1
    done
    echo "rpc-bench: $stack server did not listen on $port within 30 s" >&2
    return 1
}

# run_load STACK PORT PAYLOAD CONCURRENCY DURATION: prints the load generator's JSON object.
run_load() {
    local stack=$1 port=$2 payload=$3 concurrency=$4 length=$5
    if [[ $stack == ours ]]; then
        local data
        data=$(printf '{"payload":"%s"}' "$(head -c "$payload" /dev/urandom | base64 -w0)")
        timeout "$load_limit" "${pin_load[@]}" "$ours_bin" load cerniq.testing.v1.TestService/Echo \
            --target "127.0.0.1:$port" "${client_tls[@]}" \
            --concurrency "$concurrency" --duration "$length" --data "$data" --json
    else
        timeout "$load_limit" "${pin_load[@]}" "$peer_bin" load --port "$port" \
            --concurrency "$concurrency" --duration "$length" --payload "$payload" "${client_tls[@]}"
    fi
}

# measure STACK PAYLOAD CONCURRENCY: one case; appends a row to $results.
measure() {
    local stack=$1 payload=$2 concurrency=$3 port json before after hwm calls log=$scratch/$1-load.log
    echo "rpc-bench: $stack payload=$payload concurrency=$concurrency" >&2
    port=$(free_port)
    if ! start_server "$stack" "$port"; then
        stop_server
        printf '%s\t%s\t%s\tFAILED\n' "$stack" "$payload" "$concurrency" >>"$results"
        failed=1
        return
    fi
    # Warm-up: connections, allocator arenas and page faults settle outside the measurement.
    run_load "$stack" "$port" "$payload" "$concurrency" "$warmup" >/dev/null 2>>"$log" || true
    before=$(cpu_ticks "$server_pid")
    if json=$(run_load "$stack" "$port" "$payload" "$concurrency" "$duration" 2>>"$log" | jq -c . | tail -n 1) &&
        [[ -n "$json" ]] && kill -0 "$server_pid" 2>/dev/null; then
        after=$(cpu_ticks "$server_pid")
        hwm=$(peak_rss_kib "$server_pid")
        calls=$(jq '[.statuses[]] | add // 0' <<<"$json")
        printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$stack" "$payload" "$concurrency" "$json" \
            "$((after - before))" "$hwm" "$calls" >>"$results"
    else
        echo "rpc-bench: $stack load failed; last lines of its output:" >&2
        tail -n 20 "$log" >&2 || true
        printf '%s\t%s\t%s\tFAILED\n' "$stack" "$payload" "$concurrency" >>"$results"
        failed=1
    fi
    stop_server
}

stacks=()
[[ "$skip_ours" == 1 ]] || stacks+=(ours)
[[ "$skip_grpc" == 1 ]] || stacks+=(grpc)
for payload in "${payloads[@]}"; do
    for concurrency in "${concurrencies[@]}"; do
        for stack in "${stacks[@]}"; do
            measure "$stack" "$payload" "$concurrency"
        done
    done
done

# --- The table ------------------------------------------------------------------------------------
ticks_per_second=$(getconf CLK_TCK)

# field STACK PAYLOAD CONCURRENCY JQ: one number from a case's row, or "" when it has none.
field() {
    awk -F'\t' -v s="$1" -v p="$2" -v c="$3" '$1 == s && $2 == p && $3 == c && $4 != "FAILED"' "$results" |
        while IFS=$'\t' read -r _ _ _ json ticks hwm calls; do
            case $4 in
                cpu_us) awk -v t="$ticks" -v n="$calls" -v hz="$ticks_per_second" \
                    'BEGIN { if (n > 0) printf "%.1f", t / hz / n * 1e6 }' ;;
                rss_mib) awk -v k="$hwm" 'BEGIN { printf "%.1f", k / 1024 }' ;;
                *) jq -r "$4 // empty" <<<"$json" ;;
            esac
        done
}
fmt() { [[ -n "$1" ]] && printf "%.${2:-2}f" "$1" || printf -- "-"; }
ratio() { [[ -n "$1" && -n "$2" ]] && awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else printf "-" }' || printf -- "-"; }
status_text() {
    local text
    text=$(awk -F'\t' -v s="$1" -v p="$2" -v c="$3" '$1 == s && $2 == p && $3 == c { print $4 }' "$results")
    case $text in
        "") printf -- "-" ;;
        FAILED) printf "FAILED" ;;
        *) jq -r '.statuses | to_entries | map("\(.key) \(.value)") | join(", ")' <<<"$text" ;;
    esac
}

{
    echo "# RPC benchmark: Cerniq RPC vs grpc-swift-2"
    echo
    echo "- command: \`$command_line\`"
    echo "- settings: DURATION=$duration WARMUP=$warmup PAYLOADS=\"${payloads[*]}\" CONCURRENCIES=\"${concurrencies[*]}\""
    echo "- date: $(date -u +%Y-%m-%dT%H:%M:%SZ); commit: $(git describe --always --dirty 2>/dev/null || echo unknown)"
    echo "- machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(uname -r)"
    echo "- pinning: $pinning; one connection per load run, closed loop, mutual TLS on loopback"
    echo "- ours: \`$ours_bin serve --target testing\` + \`$ours_bin load cerniq.testing.v1.TestService/Echo --data '{\"payload\":\"<base64>\"}' --json\`"
    echo "- grpc: \`$peer_bin server\` + \`$peer_bin load\` (grpc-swift-2 2.4.3, grpc-swift-nio-transport 2.9.2, raw-bytes Echo)"
    echo "- CPU/call: server utime+stime over the measured run / calls; peak RSS: server VmHWM"
    echo
    echo "| payload B | callers | rps ours | rps grpc | rps ours/grpc | p99 ms ours | p99 ms grpc | p99 grpc/ours | CPU µs/call ours | CPU µs/call grpc | peak RSS MiB ours | peak RSS MiB grpc |"
    echo "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
    for payload in "${payloads[@]}"; do
        for concurrency in "${concurrencies[@]}"; do
            o_rps=$(field ours "$payload" "$concurrency" .requestsPerSecond)
            g_rps=$(field grpc "$payload" "$concurrency" .requestsPerSecond)
            o_p99=$(field ours "$payload" "$concurrency" .latency.p99Ms)
            g_p99=$(field grpc "$payload" "$concurrency" .latency.p99Ms)
            echo "| $payload | $concurrency | $(fmt "$o_rps" 0) | $(fmt "$g_rps" 0) | $(ratio "$o_rps" "$g_rps") |" \
                "$(fmt "$o_p99" 3) | $(fmt "$g_p99" 3) | $(ratio "$g_p99" "$o_p99") |" \
                "$(fmt "$(field ours "$payload" "$concurrency" cpu_us)" 1) | $(fmt "$(field grpc "$payload" "$concurrency" cpu_us)" 1) |" \
                "$(fmt "$(field ours "$payload" "$concurrency" rss_mib)" 1) | $(fmt "$(field grpc "$payload" "$concurrency" rss_mib)" 1) |"
        done
    done
    echo
    echo "Latency detail (ms) and call statuses:"
    echo
    echo "| stack | payload B | callers | p50 | p90 | p99 | p99.9 | max | statuses |"
    echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |"
    for payload in "${payloads[@]}"; do
        for concurrency in "${concurrencies[@]}"; do
            for stack in "${stacks[@]}"; do
                row="| $stack | $payload | $concurrency |"
                for key in p50Ms p90Ms p99Ms p999Ms maxMs; do
                    row+=" $(fmt "$(field "$stack" "$payload" "$concurrency" ".latency.$key")" 3) |"
                done
                echo "$row $(status_text "$stack" "$payload" "$concurrency") |"
            done
        done
    done
} | tee "$scratch/table.md"
cp "$scratch/table.md" "$out"
echo >&2
echo "rpc-bench: table written to $out" >&2
exit "$failed"
