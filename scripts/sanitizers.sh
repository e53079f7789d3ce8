#!/usr/bin/env bash
# The tests under AddressSanitizer and UBSan. Any sanitizer report fails the run.
#   scripts/sanitizers.sh          what the test command (and CI) runs, about 6 minutes: the
#                                  parser and validator tests in the fuzz tree, then a sanitized
#                                  build (build-sanitize/) running the unit tests, every judge on
#                                  its recorded cases, and a smoke subset of the end-to-end runs
#   scripts/sanitizers.sh --full   the same, plus the robustness tests (hostile input of every
#                                  kind) in build-sanitize/
# The sanitized tree is clang at -O0 with line tables (-g1): about half the compile time of the
# optimised gcc build, and fast enough at run time for the tests that do not measure time. scripts/
# fuzz.sh installs clang. The timed tests (the deadline and clock tests) run in the main tree only.
set -euo pipefail
cd "$(dirname "$0")/.."
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
export NO_PROXY="127.0.0.1,localhost,::1${NO_PROXY:+,$NO_PROXY}" no_proxy="127.0.0.1,localhost,::1${no_proxy:+,$no_proxy}"

AUTHSPEC_FUZZ_BUILD_ONLY=1 scripts/fuzz.sh 0 >/dev/null
cmake --build build-fuzz -j "$(nproc)" --target sanitized_parser_tests >/dev/null
build-fuzz/fuzz/sanitized_parser_tests --gtest_brief=1

targets=(unit_tests judge_replay_tests e2e_mock_tests)
[ "${1:-}" = --full ] && targets+=(robustness_tests)
CC=clang CXX=clang++ cmake -S . -B build-sanitize -DCMAKE_BUILD_TYPE=None \
  -DCMAKE_CXX_FLAGS="-O0 -g1" -DAUTHSPEC_SANITIZE=ON >/dev/null
cmake --build build-sanitize -j "$(nproc)" --target "${targets[@]}" >/dev/null
build-sanitize/tests/unit_tests --gtest_brief=1
build-sanitize/tests/judge_replay_tests --gtest_brief=1
# The compliant mock and three defect rows, whole catalogue each: the engine, the checks, the
# mock and the report writers under the sanitizers.
build-sanitize/tests/e2e_mock_tests --gtest_brief=1 \
  --gtest_filter='CompliantMock.*:Mock/DefectRun.*/no_challenge:Mock/DefectRun.*/open_resource:Mock/DefectRun.*/alg_none'
if [ "${1:-}" = --full ]; then
  build-sanitize/tests/robustness_tests --gtest_brief=1
fi
echo "sanitizers: parser, unit, judge and end-to-end smoke tests clean under ASan and UBSan"
