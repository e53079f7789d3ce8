#!/usr/bin/env bash
# The tests under AddressSanitizer and UBSan, in their own build (build-sanitize/: clang at -O0
# with line tables, which compiles faster than the optimised gcc build). Any sanitizer report
# fails the run.
#   scripts/sanitizers.sh          what the test command (and CI) runs, about 4 minutes: the unit
#                                  tests (the parsers, decoders and validators with the inputs that
#                                  once crashed, the judges on hand-built exchanges), every judge
#                                  on its recorded cases, and end-to-end runs of the sanitized
#                                  authspec against the compliant mock and three defects
#   scripts/sanitizers.sh --full   the same, plus the robustness tests (hostile input of every
#                                  kind)
# The timed tests (deadline, clocks) run in the main tree only: an unoptimised, instrumented build
# is several times slower, and those tests measure exactly that. scripts/fuzz.sh installs clang.
set -euo pipefail
cd "$(dirname "$0")/.."
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
export NO_PROXY="127.0.0.1,localhost,::1${NO_PROXY:+,$NO_PROXY}" no_proxy="127.0.0.1,localhost,::1${no_proxy:+,$no_proxy}"

targets=(authspec unit_tests judge_replay_tests)
[ "${1:-}" = --full ] && targets+=(robustness_tests)
source scripts/sanitized_tree.sh
configure_sanitized_tree
cmake --build build-sanitize -j "$(nproc)" --target "${targets[@]}" >/dev/null
echo "sanitizers: built in $SECONDS s"
build-sanitize/tests/unit_tests --gtest_brief=1
build-sanitize/tests/judge_replay_tests --gtest_brief=1

# End to end: the whole catalogue against the embedded mock, compliant (gate passed, score 100)
# and with three defects (the gate fails on the checks written for them).
smoke=build-sanitize/smoke
mkdir -p "$smoke"
build-sanitize/authspec run --no-color --json "$smoke/compliant.json" >"$smoke/compliant.txt"
python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); s=r["summary"]; sys.exit(0 if s["score"] == 100 and s["failed"] == 0 else 1)' "$smoke/compliant.json"
for defect in no-challenge:CHAL-002 open-resource:CHAL-003 alg-none:JWT-003; do
  name=${defect%%:*} check=${defect##*:}
  status=0
  build-sanitize/authspec run --no-color --mock-defect "$name" >"$smoke/$name.txt" || status=$?
  if [ "$status" != 1 ] || ! grep -Eq "^(FAIL|WARN) $check " "$smoke/$name.txt"; then
    echo "sanitizers: --mock-defect $name: exit $status, expected 1 with $check failing" >&2
    exit 1
  fi
done
if [ "${1:-}" = --full ]; then
  build-sanitize/tests/robustness_tests --gtest_brief=1
fi
echo "sanitizers: unit, judge and end-to-end smoke runs clean under ASan and UBSan ($SECONDS s in all)"
