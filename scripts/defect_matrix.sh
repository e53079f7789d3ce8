#!/usr/bin/env bash
# Prints the defect-detection matrix from real runs: for each named defect of the bundled mock,
# the exit code and the checks that fail or warn (docs/defects.md shows what the tests assert).
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x build/authspec ] || scripts/setup.sh >/dev/null
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
echo "| defect | what it breaks | exit | checks that fail or warn |"
echo "|---|---|---|---|"
build/authspec-mock --list-defects | while IFS=$'\t' read -r name what; do
  code=0
  build/authspec run --no-color --mock-defect "$name" --json "$tmp/r.json" >/dev/null 2>&1 || code=$?
  checks=$(python3 -c '
import json, sys
r = json.load(open(sys.argv[1]))
print(", ".join(sorted({x["check"] for x in r["results"] if x["verdict"] in ("fail", "warn")})))' "$tmp/r.json")
  [ "$name" = connection-auth-cache ] && checks="BYP-009 (and, depending on connection reuse, others)"
  echo "| \`$name\` | $what | $code | $checks |"
done
