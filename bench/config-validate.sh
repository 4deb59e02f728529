#!/usr/bin/env bash
# Whole-process benchmark: `config validate` of a ~2,000-line config, ours vs the reference
# OpenClaw 2026.9.6, same file, one hyperfine run. Prints a markdown table and the ratio.
# Usage: bench/config-validate.sh            (builds --release first; needs hyperfine and npm)
set -euo pipefail
cd "$(dirname "$0")/.."
command -v hyperfine >/dev/null || { echo "install hyperfine (apt-get install hyperfine)" >&2; exit 1; }
cargo build --release -p openclaw-cli >&2
ours="$PWD/${CARGO_TARGET_DIR:-target}/release/openclaw"
[[ -x $ours ]] || ours="${CARGO_TARGET_DIR}/release/openclaw"
ref=$(../shared/tools/reference-openclaw.sh)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/home/.openclaw"
python3 bench/gen-large-config.py "$work/home/.openclaw/openclaw.json" 2000
chmod 700 "$work/home/.openclaw"; chmod 600 "$work/home/.openclaw/openclaw.json"
export HOME="$work/home" NO_COLOR=1
"$ours" config validate >/dev/null
"$ref" config validate >/dev/null
hyperfine --warmup 2 --runs "${RUNS:-10}" --export-markdown "$work/table.md" --export-json "$work/result.json" \
  -n "openclaw (Rust) config validate" "$ours config validate" \
  -n "OpenClaw 2026.9.6 config validate" "$ref config validate" >&2
cat "$work/table.md"
python3 - "$work/result.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))["results"]
ours, ref = r[0]["mean"], r[1]["mean"]
print(f"\nratio: reference / ours = {ref / ours:.0f}x  (ours {ours*1000:.1f} ms, reference {ref*1000:.0f} ms)")
PY
