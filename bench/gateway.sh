#!/usr/bin/env bash
# Whole-process gateway benchmark, ours vs the reference OpenClaw 2026.9.6, in one run:
# start to listening, idle RSS, `health` round trips/s on one connection, and RSS with 5,000
# concurrent authenticated WebSocket connections. Prints a markdown table with ratios.
# Usage: bench/gateway.sh                (release build; needs python3 + pip `websockets`, npm)
#        CONNS=1000 SECONDS_PER_RUN=3 NO_REFERENCE=1 bench/gateway.sh
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -c 'import websockets' 2>/dev/null || pip install -q websockets >&2
cargo build --release -p openclaw-cli >&2
cargo build --release -p openclaw-gateway --example ws_bench >&2
target="${CARGO_TARGET_DIR:-$PWD/target}/release"
# 5,000 sockets on each side of loopback: raise the soft limit as far as allowed.
ulimit -n "$(ulimit -Hn)"
if (( $(ulimit -n) < ${CONNS:-5000} + 200 )); then
  echo "open-file limit $(ulimit -n) is too low for ${CONNS:-5000} connections" >&2; exit 1
fi
ref_args=()
if [[ -z "${NO_REFERENCE:-}" ]]; then
  ref_args=(--reference "$(../shared/tools/reference-openclaw.sh)")
fi
python3 bench/gateway_bench.py --ours "$target/openclaw" --ws-bench "$target/examples/ws_bench" \
  --conns "${CONNS:-5000}" --seconds "${SECONDS_PER_RUN:-5}" "${ref_args[@]}"
