#!/usr/bin/env python3
"""Differential audit harness: builds a case's throwaway state dir and runs an `openclaw` binary on it.

The cases live in crates/cli/tests/fixtures/audit-diff/<name>/case.json (written by
scripts/gen-audit-cases.py). `record` runs the reference OpenClaw on every case and stores what it
saw in reference.json; for the cases listed in expected-differences.json it also derives
expected.json (what our audit must print instead, per docs/compat.md). The Rust test
crates/cli/tests/suite/audit_diff.rs builds the same state dirs and compares our binary against
those files, so CI needs no Node.

Usage:
  scripts/audit_diff.py record [--force] [--jobs N] [--ref PATH] [NAME...]
  scripts/audit_diff.py show NAME [--bin PATH]      # run one case, print the (checkId, severity) pairs
  scripts/audit_diff.py compare [--bin PATH]        # our binary vs the recordings, without cargo
  scripts/audit_diff.py verify [NAME...]            # re-run the reference, report unstable recordings
  scripts/audit_diff.py build NAME DIR              # build a case's state in DIR, print its env (bench)

The state dir layout of a case (mirrored exactly by audit_diff.rs):
  HOME            a fresh temporary directory
  stateDir        HOME/<case.stateDir or ".openclaw">, created 0700 unless createStateDir is false;
                  OPENCLAW_STATE_DIR always points at it
  config          case.config (text) written to HOME/<configWriteTo> or else the config path
                  (HOME/<configPath> with OPENCLAW_CONFIG_PATH set, or <stateDir>/openclaw.json)
  files           created in order (parents 0700): kind dir | file (content) | symlink (target, as is)
  modes           then chmod, deepest path first: files' modes, the config's, the state dir's
  env             HOME, OPENCLAW_STATE_DIR, NO_COLOR=1, TMPDIR=HOME, PATH=HOME/.empty-path (an empty
                  dir, so neither side sees docker/bwrap/tailscale), plus case.env with ${HOME} and
                  ${STATE_DIR} substituted
  argv            security audit --json + case.args
"""
import argparse
import concurrent.futures
import hashlib
import json
import os
import shlex
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CASES = ROOT / "crates/cli/tests/fixtures/audit-diff"
REFERENCE_VERSION = "2026.9.6"
COMPILE_CACHE = Path.home() / ".cache/openclaw-audit-diff/node-compile-cache"


def dump(record):
    """JSON with one line per (checkId, severity) pair, so diffs of recordings stay readable."""
    lines = []
    for key, value in record.items():
        if key == "pairs" and value:
            inner = ",\n".join("    " + json.dumps(pair) for pair in value)
            lines.append(f'  "pairs": [\n{inner}\n  ]')
        else:
            lines.append(f"  {json.dumps(key)}: " + json.dumps(value, indent=2).replace("\n", "\n  "))
    return "{\n" + ",\n".join(lines) + "\n}\n"


def load_case(name):
    return json.loads((CASES / name / "case.json").read_text())


def case_hash(name):
    return hashlib.sha256((CASES / name / "case.json").read_bytes()).hexdigest()


def list_cases():
    return sorted(p.parent.name for p in CASES.glob("*/case.json"))


def expected_differences():
    path = CASES / "expected-differences.json"
    return json.loads(path.read_text()) if path.exists() else {}


def substitute(value, home, state_dir):
    return value.replace("${HOME}", str(home)).replace("${STATE_DIR}", str(state_dir))


def makedirs(path):
    """Creates `path` and its missing parents, each 0700 (before the umask), like DirBuilder."""
    missing = []
    while not path.exists() and not path.is_symlink():
        missing.append(path)
        path = path.parent
    for directory in reversed(missing):
        directory.mkdir(mode=0o700)


def build_state(case, home):
    """Creates the case's files under `home`; returns (env, argv tail)."""
    home = Path(home)
    state_dir = home / case.get("stateDir", ".openclaw")
    if case.get("createStateDir", True):
        makedirs(state_dir)
    config_path = home / case["configPath"] if "configPath" in case else state_dir / "openclaw.json"
    config_file = home / case["configWriteTo"] if "configWriteTo" in case else config_path
    if case.get("config") is not None:
        makedirs(config_file.parent)
        config_file.write_text(case["config"])
    for entry in case.get("files", []):
        path = home / entry["path"]
        makedirs(path.parent)
        kind = entry.get("kind", "file")
        if kind == "dir":
            makedirs(path)
        elif kind == "symlink":
            os.symlink(entry["target"], path)
        else:
            path.write_text(entry.get("content", ""))
    modes = [(home / e["path"], int(e["mode"], 8)) for e in case.get("files", []) if "mode" in e]
    if case.get("config") is not None:
        modes.append((config_file, int(case.get("configMode", "600"), 8)))
    modes.sort(key=lambda item: -len(item[0].parts))
    if case.get("createStateDir", True):
        modes.append((state_dir, int(case.get("stateDirMode", "700"), 8)))
    for path, mode in modes:
        os.chmod(path, mode)
    empty_path = home / ".empty-path"
    empty_path.mkdir(exist_ok=True)
    env = {
        "HOME": str(home),
        "OPENCLAW_STATE_DIR": str(state_dir),
        "NO_COLOR": "1",
        "TMPDIR": str(home),
        "PATH": str(empty_path),
    }
    if "configPath" in case:
        env["OPENCLAW_CONFIG_PATH"] = str(config_path)
    for key, value in case.get("env", {}).items():
        env[key] = substitute(value, home, state_dir)
    return env, ["security", "audit", "--json", *case.get("args", [])]


