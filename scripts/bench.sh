#!/usr/bin/env bash
# Benchmark (issue 17): how a run scales with the inventory, how close it gets to the latency
# limit, and the embedded demo. Measured, never asserted: tests do not time anything.
#
#   1. Scale: Debian's nginx with auth_basic on loopback, profiles of 10, 100 and 1,000 protected
#      resources (fixtures/nginx.ini's keys, one resource per generated file): requests, wall
#      time, peak RSS, at the default depth and (up to BENCH_FULL_MAX resources) at --depth full;
#      the biggest again with each resource's content BENCH_PAD_KIB (64) KiB (the body spool).
#   2. Latency: fixtures/nginx.ini behind scripts/delay_proxy.py (50 ms round trip): wall time at
#      the default concurrency against the limit (requests / concurrency x RTT, plus the longest
#      chain of dependent requests x RTT), and against --concurrency 1.
#   3. The embedded mock: the full catalogue, wall and peak RSS (mean of RUNS runs).
# The scale rows are the median of SCALE_RUNS (3) runs each.
# BENCH_CTEST=1 also times the whole CTest suite as scripts/test.sh runs it.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x build/authspec ] || scripts/setup.sh >/dev/null
[ -x /usr/sbin/nginx ] || { echo "bench: nginx is needed (scripts/test.sh installs it)" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "bench: /usr/bin/time is needed (apt-get install time)" >&2; exit 2; }
authspec=$PWD/build/authspec
sizes=${BENCH_SIZES:-"10 100 1000"}
full_max=${BENCH_FULL_MAX:-100}
runs=${RUNS:-5}
# The default --concurrency, read off the help so the limit below follows it.
concurrency=$("$authspec" run --help | sed -n 's/.*--concurrency [A-Za-z]* (=\([0-9]*\)).*/\1/p')
[ -n "$concurrency" ] || { echo "bench.sh: cannot read the default --concurrency off run --help" >&2; exit 2; }
work=$(mktemp -d)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  # nginx is started inside $(start_nginx ...), a subshell whose $! never reaches pids: each
  # stops by the pid file it wrote.
  for f in "$work"/nginx-*/nginx.pid; do
    [ -f "$f" ] && kill "$(cat "$f")" 2>/dev/null || true
  done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

