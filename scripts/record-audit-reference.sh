#!/usr/bin/env bash
# Regenerates the differential audit cases and records the reference OpenClaw's answers.
#
#   scripts/record-audit-reference.sh            # record new or changed cases only (idempotent)
#   scripts/record-audit-reference.sh --force    # re-record every case
#   scripts/record-audit-reference.sh NAME...    # (re-)record the named cases
#
# Writes crates/cli/tests/fixtures/audit-diff/<case>/{case.json,reference.json[,expected.json]} and
# expected-differences.json; crates/cli/tests/suite/audit_diff.rs compares our audit against them.
# Needs the reference CLI (../shared/tools/reference-openclaw.sh installs it; set OPENCLAW_REF to
# use another wrapper) and runs at most two audits at a time (about 5-10 s each).
set -euo pipefail
cd "$(dirname "$0")/.."
python3 scripts/gen-audit-cases.py
ref=${OPENCLAW_REF:-$(../shared/tools/reference-openclaw.sh)}
exec python3 scripts/audit_diff.py record --ref "$ref" --jobs "${AUDIT_DIFF_JOBS:-2}" "$@"
