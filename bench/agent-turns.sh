#!/usr/bin/env bash
# Whole-process agent-turn benchmark, ours vs the reference OpenClaw 2026.9.6, in one run:
# latency and throughput of chat.send turns against an instant fake OpenAI-compatible model
# (testkit's fake-model-server), and RSS afterwards. Prints a markdown table with ratios.
# Usage: bench/agent-turns.sh              (release build; needs python3, npm for the reference)
#        TURNS=500 CONNS=8 NO_REFERENCE=1 bench/agent-turns.sh
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release -p openclaw-cli >&2
cargo build --release -p openclaw-gateway --example ws_bench >&2
cargo build --release -p openclaw-testkit --bin fake-model-server >&2
target="${CARGO_TARGET_DIR:-$PWD/target}/release"
ref_args=()
if [[ -z "${NO_REFERENCE:-}" ]]; then
  ref_args=(--reference "$(../shared/tools/reference-openclaw.sh)")
fi
python3 bench/agent_bench.py --ours "$target/openclaw" --ws-bench "$target/examples/ws_bench" \
  --fake-model "$target/fake-model-server" --turns "${TURNS:-200}" --conns "${CONNS:-4}" "${ref_args[@]}"
