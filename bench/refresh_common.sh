# Shared by the refresh benchmarks (aws_refresh.sh, databricks_refresh.sh), sourced after `cd` to
# the repository: bench_prepare builds causeway and the sandbox (BUILD_DIR, default
# build-release) and makes a work directory $WORK; once the caller has written $WORK/main.yaml,
# run_refresh_bench applies it from nothing (no added latency), then times a no-op `plan` in bulk
# mode (with and without --no-undeclared) and per-resource mode with LATENCY ms added to every request, counting requests with the
# sandbox's counters. KEEP=1 leaves the directory and the sandbox running for profiling.

bench_prepare() {
  BUILD_DIR=${BUILD_DIR:-build-release}
  ./scripts/setup.sh >/dev/null
  [ -f "$BUILD_DIR/build.ninja" ] ||
    cmake -S . -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
  cmake --build "$BUILD_DIR" --target causeway causeway-sandbox >/dev/null
  CW="$PWD/$BUILD_DIR/causeway"
  WORK=$(mktemp -d "/tmp/causeway-$1-bench-XXXXXX")
  [ "${KEEP:-0}" = 1 ] ||
    trap '"$CW" -C "$WORK" sandbox stop >/dev/null 2>&1 || true; rm -rf "$WORK"' EXIT
  echo "work directory: $WORK"
}

# Admin API of the sandbox (python3 instead of curl: one less package).
admin() {
  python3 - "$1" "$URL/_sandbox/$2" "${3:-}" <<'PY'
import sys, urllib.request
method, url, body = sys.argv[1], sys.argv[2], sys.argv[3]
req = urllib.request.Request(url, data=body.encode() if body else None, method=method)
print(urllib.request.urlopen(req).read().decode())
PY
}
now() { python3 -c 'import time; print(time.time())'; }
elapsed() { python3 -c "print(f'{$2 - $1:.2f}')"; }

# measure MODE [PLAN FLAGS...]
measure() {
  local mode=$1
  shift
  admin POST counts/reset >/dev/null
  local t0 t1
  t0=$(now)
  "$CW" -C "$WORK" --refresh-mode "$mode" plan --detailed-exitcode "$@" >/dev/null ||
    { echo "plan ($mode) was not a no-op"; exit 1; }
  t1=$(now)
  local requests
  requests=$(admin GET counts | python3 -c 'import json,sys; print(json.load(sys.stdin)["total"])')
  printf '| %s | %s | %s |\n' "$mode${1:+ $*}" "$requests" "$(elapsed "$t0" "$t1")"
}

# run_refresh_bench RESOURCES LATENCY_MS
run_refresh_bench() {
  "$CW" -C "$WORK" sandbox start >/dev/null
  URL=$("$CW" -C "$WORK" sandbox status | sed -E 's/.*(http[^ ]+).*/\1/')
  echo "applying $1 resources (no added latency)..."
  local start
  admin POST counts/reset >/dev/null
  start=$(now)
  "$CW" -C "$WORK" apply --auto-approve >/dev/null
  echo "apply: $(elapsed "$start" "$(now)") s, $(admin GET counts |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["total"])') requests"
  admin POST faults "{\"latency_ms\": $2}" >/dev/null
  echo
  echo "no-op plan, $2 ms added latency per request:"
  echo "| refresh mode | requests | wall s |"
  echo "| --- | --- | --- |"
  measure bulk
  measure bulk --no-undeclared  # without looking for what no manifest declares (security drift)
  measure per-resource
}
