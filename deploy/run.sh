#!/usr/bin/env bash
# The one-command local runner (README, DESIGN D10):
#   deploy/run.sh        build, start PostgreSQL under run/, issue development certificates,
#                        start the testing component, wait until it is healthy, call it once
#   deploy/run.sh stop   stop what it started (SIGTERM, then wait)
#
# Environment:
#   DATABASE_URL         use this PostgreSQL instead of the private one under run/postgres
#   CERNIQ_PG_PORT       the private PostgreSQL's port, naming its socket file (default 55432)
#   CERNIQ_LISTEN        where the testing component listens (default 127.0.0.1:7101)
#   CERNIQ_CATALOG_LISTEN  where the catalog component listens (default 127.0.0.1:7102)
#   CERNIQ_HTTP_LISTEN   where the gateway serves the REST API (default 127.0.0.1:8080)
#   CERNIQ_IDENTITY_LISTEN  where Identity listens (default 127.0.0.1:7103)
#   CERNIQ_START_TIMEOUT seconds to wait for health before giving up (default 60)
#   CERNIQ_STOP_TIMEOUT  seconds to wait after SIGTERM before SIGKILL (default 30)
#   CERNIQ_BIN           the binary to run (default .build/debug/cerniq, which this script builds)
#   PG_BIN               PostgreSQL server binaries (default /usr/lib/postgresql/15/bin)
# Everything it makes lives under run/ (ignored by git): postgres/, certs/, logs/, pids/.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
# shellcheck source=deploy/lib.sh
source deploy/lib.sh

root=$PWD
run="$root/run"
cerniq=${CERNIQ_BIN:-"$root/.build/debug/cerniq"}
pg_data="$run/postgres/data"
pg_sockets="$run/postgres"
pg_log="$run/postgres/postgres.log"
pg_port=${CERNIQ_PG_PORT:-55432}
listen=${CERNIQ_LISTEN:-127.0.0.1:7101}
catalog_listen=${CERNIQ_CATALOG_LISTEN:-127.0.0.1:7102}
http_listen=${CERNIQ_HTTP_LISTEN:-127.0.0.1:8080}
identity_listen=${CERNIQ_IDENTITY_LISTEN:-127.0.0.1:7103}
components=testing,gateway,cli,catalog,negotiation,documents,agent,hitl,outreach,identity
# What every client call below presents: the cli identity, trusting only our CA.
cli_tls=(--cert "$run/certs/cli.pem" --key "$run/certs/cli.key" --ca "$run/certs/ca.pem")

# --- Processes we start: one pid file each --------------------------------------------------

# is_ours PIDFILE: whether the pid in PIDFILE is alive and still a cerniq process. The
# command-line check keeps us from signalling an unrelated process that reused the pid.
is_ours() {
    local pid
    pid=$(cat "$1" 2>/dev/null) || return 1
    [[ -n "$pid" && -r /proc/$pid/cmdline ]] || return 1
    tr '\0' ' ' <"/proc/$pid/cmdline" | grep -q cerniq
}

# stop_process PIDFILE: SIGTERM (the process drains in-flight calls, DESIGN D9), wait, and
# SIGKILL only if it outlives the timeout.
stop_process() {
    local pidfile=$1 pid waited=0 limit=$((${CERNIQ_STOP_TIMEOUT:-30} * 10))
    if is_ours "$pidfile"; then
        pid=$(cat "$pidfile")
        echo "stopping $(basename "$pidfile" .pid) (pid $pid)"
        kill -TERM "$pid" 2>/dev/null || true
        while kill -0 "$pid" 2>/dev/null && ((waited < limit)); do
            sleep 0.1
            waited=$((waited + 1))
        done
        if kill -0 "$pid" 2>/dev/null; then
            echo "pid $pid still running after SIGTERM; sending SIGKILL" >&2
            kill -KILL "$pid" 2>/dev/null || true
        fi
    fi
    rm -f "$pidfile"
}

stop_postgres() {
    if [[ -f "$pg_data/postmaster.pid" ]]; then
        echo "stopping PostgreSQL ($pg_data)"
        # smart would wait for every client to leave; our servers are already stopped.
        pg_as_postgres pg_ctl -D "$pg_data" -m fast -w stop >/dev/null || true
    fi
}