free_port() { /usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_port() {
  for _ in $(seq 200); do
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
    sleep 0.05
  done
  echo "bench: nothing listens on port $1" >&2
  exit 3
}

# nginx serving N protected files under /protected/ (fixtures/nginx's config and htpasswd), each
# padded to about PAD KiB (0: a line). CONTENT "own": each file holds a record of its own and not
# the profile's canary, as the resources of a real API do (the run learns a marker per resource).
start_nginx() {
  local n=$1 pad_kib=${2:-0} content=${3:-canary} prefix=$work/nginx-$1-$RANDOM$RANDOM port pad=
  port=$(free_port)
  mkdir -p "$prefix/tmp" "$prefix/html/protected"
  cp -r fixtures/nginx/html/. "$prefix/html/"
  cp fixtures/nginx/htpasswd "$prefix/"
  [ "$pad_kib" -gt 0 ] && pad=$(head -c $(( pad_kib * 1024 )) /dev/zero | tr '\0' x)
  for i in $(seq "$n"); do
    if [ "$content" = own ]; then
      printf '{"item": %d, "record": "record-%d-%08x"}\n' "$i" "$i" $(( i * 2654435761 % 4294967296 ))
    else
      printf '{"item": %d, "pad": "%s", "marker": "AUTHSPEC-CANARY-nginx-3e8a"}\n' "$i" "$pad"
    fi >"$prefix/html/protected/r$i.json"
  done
  chmod -R a+rX "$prefix"
  sed -e "s|@PREFIX@|$prefix|g" -e "s|@PORT@|$port|g" fixtures/nginx/nginx.conf.in >"$prefix/nginx.conf"
  /usr/sbin/nginx -c "$prefix/nginx.conf" -p "$prefix" >/dev/null 2>&1 &
  wait_port "$port"
  echo "$port"
}

# fixtures/nginx.ini with N resources in [protected]; CONTENT "own": without its canary.
profile_for() {
  local n=$1 content=${2:-canary} out=$work/nginx-$1-${2:-canary}.ini
  awk -v n="$n" -v own="$content" '
    /^\[protected\]/ { print; for (i = 1; i <= n; i++) print "resource = GET /protected/r" i ".json basic"; skip = 1; next }
    /^\[/ { skip = 0 }
    skip && /^resource/ { next }
    own == "own" && /^canary = / { next }
    { print }' fixtures/nginx.ini >"$out"
  echo "$out"
}

# Runs authspec; prints "requests wall_s peak_mib".
measure() {
  local out=$work/out.txt tm=$work/time.txt
  /usr/bin/time -f "%e %M" -o "$tm" "$authspec" run --no-color --quiet "$@" >"$out" 2>&1 || true
  local reqs
  reqs=$(sed -n 's/^\([0-9,]*\) requests in.*/\1/p' "$out" | tr -d , | tail -1)
  read -r wall kib < <(tail -1 "$tm")
  echo "${reqs:-?} $wall $(( kib / 1024 ))"
}

# The median of SCALE_RUNS runs (by wall time, with that run's peak RSS): one run on a 2-core
# machine varies by a fifth, enough to tip the 10x ratios below either way.
scale_runs=${SCALE_RUNS:-3}
measure_median() {
  local results=()
  for _ in $(seq "$scale_runs"); do results+=("$(measure "$@")"); done
  printf '%s\n' "${results[@]}" | sort -n -k2 | sed -n "$(( (scale_runs + 1) / 2 ))p"
}

echo "## Scale: nginx auth_basic on loopback (default concurrency, $concurrency; median of $scale_runs runs)"
echo
echo "| protected resources | depth | requests | per resource | wall | peak RSS |"
echo "|---|---|---|---|---|---|"
declare -A wall_of rss_of
for n in $sizes; do
  port=$(start_nginx "$n")
  profile=$(profile_for "$n")
  for depth in default full; do
    [ "$depth" = full ] && [ "$n" -gt "$full_max" ] && continue
    args=(--profile "$profile" --target "http://127.0.0.1:$port" --deadline 3600)
    [ "$depth" = full ] && args+=(--depth full)
    read -r reqs wall mib < <(measure_median "${args[@]}")
    [ "$depth" = default ] && wall_of[$n]=$wall && rss_of[$n]=$mib
    echo "| $n | $depth | $reqs | $(( reqs / n )) | ${wall} s | ${mib} MiB |"
  done
done
prev=
for n in $sizes; do
  if [ -n "$prev" ]; then
    echo
    echo "${prev} -> ${n} resources (x$(( n / prev ))): time x$(echo "${wall_of[$n]} / ${wall_of[$prev]}" | awk '{printf "%.1f", $1 / $3}'), memory x$(echo "${rss_of[$n]} / ${rss_of[$prev]}" | awk '{printf "%.1f", $1 / $3}')"
  fi
  prev=$n
done

# Large answers: the biggest inventory again, each resource's content 64 KiB (BENCH_PAD_KIB). The
# bodies over 16 KiB go to the run's spool file as they arrive (suite/body.h), so the peak stays
# that of small answers; without it every authorised GET's content would stay in memory.
pad_kib=${BENCH_PAD_KIB:-64}
biggest=${sizes##* }
if [ "$pad_kib" -gt 0 ] && [ -n "${wall_of[$biggest]:-}" ]; then
  port=$(start_nginx "$biggest" "$pad_kib")
  read -r reqs wall mib < <(measure --profile "$(profile_for "$biggest")" \
    --target "http://127.0.0.1:$port" --deadline 3600)
  echo
  echo "| protected resources | content | requests | wall | peak RSS |"
  echo "|---|---|---|---|---|"
  echo "| $biggest | ${pad_kib} KiB each (large bodies spooled to disk) | $reqs | ${wall} s | ${mib} MiB |"
fi
# Content of their own: no canary in the profile, so the run learns a marker per resource first
# (3 requests each before the plan: in the wall time, not in the request count) and every body
# is searched for all of them (suite/content_markers.h).
if [ -n "${wall_of[$biggest]:-}" ]; then
  port=$(start_nginx "$biggest" 0 own)
  read -r reqs wall mib < <(measure_median --profile "$(profile_for "$biggest" own)" \
    --target "http://127.0.0.1:$port" --deadline 3600)
  [ "$pad_kib" -gt 0 ] || { echo; echo "| protected resources | content | requests | wall | peak RSS |"; echo "|---|---|---|---|---|"; }
  echo "| $biggest | its own record each, a marker learned per resource | $reqs | ${wall} s | ${mib} MiB |"
fi

# The reports of the biggest run: every format written (peak RSS with them), and the HTML opened
# in headless chromium (when installed: scripts/test.sh installs it).
biggest=${sizes##* }
if [ -n "${wall_of[$biggest]:-}" ]; then
  port=$(start_nginx "$biggest")
  read -r reqs wall mib < <(measure --profile "$(profile_for "$biggest")" \
    --target "http://127.0.0.1:$port" --deadline 3600 --report-dir "$work/reports")
  echo
  echo "Every report of the $biggest-resource run written: ${wall} s wall, peak RSS ${mib} MiB;" \
    "HTML $(( $(stat -c %s "$work/reports/authspec.html") / 1024 )) KiB," \
    "JSON $(( $(stat -c %s "$work/reports/authspec.json") / 1024 / 1024 )) MiB."
  if [ -x /usr/bin/chromium ]; then
    start=$(date +%s%N)
    timeout 120 /usr/bin/chromium --headless --no-sandbox --disable-gpu \
      --user-data-dir="$work/chromium" --dump-dom "file://$work/reports/authspec.html" \
      >"$work/dom.html" 2>/dev/null || true
    echo "The HTML report opened in headless chromium (load, script, DOM dump) in" \
      "$(( ($(date +%s%N) - start) / 1000000 )) ms" \
      "($(grep -o '<details class="check"' "$work/dom.html" | wc -l) check groups)."
  fi
fi

echo
echo "## Latency: fixtures/nginx.ini behind a 50 ms round trip (scripts/delay_proxy.py)"
echo
port=$(start_nginx 0)
proxy_port=$(free_port)
/usr/bin/python3 scripts/delay_proxy.py --listen "$proxy_port" --upstream "$port" --rtt-ms 50 \
  --lifetime 900 >/dev/null &
pids+=($!)
wait_port "$proxy_port"
target=(--profile fixtures/nginx.ini --target "http://127.0.0.1:$proxy_port")
read -r reqs8 wall8 _ < <(measure_median "${target[@]}")
read -r reqs1 wall1 _ < <(measure "${target[@]}" --concurrency 1)
# The limit: every request costs a round trip, --concurrency at a time, and the longest chain of dependent
# requests (a first step, then the follow-up built from its answer) costs its round trips in turn.
# The proxy also charges each new connection a round trip (its handshake), which the limit leaves
# out: the ratio includes what connection reuse could not save.
chain=2
limit=$(awk -v r="$reqs8" -v c="$concurrency" -v ch="$chain" 'BEGIN { printf "%.2f", (r / c + ch) * 0.050 }')
echo "| run | requests | wall | ratio |"
echo "|---|---|---|---|"
echo "| limit (requests / $concurrency x 50 ms + $chain x 50 ms) | $reqs8 | ${limit} s | 1.0 |"
echo "| default (concurrency $concurrency) | $reqs8 | ${wall8} s | $(awk -v a="$wall8" -v b="$limit" 'BEGIN { printf "%.2f x the limit", a / b }') |"
echo "| --concurrency 1 | $reqs1 | ${wall1} s | $(awk -v a="$wall1" -v b="$wall8" 'BEGIN { printf "%.1f x the default", a / b }') |"

echo
echo "## The embedded mock (the whole catalogue, mock start included; mean of $runs runs)"
echo
total=0
peak=0
for _ in $(seq "$runs"); do
  read -r reqs wall mib < <(measure)
  total=$(awk -v t="$total" -v w="$wall" 'BEGIN { print t + w }')
  [ "$mib" -gt "$peak" ] && peak=$mib
done
echo "$reqs requests, $(awk -v t="$total" -v n="$runs" 'BEGIN { printf "%.2f", t / n }') s wall, peak RSS ${peak} MiB"

if [ "${BENCH_CTEST:-0}" = 1 ]; then
  start=$(date +%s)
  (cd build && NO_PROXY="127.0.0.1,localhost,::1" ctest -j "$(( $(nproc) * 3 ))" --timeout 300 \
    >/dev/null) || echo "ctest: some tests failed"
  echo "ctest: $(( $(date +%s) - start )) s for the whole suite"
fi
