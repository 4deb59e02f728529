#!/usr/bin/env python3
"""Side-by-side gateway benchmark, ours vs the reference OpenClaw, on this machine, in one run.

For each implementation, with a fresh throwaway home and the same config (token auth, loopback):
  start    time from spawning `gateway run` to the port accepting TCP connections (median of N)
  idle     RSS of the whole process tree 3 s after it listens
  health   `health` round trips per second on one authenticated connection (examples/ws_bench)
  conns    RSS with C concurrent authenticated WebSocket connections held open (ws_connections.py)
Prints one JSON object per implementation and a markdown table with ratios.
"""

import argparse
import json
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time

TOKEN = "bench-token-0123456789abcdef0123456789abcdef"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def tree_rss_kb(root_pid):
    """VmRSS summed over root_pid and all its descendants."""
    children = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            children.setdefault(int(fields[1]), []).append(int(entry))
        except OSError:
            continue
    total, stack = 0, [root_pid]
    while stack:
        pid = stack.pop()
        stack.extend(children.get(pid, []))
        try:
            with open(f"/proc/{pid}/status") as f:
                for line in f:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1])
        except OSError:
            pass
    return total


class Gateway:
    def __init__(self, argv, label, config_text=None):
        self.label = label
        self.home = tempfile.mkdtemp(prefix=f"gwbench-{label}-")
        state = os.path.join(self.home, ".openclaw")
        os.makedirs(state, mode=0o700)
        self.port = free_port()
        with open(os.path.join(state, "openclaw.json"), "w") as f:
            if config_text is not None:
                f.write(config_text(self.port))
            else:
                f.write('{ gateway: { mode: "local", bind: "loopback", port: %d, auth: { mode: "token", token: "%s" } } }\n'
                        % (self.port, TOKEN))
        os.chmod(os.path.join(state, "openclaw.json"), 0o600)
        env = {"HOME": self.home, "PATH": os.environ["PATH"], "TMPDIR": self.home, "NO_COLOR": "1",
               "OPENCLAW_DISABLE_BONJOUR": "1"}
        self.started = time.monotonic()
        self.proc = subprocess.Popen(argv + ["gateway", "run", "--port", str(self.port)], env=env,
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                     start_new_session=True, cwd=self.home)
        self.listen_s = None

    def wait_listening(self, timeout=120):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"{self.label} exited with {self.proc.returncode}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.05):
                    self.listen_s = time.monotonic() - self.started
                    return self.listen_s
            except OSError:
                time.sleep(0.0005)
        raise RuntimeError(f"{self.label} did not listen within {timeout}s")

    def stop(self):
        try:
            os.killpg(self.proc.pid, signal.SIGTERM)
            self.proc.wait(timeout=15)
        except Exception:  # noqa: BLE001
            try:
                os.killpg(self.proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        shutil.rmtree(self.home, ignore_errors=True)

    @property
    def url(self):
        return f"ws://127.0.0.1:{self.port}"


def measure(argv, label, args):
    starts = []
    for _ in range(args.starts):
        gw = Gateway(argv, label)
        try:
            starts.append(gw.wait_listening())
        finally:
            gw.stop()
    result = {"impl": label, "startMs": round(statistics.median(starts) * 1000, 1),
              "startRunsMs": [round(s * 1000, 1) for s in starts]}
    gw = Gateway(argv, label)
    try:
        gw.wait_listening()
        time.sleep(3)
        result["idleRssMb"] = round(tree_rss_kb(gw.proc.pid) / 1024, 1)
        out = subprocess.run([args.ws_bench, "roundtrips", gw.url, TOKEN, str(args.seconds)],
                             capture_output=True, text=True, timeout=args.seconds + 120)
        result["health"] = json.loads(out.stdout) if out.returncode == 0 else {"error": out.stderr.strip()[-300:]}
        holder = subprocess.Popen([sys.executable, os.path.join(os.path.dirname(__file__), "ws_connections.py"),
                                   gw.url, TOKEN, str(args.conns), "600"], stdout=subprocess.PIPE, text=True)
        line = holder.stdout.readline()
        result["conns"] = json.loads(line) if line else {"error": "no report"}
        time.sleep(2)
        result["connsRssMb"] = round(tree_rss_kb(gw.proc.pid) / 1024, 1)
        holder.kill()
        holder.wait()
    finally:
        gw.stop()
    print(json.dumps(result), file=sys.stderr, flush=True)
    return result


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--ours", required=True)
    p.add_argument("--reference")
    p.add_argument("--ws-bench", required=True)
    p.add_argument("--starts", type=int, default=5)
    p.add_argument("--ref-starts", type=int, default=2)
    p.add_argument("--seconds", type=int, default=5)
    p.add_argument("--conns", type=int, default=5000)
    args = p.parse_args()
    ours = measure([args.ours], "ours", args)
    rows = [ours]
    if args.reference:
        ref_args = argparse.Namespace(**vars(args))
        ref_args.starts = args.ref_starts
        rows.append(measure(["/bin/bash", args.reference], "reference", ref_args))
    print("| | openclaw (Rust) | OpenClaw 2026.9.6 | ratio |")
    print("|---|---|---|---|")

    def cell(r, key):
        return r.get(key, "n/a")
    ref = rows[1] if len(rows) > 1 else {}
    def ratio(a, b, invert=False):
        try:
            return f"{(b / a if not invert else a / b):.0f}x"
        except (TypeError, ZeroDivisionError):
            return "n/a"
    print(f"| start to listening (ms, median) | {ours['startMs']} | {cell(ref, 'startMs')} | {ratio(ours['startMs'], ref.get('startMs'))} |")
    print(f"| idle RSS (MB) | {ours['idleRssMb']} | {cell(ref, 'idleRssMb')} | {ratio(ours['idleRssMb'], ref.get('idleRssMb'))} |")
    oh, rh = ours["health"].get("perSecond"), ref.get("health", {}).get("perSecond")
    print(f"| `health` round trips/s, one connection | {oh} | {rh if rh is not None else 'n/a'} | {ratio(oh, rh, invert=True)} |")
    oc, rc = ours["conns"], ref.get("conns", {})
    print(f"| {args.conns} authenticated WS connections: connected / RSS (MB) | {oc.get('connected')} / {ours['connsRssMb']} "
          f"| {rc.get('connected', 'n/a')} / {ref.get('connsRssMb', 'n/a')} | {ratio(ours['connsRssMb'], ref.get('connsRssMb'))} |")


if __name__ == "__main__":
    main()
