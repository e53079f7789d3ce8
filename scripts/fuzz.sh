#!/usr/bin/env bash
# Builds the libFuzzer targets (fuzz/, clang with ASan and UBSan) and runs each for SECONDS
# (default 30; CI runs 30, a release run 600 or more). Two run at a time (the machine has two
# cores). Exit 1 when any target found a crash, a leak, a sanitizer report or a hang (its
# reproducer is kept under build-sanitize/findings/); what each run did is printed in one line.
#   scripts/fuzz.sh [SECONDS] [TARGET...]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-30}
shift || true
targets=("$@")
((${#targets[@]})) || targets=(challenge base64 jws mock_tokens dpop digest profile openapi)

source scripts/missing_packages.sh
mapfile -t missing < <(missing_packages clang libclang-rt-14-dev)
if ((${#missing[@]})); then
  echo "fuzz: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

source scripts/sanitized_tree.sh
configure_sanitized_tree
cmake --build build-sanitize -j "$(nproc)" --target fuzzers >/dev/null
echo "fuzz: built in $SECONDS s"
[ "${AUTHSPEC_FUZZ_BUILD_ONLY:-0}" = 1 ] && exit 0

mkdir -p build-sanitize/findings
run_one() {
  local name=$1 corpus=build-sanitize/corpus/$1 log=build-sanitize/fuzz_$1.log
  mkdir -p "$corpus"
  cp -n fuzz/corpus/"$name"/* "$corpus"/ 2>/dev/null || true
  # -timeout: one input taking over 5 s is a hang; -rss_limit_mb bounds memory.
  if build-sanitize/fuzz/fuzz_"$name" "$corpus" -max_total_time="$seconds" -timeout=5 \
      -rss_limit_mb=2048 -max_len=65536 -print_final_stats=1 \
      -artifact_prefix=build-sanitize/findings/"$name"- >"$log" 2>&1; then
    local runs
    runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo '?')
    echo "fuzz $name: ${seconds} s, $runs executions, no finding"
  else
    echo "fuzz $name: FINDING (see $log and build-sanitize/findings/$name-*)"
    tail -n 30 "$log"
    return 1
  fi
}

status=0
pids=()
for t in "${targets[@]}"; do
  run_one "$t" &
  pids+=($!)
  if ((${#pids[@]} >= 2)); then
    wait "${pids[0]}" || status=1
    pids=("${pids[@]:1}")
  fi
done
for p in "${pids[@]}"; do wait "$p" || status=1; done
exit $status
