#!/usr/bin/env bash
# The parser, decoder and validator unit tests under AddressSanitizer and UBSan, built in the fuzz
# tree (clang; scripts/fuzz.sh installs it). Any sanitizer report fails the run.
set -euo pipefail
cd "$(dirname "$0")/.."
AUTHSPEC_FUZZ_BUILD_ONLY=1 scripts/fuzz.sh 0 >/dev/null
cmake --build build-fuzz -j "$(nproc)" --target sanitized_parser_tests >/dev/null
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
  build-fuzz/fuzz/sanitized_parser_tests --gtest_brief=1
