#!/usr/bin/env bash
# Builds the frame-decoder fuzz target with libFuzzer and AddressSanitizer and runs it
# for FUZZ_SECONDS (default 60). The corpus starts from the spec's examples and is kept
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
