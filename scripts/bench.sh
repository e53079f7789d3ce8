#!/usr/bin/env bash
# Benchmark: the whole catalogue against the bundled mock, repeated, at several concurrencies.
# Prints requests and wall time per run (hyperfine is used when installed).
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x build/authspec ] || scripts/setup.sh >/dev/null
runs=${RUNS:-20}
for c in 1 8 32; do
  start=$(date +%s%N)
  for _ in $(seq "$runs"); do build/authspec run --no-color --concurrency "$c" >/dev/null; done
  end=$(date +%s%N)
  reqs=$(build/authspec run --no-color --concurrency "$c" | sed -n 's/^\([0-9]*\) requests in.*/\1/p')
  echo "concurrency $c: $reqs requests per run, $(( (end - start) / runs / 1000000 )) ms per run (mean of $runs, mock start included)"
done
