#!/usr/bin/env bash
# Whole-process benchmark: `security audit --json`, ours vs the reference OpenClaw 2026.9.6, on the
# same state dir (one case of the differential suite, built by scripts/audit_diff.py), one
# hyperfine run. Prints a markdown table and the ratio (target: ours at least 100x faster).
# Usage: bench/security-audit.sh                 (builds --release first; needs hyperfine and npm)
#        CASE=combo-public-everything RUNS=10 bench/security-audit.sh
# The default case is a loopback gateway with a token and a trusted proxy (a hardened everyday
# config); state with session stores (fs-everything-tight: ~18 s) or channels (~90 s for WhatsApp)
# make the reference much slower.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v hyperfine >/dev/null || { echo "install hyperfine (apt-get install hyperfine)" >&2; exit 1; }
cargo build --release -p openclaw-cli >&2
ours="${CARGO_TARGET_DIR:-$PWD/target}/release/openclaw"
ref=$(../shared/tools/reference-openclaw.sh)
case_name=${CASE:-baseline-quiet}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/home"
eval "$(python3 scripts/audit_diff.py build "$case_name" "$work/home")"
export HOME="$work/home" NO_COLOR=1
# Both run with PATH set to an empty dir, as in the differential test: with a docker CLI on PATH
# the reference probes for sandbox-browser containers (up to its 5 s timeout when no daemon runs)
# and ours looks for sandbox backends, which would measure the host instead of the audit.
empty="$HOME/.empty-path"
PATH=$empty "$ours" security audit --json >"$work/ours.json" || true
PATH=$empty /bin/bash "$ref" security audit --json >"$work/ref.json" 2>/dev/null || true
PATH=$empty "$(command -v hyperfine)" -N --warmup "${WARMUP:-2}" --runs "${RUNS:-10}" --export-markdown "$work/table.md" --export-json "$work/result.json" \
  -n "openclaw (Rust) security audit --json" "$ours security audit --json" \
  -n "OpenClaw 2026.9.6 security audit --json" "/bin/bash $ref security audit --json" >&2
echo "state dir: case \`$case_name\` of crates/cli/tests/fixtures/audit-diff (PATH empty)"
echo
cat "$work/table.md"
python3 - "$work/result.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))["results"]
ours, ref = r[0]["mean"], r[1]["mean"]
print(f"\nratio: reference / ours = {ref / ours:.0f}x  (ours {ours*1000:.1f} ms, reference {ref*1000:.0f} ms; target >= 100x)")
PY
