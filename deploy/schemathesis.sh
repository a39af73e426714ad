#!/usr/bin/env bash
# Property-based API testing of a live gateway against its own OpenAPI document: Schemathesis
# reads GET $GATEWAY_URL/api/v1/openapi.json (generated from the route table and the metadata,
# gateway/README.md §OpenAPI), sends generated requests to every operation with the given
# bearer token, and checks that the gateway never answers 5xx, answers only documented
# statuses and content types, and that every body matches its schema.
#
# Schemathesis comes from PyPI into a virtualenv under the cache folder, once; the project
# itself depends on no Python. Pinned to 4.x: the flags below are 4.x's (3.x spelled them differently).
#
#   GATEWAY_URL=http://127.0.0.1:8080 TOKEN=<jwt> bash deploy/schemathesis.sh [extra st run flags]
#   bash deploy/schemathesis.sh --validate openapi.json   # offline: is the document valid 3.1, loadable?
#
# Environment:
#   GATEWAY_URL   the gateway's base URL (required to run)
#   TOKEN         a JWT whose permissions cover the routes under test (required to run)
#   ST_EXAMPLES   test cases per operation (default 25)
#   ST_MODE       positive, negative or all (default all)
#   ST_CACHE      where the virtualenv lives (default ${XDG_CACHE_HOME:-~/.cache}/cerniq/schemathesis)
#   ST_REPORTS    where the JUnit report goes (default .build/schemathesis)
# Exit status: 0 when every check passed; Schemathesis's own non-zero status otherwise, 2 on misuse.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

spec='schemathesis>=4.32,<5'
cache="${ST_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/cerniq/schemathesis}"
venv="$cache/venv"

# The virtualenv, made once; re-installed only when it lacks st or the validator.
install() {
    if [[ -x "$venv/bin/st" ]] && "$venv/bin/python" -c 'import openapi_spec_validator' 2>/dev/null; then
        return
    fi
    echo "schemathesis: installing $spec into $venv" >&2
    mkdir -p "$cache"
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet --disable-pip-version-check "$spec" 'openapi-spec-validator>=0.7'
}

install
echo "schemathesis: $("$venv/bin/st" --version)" >&2

if [[ "${1:-}" == "--validate" ]]; then
    document="${2:?usage: deploy/schemathesis.sh --validate FILE}"
    # openapi-spec-validator checks the document against the 3.1 meta-schema; Schemathesis then
    # loads every operation and draws cases from it, which is where a schema it cannot use fails.
    "$venv/bin/python" - "$document" <<'PY'
import sys
import schemathesis
from hypothesis import HealthCheck, given, settings
from openapi_spec_validator import validate
from openapi_spec_validator.readers import read_from_filename

path = sys.argv[1]
spec, _ = read_from_filename(path)
validate(spec)
print(f"openapi-spec-validator: {path} is a valid OpenAPI {spec['openapi']} document "
      f"({len(spec['paths'])} paths, {len(spec['components']['schemas'])} schemas)")
failures = 0
operations = 0
for result in schemathesis.openapi.from_path(path).get_all_operations():
    operation = result.ok()
    operations += 1

    @settings(max_examples=10, suppress_health_check=list(HealthCheck), deadline=None, database=None)
    @given(case=operation.as_strategy())
    def draw(case):
        pass

    try:
        draw()
    except Exception as error:  # any failure to generate is the document's fault
        failures += 1
        print(f"cannot generate for {operation.method.upper()} {operation.path}: {error}")
print(f"schemathesis: generated cases for {operations - failures} of {operations} operations")
sys.exit(1 if failures else 0)
PY
    exit $?
fi

if [[ -z "${GATEWAY_URL:-}" || -z "${TOKEN:-}" ]]; then
    echo "usage: GATEWAY_URL=http://host:port TOKEN=<jwt> bash deploy/schemathesis.sh [st run flags]" >&2
    echo "   or: bash deploy/schemathesis.sh --validate FILE" >&2
    exit 2
fi

reports="${ST_REPORTS:-.build/schemathesis}"
mkdir -p "$reports"
status=0
"$venv/bin/st" run "${GATEWAY_URL%/}/api/v1/openapi.json" \
    --header "Authorization: Bearer $TOKEN" \
    --checks not_a_server_error,response_schema_conformance,status_code_conformance,content_type_conformance \
    --max-examples "${ST_EXAMPLES:-25}" \
    --mode "${ST_MODE:-all}" \
    --workers 1 \
    --wait-for-schema 30 \
    --report junit --report-junit-path "$reports/junit.xml" \
    --no-color \
    "$@" || status=$?

if [[ $status -eq 0 ]]; then
    echo "schemathesis: PASSED against $GATEWAY_URL (report: $reports/junit.xml)"
else
    echo "schemathesis: FAILED with status $status against $GATEWAY_URL (report: $reports/junit.xml)" >&2
fi
exit "$status"
