#!/usr/bin/env bash
# The README's second command (and what .ci/run calls): install what is missing, build, and run
# every test through CTest. Tests bind 127.0.0.1 on ephemeral ports only.
set -euo pipefail
cd "$(dirname "$0")/.."
# Each phase says how long it took (CI's time budget is spent here).
phase() { echo "test: $1 took $((SECONDS - phase_start)) s"; phase_start=$SECONDS; }
phase_start=$SECONDS
scripts/setup.sh
phase "setup and build"
# Only the tests need these (not authspec): chromium renders the HTML report headless; Debian's
# python3 with jsonschema, rfc3987 (its uri formats) and the SARIF object model validates SARIF,
# and HAR against node-har-schema's HAR 1.2 schema (JSON files; it pulls in nodejs).
# Flask, flask-httpauth, apispec and Flasgger run the small apps whose generated OpenAPI and
# Swagger descriptions the import is tested on (tests/flask_apps/). dpkg-dev's dpkg-shlibdeps
# reads the package's dependencies off the binaries (the package test builds the .deb).
test_packages=(chromium python3 python3-jsonschema python3-rfc3987 python3-sarif-python-om
               node-har-schema python3-flask python3-flask-httpauth python3-apispec
               python3-flasgger dpkg-dev)
source scripts/missing_packages.sh
mapfile -t missing < <(missing_packages "${test_packages[@]}")
if ((${#missing[@]})); then
  echo "test: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
# The parsers and validators under libFuzzer with ASan and UBSan, 30 s each (AUTHSPEC_FUZZ_SECONDS;
# 0 skips), before CTest so its summary stays the closing output.
fuzz_seconds=${AUTHSPEC_FUZZ_SECONDS:-30}
if [ "$fuzz_seconds" != 0 ]; then
  scripts/fuzz.sh "$fuzz_seconds"
  phase "fuzzing"
  scripts/sanitizers.sh
  phase "the sanitized tree"
fi
# Tests talk to 127.0.0.1 only; a proxy from the environment must never see that traffic.
export NO_PROXY="127.0.0.1,localhost,::1${NO_PROXY:+,$NO_PROXY}" no_proxy="127.0.0.1,localhost,::1${no_proxy:+,$no_proxy}"
cd build
# End-to-end tests partly wait on the mock's one-second clocks, so more jobs than cores pay off.
ctest --output-on-failure -j "$(( $(nproc) * 3 ))" --timeout 300