if [[ "${1:-}" == "stop" ]]; then
    for pidfile in "$run"/pids/*.pid; do
        [[ -e "$pidfile" ]] && stop_process "$pidfile"
    done
    [[ -n "${DATABASE_URL:-}" ]] || stop_postgres
    exit 0
elif [[ $# -gt 0 ]]; then
    echo "usage: deploy/run.sh [stop]" >&2
    exit 2
fi

# --- Build ----------------------------------------------------------------------------------
bash deploy/setup.sh
ensure_swift_on_path
swift build

mkdir -p "$run/certs" "$run/logs" "$run/pids"

# --- PostgreSQL: persistent under run/postgres, reused when already running -----------------
if [[ -n "${DATABASE_URL:-}" ]]; then
    echo "using DATABASE_URL from the environment; no private PostgreSQL"
else
    # The postgres user must reach run/postgres through every parent folder of the repo.
    mkdir -p "$pg_sockets"
    chown postgres:postgres "$pg_sockets"
    if ! runuser -u postgres -- test -x "$pg_sockets"; then
        echo "the postgres user cannot reach $pg_sockets (a parent folder is not world-searchable);" \
            "set DATABASE_URL or chmod o+x the parents" >&2
        exit 1
    fi
    if [[ ! -f "$pg_data/PG_VERSION" ]]; then
        echo "creating a PostgreSQL cluster in $pg_data"
        pg_initdb "$pg_data"
    fi
    if pg_as_postgres pg_ctl -D "$pg_data" status >/dev/null 2>&1; then
        echo "PostgreSQL already running ($pg_data)"
    else
        echo "starting PostgreSQL ($pg_data, socket $pg_sockets/.s.PGSQL.$pg_port)"
        pg_start "$pg_data" "$pg_sockets" "$pg_port" "$pg_log"
    fi
    export DATABASE_URL="postgresql:///postgres?host=$pg_sockets&port=$pg_port&user=postgres"
fi

# --- Development certificates: the CA is kept, component certificates are issued anew -------
# (certs also writes token-signing.pem/.pub.pem, the gateway's access-token key, kid "dev", once.)
"$cerniq" certs --out "$run/certs" --components "$components"

# --- The components ---------------------------------------------------------------------------
# start_component NAME LISTEN: (re)starts one component with its own certificate, and waits
# until it answers a real mutually authenticated health call, not merely until the port opens.
# A rerun replaces the server, so it always runs the binary just built.
start_component() {
    local name=$1 address=$2
    stop_process "$run/pids/$name.pid"
    echo "starting cerniq serve --target $name on $address (log: run/logs/$name.log)"
    nohup "$cerniq" serve --target "$name" --listen "$address" \
        --cert "$run/certs/$name.pem" --key "$run/certs/$name.key" --ca "$run/certs/ca.pem" \
        >>"$run/logs/$name.log" 2>&1 </dev/null &
    echo $! >"$run/pids/$name.pid"
    local deadline=$((SECONDS + ${CERNIQ_START_TIMEOUT:-60}))
    until "$cerniq" health --target "$address" "${cli_tls[@]}" >/dev/null 2>&1; do
        # Alive, not "ours": just after `&` the child may not have exec'd cerniq yet.
        if ! kill -0 "$(cat "$run/pids/$name.pid")" 2>/dev/null || ((SECONDS >= deadline)); then
            echo "the $name component did not become healthy; last lines of run/logs/$name.log:" >&2
            tail -n 40 "$run/logs/$name.log" >&2 || true
            stop_process "$run/pids/$name.pid"
            exit 1
        fi
        sleep 0.5
    done
    echo "the $name component is healthy on $address"
}

start_component testing "$listen"
# Catalog/Stock provisions its schema and roles in the PostgreSQL above and applies its migrations.
# It relays audit records to Identity, which starts next: until it answers they wait in the outbox.
CERNIQ_IDENTITY_ADDR="$identity_listen" start_component catalog "$catalog_listen"
# Identity signs access tokens with run/certs/token-signing.pem (kid dev), which the gateway trusts.
start_component identity "$identity_listen"

# The gateway: the REST API on $http_listen, calling the catalog over mutual TLS as "gateway".
stop_process "$run/pids/gateway.pid"
echo "starting cerniq serve --target gateway on http://$http_listen (log: run/logs/gateway.log)"
CERNIQ_CATALOG_ADDR="$catalog_listen" CERNIQ_IDENTITY_ADDR="$identity_listen" CERNIQ_TOKEN_KEYS="dev=$run/certs/token-signing.pub.pem" \
    nohup "$cerniq" serve --target gateway --http-listen "$http_listen" \
    --cert "$run/certs/gateway.pem" --key "$run/certs/gateway.key" --ca "$run/certs/ca.pem" \
    >>"$run/logs/gateway.log" 2>&1 </dev/null &
echo $! >"$run/pids/gateway.pid"
deadline=$((SECONDS + ${CERNIQ_START_TIMEOUT:-60}))
until curl -fsS "http://$http_listen/health/ready" >/dev/null 2>&1; do
    if ! kill -0 "$(cat "$run/pids/gateway.pid")" 2>/dev/null || ((SECONDS >= deadline)); then
        echo "the gateway did not become ready; last lines of run/logs/gateway.log:" >&2
        tail -n 40 "$run/logs/gateway.log" >&2 || true
        stop_process "$run/pids/gateway.pid"
        exit 1
    fi
    sleep 0.5
done
echo "the gateway is ready on http://$http_listen"

# The demo tenant every printed example acts for, and an access token for its admin
# (24 hours; mint another with the command printed below).
demo_tenant=${CERNIQ_DEMO_TENANT:-7b0e3c1a-5d2f-4e8b-9a61-3c4d5e6f7a80}
# The demo tenant's administrator, with a password made once and kept in run/demo-password.
[[ -s "$run/demo-password" ]] || { printf 'Demo-%s-1' "$(od -An -N9 -tx1 /dev/urandom | tr -d ' \n')" >"$run/demo-password"; chmod 600 "$run/demo-password"; }
CERNIQ_BOOTSTRAP_PASSWORD=$(cat "$run/demo-password") "$cerniq" identity bootstrap --tenant "$demo_tenant" \
    --tenant-name "Demo SRL" --email admin@demo.cerniq.local --first-name Demo --last-name Admin >/dev/null
token=$("$cerniq" token mint --key "$run/certs/token-signing.pem" --kid dev --tenant "$demo_tenant" \
    --email admin@demo.cerniq.local --roles admin --ttl 24h)
echo "$token" >"$run/demo-token"

# --- How to call it, and one call to show it works ---------------------------------------------
cat <<EOT

Call it with the cli identity (every hop is mutual TLS, DESIGN D4):
  .build/debug/cerniq call cerniq.testing.v1.TestService/Echo --target $listen \\
      --cert run/certs/cli.pem --key run/certs/cli.key --ca run/certs/ca.pem \\
      --data '{"text":"hello"}'
Load-test it:
  .build/debug/cerniq load cerniq.testing.v1.TestService/Echo --target $listen \\
      --cert run/certs/cli.pem --key run/certs/cli.key --ca run/certs/ca.pem \\
      --concurrency 16 --duration 10s --data '{"text":"hello"}'
The catalog (003 §3, §6) answers for the tenant named in the call's metadata:
  .build/debug/cerniq call cerniq.catalog.v1.CatalogService/ListVatRates --target $catalog_listen \\
      --cert run/certs/cli.pem --key run/certs/cli.key --ca run/certs/ca.pem \\
      --metadata tenant=$demo_tenant --data '{}'
Through the gateway (http://$http_listen), as the demo tenant's administrator
(admin@demo.cerniq.local, password in run/demo-password):
  # log in
  TOKEN=\$(curl -s -X POST http://$http_listen/api/v1/auth/login -H 'Content-Type: application/json' \\
      -d "{\"email\":\"admin@demo.cerniq.local\",\"password\":\"\$(cat run/demo-password)\"}" | jq -r .data.accessToken)
  REFRESH=...  # .data.refreshToken of the same answer, for /api/v1/auth/refresh and /logout
  # create an API key (its text is shown once)
  KEY=\$(curl -s -X POST http://$http_listen/api/v1/auth/api-keys -H "Authorization: Bearer \$TOKEN" \\
      -H 'Content-Type: application/json' -d '{"name":"demo","scopes":["products:read","products:write"]}' | jq -r .data.key)
  # call the catalog with it
  curl -s -X POST http://$http_listen/api/v1/products -H "X-API-Key: \$KEY" -H 'Content-Type: application/json' \\
      -d '{"sku":"DEMO-1","name":"Demo product","category":"demo","price":10.50,"vatRate":21,"unit":"buc","stock":5}'
  # what is left of the tenant's rate limits (003 §16.6); every answer also carries X-RateLimit-*
  curl -s http://$http_listen/api/v1/rate-limit/status -H "X-API-Key: \$KEY"
  # see the change in the audit log (the catalog relays its records within a second or two)
  curl -s "http://$http_listen/api/v1/admin/audit?entityType=product" -H "Authorization: Bearer \$TOKEN"
  # log out (every session of the user)
  curl -s -X POST http://$http_listen/api/v1/auth/logout -H 'Content-Type: application/json' \\
      -d "{\"refreshToken\":\"\$REFRESH\",\"allDevices\":true}"
Also: /health/ready, /api/v1/admin/health (with the token), /api/v1/openapi.json, and 001's
POST /api/auth/register (a new tenant of your own).
Mint a token for another role (admin, sales_manager, sales_rep, viewer):
  .build/debug/cerniq token mint --key run/certs/token-signing.pem --kid dev --tenant $demo_tenant --roles viewer
Stop everything: deploy/run.sh stop

Demonstration calls:
EOT
"$cerniq" call cerniq.testing.v1.TestService/Echo --target "$listen" "${cli_tls[@]}" --data '{"text":"hello"}'
# The same path as above, run once, so a broken platform shows here and not in your terminal later.
json_field() { python3 -c "import json,sys; print(json.load(sys.stdin)$1)"; }
login=$(curl -sS -X POST "http://$http_listen/api/v1/auth/login" -H 'Content-Type: application/json' \
    -d "{\"email\":\"admin@demo.cerniq.local\",\"password\":\"$(cat "$run/demo-password")\"}")
session_token=$(json_field "['data']['accessToken']" <<<"$login")
refresh=$(json_field "['data']['refreshToken']" <<<"$login")
echo "logged in as admin@demo.cerniq.local"
key=$(curl -sS -X POST "http://$http_listen/api/v1/auth/api-keys" -H "Authorization: Bearer $session_token" \
    -H 'Content-Type: application/json' -d '{"name":"run.sh demo","scopes":["products:read","products:write"]}' | json_field "['data']['key']")
echo "created an API key (${key:0:12}…)"
sku="DEMO-$(date +%s)"
curl -sS -o /dev/null -w "POST /api/v1/products with the API key: %{http_code}\n" -X POST "http://$http_listen/api/v1/products" \
    -H "X-API-Key: $key" -H 'Content-Type: application/json' \
    -d "{\"sku\":\"$sku\",\"name\":\"Demo product\",\"category\":\"demo\",\"price\":10.50,\"vatRate\":21,\"unit\":\"buc\",\"stock\":5}"
status=$(curl -sS "http://$http_listen/api/v1/rate-limit/status" -H "Authorization: Bearer $session_token")
echo "rate limits: plan $(json_field "['data']['tenant']['plan']" <<<"$status"), $(json_field "['data']['current']['hourly']['remaining']" <<<"$status") requests left this hour"
for _ in $(seq 1 50); do
    audit=$(curl -sS "http://$http_listen/api/v1/admin/audit?action=product.created&limit=1" -H "Authorization: Bearer $session_token")
    [[ "$audit" == *"$sku"* ]] && break
    sleep 0.2
done
echo "the audit log's newest product.created: $(json_field "['data']['entries'][0]['description']" <<<"$audit" 2>/dev/null || echo 'not yet relayed')"
curl -sS -o /dev/null -w "POST /api/v1/auth/logout: %{http_code}\n" -X POST "http://$http_listen/api/v1/auth/logout" \
    -H 'Content-Type: application/json' -d "{\"refreshToken\":\"$refresh\",\"allDevices\":false}"
