#!/usr/bin/env python3
"""Side-by-side agent-turn benchmark, ours vs the reference OpenClaw, in one run.

Both gateways get the same config: token auth on loopback, one OpenAI-compatible provider
`local` pointing at the testkit's fake model server (a separate process answering every request
at once with a short streamed reply), `agents.defaults.model.primary = "local/m1"`. For each:
  sequential   N turns one after another on one connection (chat.send -> chat final): latency
               p50/p99 and turns/s; with an instant model this is the gateway's cost per turn
  concurrent   N turns over C connections, one session each: throughput
  rss          RSS of the gateway's process tree after the runs
Prints one JSON object per implementation and a markdown table with ratios.
"""

import argparse
import json
import os
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(__file__))
from gateway_bench import TOKEN, Gateway, tree_rss_kb  # noqa: E402


def config(port, base_url):
    return (
        '{ gateway: { mode: "local", bind: "loopback", port: %d, auth: { mode: "token", token: "%s" } },\n'
        '  models: { providers: { local: { baseUrl: "%s", api: "openai-completions", apiKey: "sk-bench",\n'
        '    models: [{ id: "m1", name: "m1", contextWindow: 128000, maxTokens: 1024 }] } } },\n'
        '  agents: { defaults: { model: { primary: "local/m1" } } } }\n' % (port, TOKEN, base_url)
    )


def run_turns(ws_bench, gw, turns, conns):
    out = subprocess.run([ws_bench, "turns", gw.url, TOKEN, str(turns), str(conns)],
                         capture_output=True, text=True, timeout=900)
    if out.returncode != 0:
        text = (out.stderr or out.stdout).strip()
        # The panic message line says why; the backtrace note after it does not.
        why = next((line for line in text.splitlines() if "refused" in line or "failed" in line), text[-200:])
        return {"error": why[:300]}
    return json.loads(out.stdout)


def measure(argv, label, args, base_url):
    gw = Gateway(argv, label, config_text=lambda port: config(port, base_url))
    result = {"impl": label}
    try:
        gw.wait_listening(timeout=180)
        # Warm-up: the first turn pays for lazy initialisation on both sides.
        run_turns(args.ws_bench, gw, 3, 1)
        result["sequential"] = run_turns(args.ws_bench, gw, args.turns, 1)
        result["concurrent"] = run_turns(args.ws_bench, gw, args.turns, args.conns)
        result["rssMb"] = round(tree_rss_kb(gw.proc.pid) / 1024, 1)
    finally:
        gw.stop()
    print(json.dumps(result), file=sys.stderr, flush=True)
    return result


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--ours", required=True)
    p.add_argument("--reference")
    p.add_argument("--ws-bench", required=True)
    p.add_argument("--fake-model", required=True)
    p.add_argument("--turns", type=int, default=200)
    p.add_argument("--conns", type=int, default=4)
    args = p.parse_args()
    model = subprocess.Popen([args.fake_model, "--gap-ms", "0", "--reply", "Sure - a short answer."],
                             stdout=subprocess.PIPE, text=True)
    base_url = model.stdout.readline().strip()
    try:
        rows = [measure([args.ours], "ours", args, base_url)]
        if args.reference:
            rows.append(measure(["/bin/bash", args.reference], "reference", args, base_url))
    finally:
        model.kill()
        model.wait()
    ours, ref = rows[0], (rows[1] if len(rows) > 1 else {})

    def get(row, *keys):
        for k in keys:
            row = row.get(k, {}) if isinstance(row, dict) else {}
        return row if row != {} else None

    def ratio(a, b, higher_is_better):
        try:
            return f"{(a / b if higher_is_better else b / a):.1f}x"
        except (TypeError, ZeroDivisionError):
            return "n/a"

    print(f"| agent turns, instant fake model ({args.turns} turns) | openclaw (Rust) | OpenClaw 2026.9.6 | ratio |")
    print("|---|---|---|---|")
    for name, keys, better in [
        ("sequential turn latency p50 (ms)", ("sequential", "p50Ms"), False),
        ("sequential turn latency p99 (ms)", ("sequential", "p99Ms"), False),
        ("sequential turns/s, one session", ("sequential", "perSecond"), True),
        (f"turns/s, {args.conns} sessions in parallel", ("concurrent", "perSecond"), True),
    ]:
        a, b = get(ours, *keys), get(ref, *keys)
        shown = b if b is not None else ("error (see stderr)" if get(ref, keys[0], "error") else "n/a")
        print(f"| {name} | {a} | {shown} | {ratio(a, b, better)} |")
    print(f"| RSS after the runs (MB) | {ours.get('rssMb')} | {ref.get('rssMb', 'n/a')} | {ratio(ours.get('rssMb'), ref.get('rssMb'), False)} |")


if __name__ == "__main__":
    main()
