#!/usr/bin/env bash
# The parser, decoder and validator unit tests under AddressSanitizer and UBSan, built in the fuzz
# tree (clang; scripts/fuzz.sh installs it). Any sanitizer report fails the run.
#   scripts/sanitizers.sh          what the test command runs (about a minute)
#   scripts/sanitizers.sh --full   the whole build under the sanitizers (build-asan/): the unit and
#                                  judge tests and a smoke subset of the end-to-end runs
set -euo pipefail
cd "$(dirname "$0")/.."
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
if [ "${1:-}" = --full ]; then
  cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DAUTHSPEC_SANITIZE=ON >/dev/null
  cmake --build build-asan -j "$(nproc)" --target unit_tests e2e_mock_tests robustness_tests \
    >/dev/null
  build-asan/tests/unit_tests --gtest_brief=1
  build-asan/tests/robustness_tests --gtest_brief=1
  build-asan/tests/e2e_mock_tests --gtest_brief=1 \
    --gtest_filter='CompliantMock.*:Coverage.*:Mock/DefectRun.*/no_challenge:Mock/DefectRun.*/open_resource:Mock/DefectRun.*/alg_none'
  exit 0
fi
AUTHSPEC_FUZZ_BUILD_ONLY=1 scripts/fuzz.sh 0 >/dev/null
cmake --build build-fuzz -j "$(nproc)" --target sanitized_parser_tests >/dev/null
build-fuzz/fuzz/sanitized_parser_tests --gtest_brief=1
