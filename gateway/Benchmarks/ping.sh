#!/usr/bin/env bash
# Compares GatewayPingServer with nginx on `GET /health/ping`: each server pinned to CPU 0 with
# one event loop / one worker, wrk pinned to CPU 1, keep-alive. Prints requests/s and server CPU
# microseconds per request (utime+stime deltas from /proc/<pid>/stat over the wrk run).
# Usage: gateway/Benchmarks/ping.sh [seconds] [connections]   (needs wrk and nginx on PATH)
set -euo pipefail
cd "$(dirname "$0")/../.."
SECONDS_RUN=${1:-10}
CONNECTIONS=${2:-64}
OURS_PORT=18080
NGINX_PORT=18081
WORK=$(mktemp -d)
trap 'kill $OURS_PID $NGINX_PID 2>/dev/null || true; rm -rf "$WORK"' EXIT
OURS_PID=""; NGINX_PID=""

swift build -c release --product GatewayPingServer >/dev/null
BIN=$(swift build -c release --show-bin-path)/GatewayPingServer

cat > "$WORK/nginx.conf" <<CONF
daemon off;
master_process off;
worker_processes 1;
error_log $WORK/error.log crit;
pid $WORK/nginx.pid;
events { worker_connections 4096; }
http {
    access_log off;
    keepalive_requests 1000000;
    client_body_temp_path $WORK; proxy_temp_path $WORK; fastcgi_temp_path $WORK; uwsgi_temp_path $WORK; scgi_temp_path $WORK;
    server {
        listen 127.0.0.1:$NGINX_PORT;
        location = /health/ping { default_type application/json; return 200 '{"status":"ok"}'; }
    }
}
CONF

cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }

measure() { # name pid port
    local name=$1 pid=$2 port=$3
    taskset -c 1 wrk -t1 -c"$CONNECTIONS" -d2s "http://127.0.0.1:$port/health/ping" >/dev/null  # warm-up
    local before; before=$(cpu_ticks "$pid")
    local out; out=$(taskset -c 1 wrk -t1 -c"$CONNECTIONS" -d"${SECONDS_RUN}s" "http://127.0.0.1:$port/health/ping")
    local after; after=$(cpu_ticks "$pid")
    local rps; rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
    local total; total=$(awk '/requests in/ {print $1}' <<<"$out")
    local hz; hz=$(getconf CLK_TCK)
    local us; us=$(awk -v t=$((after - before)) -v hz="$hz" -v n="$total" 'BEGIN { printf "%.2f", t / hz * 1e6 / n }')
    printf '%-8s %12s req/s   %6s us CPU/request   (%s requests)\n' "$name" "$rps" "$us" "$total"
    grep -E 'Latency|Socket errors|Non-2xx' <<<"$out" | sed 's/^/         /'
}

CERNIQ_EVENT_LOOPS=1 PORT=$OURS_PORT taskset -c 0 "$BIN" >/dev/null &
OURS_PID=$!
taskset -c 0 nginx -c "$WORK/nginx.conf" &
NGINX_PID=$!
for _ in $(seq 50); do
    curl -sf "http://127.0.0.1:$OURS_PORT/health/ping" >/dev/null 2>&1 && curl -sf "http://127.0.0.1:$NGINX_PORT/health/ping" >/dev/null 2>&1 && break
    sleep 0.1
done

measure gateway "$OURS_PID" "$OURS_PORT"
measure nginx "$NGINX_PID" "$NGINX_PORT"