def parse_output(exit_code, stdout):
    """The comparable part of one run: exit code, sorted distinct pairs, summary."""
    try:
        report = json.loads(stdout)
    except json.JSONDecodeError:
        report = None
    out = {"exit": exit_code, "pairs": [], "summary": None}
    if isinstance(report, dict) and isinstance(report.get("findings"), list):
        pairs = {(f["checkId"], f["severity"]) for f in report["findings"]}
        out["pairs"] = [list(p) for p in sorted(pairs)]
        out["summary"] = report.get("summary")
    elif isinstance(report, dict) and report.get("ok") is False:
        message = (report.get("error") or {}).get("message")
        if message:
            out["error"] = message
    return out


# Our own checks beyond the reference (mirrors OWN_CHECK_PREFIXES of audit_diff.rs).
OWN_CHECK_PREFIXES = ("openclaw_rs.",)


def run_case(case, argv0, extra_env=None, timeout=300):
    home = Path(tempfile.mkdtemp(prefix="openclaw-audit-diff-"))
    try:
        env, args = build_state(case, home)
        env.update(extra_env or {})
        started = time.monotonic()
        proc = subprocess.run(
            [*argv0, *args], env=env, cwd=home, capture_output=True, text=True, timeout=timeout
        )
        elapsed = time.monotonic() - started
        result = parse_output(proc.returncode, proc.stdout)
        if result["summary"] is None and "error" not in result and proc.returncode != 0:
            result["stderr"] = proc.stderr.strip().splitlines()[:3]
        return result, elapsed
    finally:
        shutil.rmtree(home, ignore_errors=True)


def reference_argv(ref):
    # The wrapper is a bash script that puts its own node on PATH; PATH itself stays empty.
    return ["/bin/bash", ref]


def reference_env():
    COMPILE_CACHE.mkdir(parents=True, exist_ok=True)
    return {"NODE_COMPILE_CACHE": str(COMPILE_CACHE)}


def find_reference(explicit):
    if explicit:
        return explicit
    tool = ROOT.parent / "shared/tools/reference-openclaw.sh"
    return subprocess.run([str(tool)], capture_output=True, text=True, check=True).stdout.strip()


def derive_expected(name, case, reference, ref, lock):
    """expected.json of an expected-difference case: reference of the equivalent config, adjusted."""
    diff = case["expectedDifference"]
    if "exit" in diff and diff["exit"] != 0:
        return {"exit": diff["exit"], "pairs": [], "summary": None, "reason": diff["reason"]}
    base = reference
    if "equivalentConfig" in diff:
        equivalent = dict(case, config=diff["equivalentConfig"])
        base, _ = run_case(equivalent, reference_argv(ref), reference_env())
        if base["exit"] != 0:
            with lock:
                print(f"  !! {name}: the equivalent config is rejected by the reference", flush=True)
    pairs = {tuple(p) for p in base["pairs"]}
    pairs -= {tuple(p) for p in diff.get("removePairs", [])}
    pairs |= {tuple(p) for p in diff.get("addPairs", [])}
    return {"exit": 0, "pairs": [list(p) for p in sorted(pairs)], "summary": None, "reason": diff["reason"]}


def record(args):
    ref = find_reference(args.ref)
    names = args.names or list_cases()
    todo = []
    for name in names:
        out = CASES / name / "reference.json"
        if args.force or not out.exists() or json.loads(out.read_text()).get("caseHash") != case_hash(name):
            todo.append(name)
    print(f"reference: {ref}\n{len(names)} cases, {len(todo)} to record ({args.jobs} at a time)", flush=True)
    lock = threading.Lock()
    done = [0]
    started = time.monotonic()

    def one(name):
        case = load_case(name)
        result, elapsed = run_case(case, reference_argv(ref), reference_env())
        # A case marked `repeat` touches a check the reference answers nondeterministically: record
        # the union of several runs (what the reference can report) and which pairs came and went.
        runs = [result]
        for _ in range(case.get("repeat", 1) - 1):
            runs.append(run_case(case, reference_argv(ref), reference_env())[0])
        if len(runs) > 1:
            sets = [{tuple(p) for p in r["pairs"]} for r in runs]
            union, common = set().union(*sets), set.intersection(*sets)
            result = dict(result, pairs=[list(p) for p in sorted(union)], runs=len(runs),
                          unstablePairs=[list(p) for p in sorted(union - common)])
            if union != common:
                result["summary"] = None  # the counts of one run would not match the union
        recorded = {"reference": f"openclaw {REFERENCE_VERSION}", "caseHash": case_hash(name), **result}
        (CASES / name / "reference.json").write_text(dump(recorded))
        expected_path = CASES / name / "expected.json"
        if "expectedDifference" in case:
            expected = derive_expected(name, case, result, ref, lock)
            expected_path.write_text(dump(expected))
        elif expected_path.exists():
            expected_path.unlink()
        with lock:
            done[0] += 1
            summary = result["summary"] or result.get("error") or result.get("stderr")
            print(f"[{done[0]:3}/{len(todo)}] {name}: exit {result['exit']}, {len(result['pairs'])} pairs, "
                  f"{elapsed:.1f}s  {summary}", flush=True)

    with concurrent.futures.ThreadPoolExecutor(max_workers=args.jobs) as pool:
        for future in [pool.submit(one, name) for name in todo]:
            future.result()
    total = time.monotonic() - started
    print(f"recorded {len(todo)} cases in {total:.0f}s", flush=True)


