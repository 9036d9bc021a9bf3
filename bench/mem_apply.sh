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

python3 - "$WORK/main.yaml" "$N" <<'PY'
import sys
path, n = sys.argv[1], int(sys.argv[2])
out = ["kind: providers\nspec:\n  mem:\n    path: .causeway-live.json\n---\n"]
for g in range(n // 10):
    s = str(g)
    out.append(f"kind: mem.database\nname: db{s}\nspec:\n  name: DB{s}\n---\n")
    out.append(f"kind: mem.role\nname: r{s}\nspec:\n  role_name: role-{s}\n  trust_policy:\n"
               f"    Statement:\n      - Effect: Allow\n        Principal: {{ AWS: \"${{mem.integration.i{s}.iam_user_arn}}\" }}\n"
               f"        Action: sts:AssumeRole\n---\n")
    out.append(f"kind: mem.integration\nname: i{s}\nspec:\n  name: INT{s}\n  role_arn: ${{mem.role.r{s}.arn}}\n---\n")
    for t in range(5):
        ts = f"{s}_{t}"
        out.append(f"kind: mem.table\nname: t{ts}\nspec:\n  database: ${{mem.database.db{s}.name}}\n"
                   f"  name: T{ts}\n  columns: [{{name: ID, type: NUMBER}}]\n---\n")
    for k in range(2):
        ks = f"{s}_{k}"
        out.append(f"kind: mem.grant\nname: g{ks}\ndepends_on: [mem.table.t{s}_{k}]\nspec:\n"
                   f"  principal: ANALYST\n  on: DB{s}.T{ks}\n  privileges: [SELECT]\n---\n")
open(path, "w").write("".join(out))
PY

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
