#!/usr/bin/env bash
# CLI end-to-end benchmark on the mem provider (persisted to a file, as the quickstart uses it):
# validate, plan, apply from nothing and the no-op re-plan of N resources with the engine
# benchmark's fan-out (per group of 10: database, role and integration in a cycle broken by a
# deferred update, five tables, two grants). Reports wall time and peak RSS of each command.
#   bench/mem_apply.sh [N]      (default 10000)
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-10000}
BUILD_DIR=${BUILD_DIR:-build-release}
./scripts/setup.sh >/dev/null
[ -f "$BUILD_DIR/build.ninja" ] || cmake -S . -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$BUILD_DIR" --target causeway >/dev/null
case "$BUILD_DIR" in /*) ;; *) BUILD_DIR="$PWD/$BUILD_DIR" ;; esac
CW="$BUILD_DIR/causeway"
WORK=$(mktemp -d /tmp/causeway-mem-bench-XXXXXX)
[ "${KEEP:-0}" = 1 ] || trap 'rm -rf "$WORK"' EXIT
echo "work directory: $WORK"

bench/gen_manifest.py "$WORK/main.yaml" "$N" --mem-path .causeway-live.json

run() {
  local label=$1
  shift
  /usr/bin/time -f "$label: %e s wall, %U s user, %S s sys, %M KB peak RSS" "$CW" -C "$WORK" "$@" \
    >"$WORK/$label.out" 2>"$WORK/$label.err" || { tail -5 "$WORK/$label.err"; exit 1; }
  tail -1 "$WORK/$label.err"
}
run validate validate
run plan plan
run apply apply --auto-approve
tail -1 "$WORK/apply.out"
run replan plan --detailed-exitcode
tail -1 "$WORK/replan.out"
