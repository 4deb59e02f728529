#!/usr/bin/env python3
"""Rebuilds crates/config/schema/reference-config.schema.json from the reference OpenClaw.

The reference's `openclaw config schema` prints the full JSON Schema (draft-07) of the config it
accepts. We keep only what validation needs (types, properties, enums, bounds, patterns) so the
embedded copy stays small; titles, descriptions and examples are dropped.

Usage: OC=$(../shared/tools/reference-openclaw.sh); HOME=$(mktemp -d) "$OC" config schema | scripts/refresh-reference-schema.py
"""
import json
import sys

DROP = {"title", "description", "examples", "default", "$schema", "markdownDescription"}


def strip(node):
    if isinstance(node, dict):
        out = {}
        for key, value in node.items():
            if key in DROP:
                continue
            if key in ("properties", "patternProperties", "definitions", "$defs"):
                out[key] = {k: strip(v) for k, v in value.items()}
            elif key in ("enum", "const", "required"):
                out[key] = value
            else:
                out[key] = strip(value)
        return out
    if isinstance(node, list):
        return [strip(item) for item in node]
    return node


def main():
    schema = json.load(sys.stdin)
    out = strip(schema)
    out["x-source"] = "openclaw config schema (OpenClaw 2026.9.6, MIT licence), titles and descriptions removed"
    path = "crates/config/schema/reference-config.schema.json"
    with open(path, "w") as f:
        json.dump(out, f, separators=(",", ":"), sort_keys=False)
        f.write("\n")
    print(f"wrote {path}", file=sys.stderr)


if __name__ == "__main__":
    main()
