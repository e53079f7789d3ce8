#!/usr/bin/env bash
# The README's first command: install what is missing, build, and run the whole catalogue against
# the bundled mock, writing every report into ./authspec-report (or the folder given as $1).
# Extra arguments go to `authspec run` (e.g. --mock-defect realm-unquoted to see a failing report).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
out=${1:-authspec-report}
shift || true
exec build/authspec run --report-dir "$out" "$@"
