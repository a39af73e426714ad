#!/usr/bin/env bash
# Builds the fuzz targets (the RPC frame decoder, the gateway's HTTP request parser) with
# libFuzzer and AddressSanitizer and runs each for FUZZ_SECONDS (default 60). The corpus starts from the spec's examples and is kept
# under .build/fuzz so later runs go deeper. Exits non-zero on any crash.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${FUZZ_SECONDS:-60}"
out=.build/fuzz
mkdir -p "$out/corpus"
swiftc -O -sanitize=fuzzer,address -parse-as-library -module-name RPCCore \
  $(find Sources/RPCCore -name '*.swift') Tests/Fuzz/FrameDecoderFuzz.swift \
  -o "$out/frame-decoder" 2> >(grep -v 'Cannot export local symbol' >&2)
# Seed with the examples of Protos/README.md.
python3 - "$out/corpus" <<'PY'
import re, sys, pathlib
text = pathlib.Path("Protos/README.md").read_text()
for i, block in enumerate(re.findall(r"```example\n(.*?)```", text, re.S)):
    hexdigits = "".join(block.split("\n", 1)[1].split())
    pathlib.Path(sys.argv[1], f"spec-{i}").write_bytes(bytes.fromhex(hexdigits))
PY
"$out/frame-decoder" -max_total_time="$seconds" -max_len=4096 -print_final_stats=1 "$out/corpus" 2>&1 | tail -n 15

# The gateway's HTTP/1.1 request parser, seeded with a pipelined, chunked request.
mkdir -p "$out/http-corpus"
swiftc -O -sanitize=fuzzer,address -parse-as-library -module-name GatewayHTTP \
  $(find gateway/Sources/GatewayHTTP -name '*.swift') gateway/Tests/Fuzz/HTTPRequestParserFuzz.swift \
  -o "$out/http-request-parser" 2> >(grep -v 'Cannot export local symbol' >&2)
printf 'POST /up?x=1 HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\nExpect: 100-continue\r\n\r\n3;x=y\r\nabc\r\n0\r\nT: v\r\n\r\nGET / HTTP/1.1\r\nHost: a\r\nContent-Length: 2\r\n\r\nhi' \
  > "$out/http-corpus/seed-pipelined"
"$out/http-request-parser" -max_total_time="$seconds" -max_len=4096 -print_final_stats=1 "$out/http-corpus" 2>&1 | tail -n 15
