#!/usr/bin/env bash
# AWS refresh benchmark (issue: AWS provider and sandbox): 2,000 IAM roles with inline policies and
# 2,000 Glue tables in 20 databases on the local sandbox with 50 ms added latency per request.
# Reports requests and wall time of a no-op `plan` in bulk mode and with
# `--refresh-mode per-resource` (one read per object on 10 threads, the way Terraform refreshes).
#   bench/aws_refresh.sh [ROLES] [TABLES] [LATENCY_MS]      (defaults 2000 2000 50)
set -euo pipefail
cd "$(dirname "$0")/.."
ROLES=${1:-2000}
TABLES=${2:-2000}
LATENCY=${3:-50}
BUILD_DIR=${BUILD_DIR:-build-release}
./scripts/setup.sh >/dev/null
[ -f "$BUILD_DIR/build.ninja" ] || cmake -S . -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$BUILD_DIR" --target causeway causeway-sandbox >/dev/null
CW="$PWD/$BUILD_DIR/causeway"
WORK=$(mktemp -d /tmp/causeway-aws-bench-XXXXXX)
# KEEP=1 leaves the directory and the sandbox running for profiling.
[ "${KEEP:-0}" = 1 ] || trap '"$CW" -C "$WORK" sandbox stop >/dev/null 2>&1 || true; rm -rf "$WORK"' EXIT
echo "work directory: $WORK"

python3 - "$WORK/main.yaml" "$ROLES" "$TABLES" <<'PY'
import sys
path, roles, tables = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
dbs = 20
out = ["kind: providers\nspec:\n  aws: { region: us-east-1, endpoint: sandbox }\n"]
for i in range(roles):
    out.append(f"""kind: aws.iam.role
name: r{i}
spec:
  role_name: bench-role-{i}
  assume_role_policy:
    Statement:
      - {{ Effect: Allow, Principal: {{ Service: glue.amazonaws.com }}, Action: sts:AssumeRole }}
""")
    out.append(f"""kind: aws.iam.role_policy
name: p{i}
spec:
  role: ${{aws.iam.role.r{i}.role_name}}
  policy_name: read
  policy:
    Statement:
      - {{ Effect: Allow, Action: s3:GetObject, Resource: "arn:aws:s3:::bench/{i}/*" }}
""")
for d in range(dbs):
    out.append(f"kind: aws.glue.database\nname: d{d}\nspec:\n  name: bench_db_{d}\n")
for t in range(tables):
    d = t % dbs
    out.append(f"""kind: aws.glue.table
name: t{t}
spec:
  database: ${{aws.glue.database.d{d}.name}}
  name: table_{t}
  columns: [{{ name: id, type: bigint }}, {{ name: payload, type: string }}]
  partition_keys: [{{ name: dt, type: string }}]
  location: "s3://bench/t{t}/"
""")
open(path, "w").write("---\n".join(out))
PY

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
"$CW" -C "$WORK" sandbox start >/dev/null
URL=$("$CW" -C "$WORK" sandbox status | sed -E 's/.*(http[^ ]+).*/\1/')

echo "applying $((ROLES * 2 + 20 + TABLES)) resources (no added latency)..."
start=$(now)
"$CW" -C "$WORK" apply --auto-approve >/dev/null
echo "apply: $(elapsed "$start" "$(now)") s"

admin POST faults "{\"latency_ms\": $LATENCY}" >/dev/null
measure() {
  local mode=$1
  admin POST counts/reset >/dev/null
  local t0 t1
  t0=$(now)
  "$CW" -C "$WORK" --refresh-mode "$mode" plan --detailed-exitcode >/dev/null || { echo "plan ($mode) was not a no-op"; exit 1; }
  t1=$(now)
  local requests
  requests=$(admin GET counts | python3 -c 'import json,sys; print(json.load(sys.stdin)["total"])')
  printf '| %s | %s | %s |\n' "$mode" "$requests" "$(elapsed "$t0" "$t1")"
}
echo
echo "no-op plan, ${LATENCY} ms added latency per request:"
echo "| refresh mode | requests | wall s |"
echo "| --- | --- | --- |"
measure bulk
measure per-resource
