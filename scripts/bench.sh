#!/usr/bin/env bash
# Benchmark: the whole catalogue against the bundled mock, repeated, at several concurrencies.
# Prints requests and wall time per run; BENCH_CTEST=1 also times the whole CTest suite as
# scripts/test.sh runs it (the issue-14 budget: under 3 minutes on the 2-core machine).
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
if [ "${BENCH_CTEST:-0}" = 1 ]; then
  start=$(date +%s)
  (cd build && NO_PROXY="127.0.0.1,localhost,::1" ctest -j "$(( $(nproc) * 3 ))" --timeout 300 \
    >/dev/null) || echo "ctest: some tests failed"
  echo "ctest: $(( $(date +%s) - start )) s for the whole suite"
fi