def show(args):
    case = load_case(args.name)
    argv0 = [args.bin] if args.bin else reference_argv(find_reference(None))
    result, elapsed = run_case(case, argv0, {} if args.bin else reference_env())
    print(json.dumps(result, indent=2))
    print(f"{elapsed:.2f}s", file=sys.stderr)


def verify(args):
    """Re-runs the reference on recorded cases and reports any disagreement with reference.json."""
    ref = find_reference(args.ref)
    names = args.names or list_cases()
    unstable = 0
    for name in names:
        recorded = json.loads((CASES / name / "reference.json").read_text())
        got, elapsed = run_case(load_case(name), reference_argv(ref), reference_env())
        want_pairs, got_pairs = {tuple(p) for p in recorded["pairs"]}, {tuple(p) for p in got["pairs"]}
        same = recorded["exit"] == got["exit"] and (want_pairs == got_pairs or got_pairs <= want_pairs and recorded.get("runs"))
        unstable += not same
        print(f"{name}: {'same' if same else 'DIFFERENT'} ({elapsed:.1f}s)", flush=True)
        for p in sorted(want_pairs - got_pairs):
            print(f"  recorded only {p[0]} {p[1]}")
        for p in sorted(got_pairs - want_pairs):
            print(f"  this run only {p[0]} {p[1]}")
    print(f"{unstable} of {len(names)} cases differ from their recording")


def build(args):
    """Builds a case's state dir in an existing directory and prints its environment as exports."""
    env, _ = build_state(load_case(args.name), Path(args.home).resolve())
    env.pop("PATH")  # callers keep their own PATH (benchmarks need a shell and hyperfine)
    for key, value in env.items():
        print(f"export {key}={shlex.quote(value)}")


def compare(args):
    diffs = expected_differences()
    mismatches = 0
    for name in list_cases():
        want_file = "expected.json" if name in diffs else "reference.json"
        if not (CASES / name / want_file).exists():
            print(f"{name}: no {want_file} yet")
            continue
        want = json.loads((CASES / name / want_file).read_text())
        got, _ = run_case(load_case(name), [args.bin])
        got["pairs"] = [p for p in got["pairs"] if not p[0].startswith(OWN_CHECK_PREFIXES)]
        missing = sorted({tuple(p) for p in want["pairs"]} - {tuple(p) for p in got["pairs"]})
        extra = sorted({tuple(p) for p in got["pairs"]} - {tuple(p) for p in want["pairs"]})
        if missing or extra or want["exit"] != got["exit"]:
            mismatches += 1
            print(f"{name} ({want_file}): exit {want['exit']} vs ours {got['exit']}")
            for p in missing:
                print(f"  missing {p[0]} {p[1]}")
            for p in extra:
                print(f"  extra   {p[0]} {p[1]}")
    print(f"{mismatches} mismatching cases")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="cmd", required=True)
    p = sub.add_parser("record")
    p.add_argument("--force", action="store_true", help="re-record every case, not only new/changed ones")
    p.add_argument("--jobs", type=int, default=2)
    p.add_argument("--ref", help="path of the reference wrapper (default: ../shared/tools/reference-openclaw.sh)")
    p.add_argument("names", nargs="*")
    p.set_defaults(func=record)
    p = sub.add_parser("show")
    p.add_argument("name")
    p.add_argument("--bin")
    p.set_defaults(func=show)
    p = sub.add_parser("verify")
    p.add_argument("--ref")
    p.add_argument("names", nargs="*")
    p.set_defaults(func=verify)
    p = sub.add_parser("build")
    p.add_argument("name")
    p.add_argument("home")
    p.set_defaults(func=build)
    p = sub.add_parser("compare")
    p.add_argument("--bin", default=str(ROOT / "target/debug/openclaw"))
    p.set_defaults(func=compare)
    args = parser.parse_args()
    args.func(args)


if __name__ == "__main__":
    main()
