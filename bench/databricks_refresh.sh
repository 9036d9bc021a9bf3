#!/usr/bin/env bash
# Databricks refresh benchmark (issue 19): 5 catalogs x 20 schemas x 20 external tables, with
# authoritative grants on every schema, on the local sandbox with 50 ms added latency per request.
# Reports requests and wall time of a no-op `plan` in bulk mode (one list per container, one
# permissions GET per securable, ten containers at a time) and with `--refresh-mode per-resource`
# (one GET per object on 10 threads, the way Terraform refreshes).
#   bench/databricks_refresh.sh [CATALOGS] [SCHEMAS_PER_CATALOG] [TABLES_PER_SCHEMA] [LATENCY_MS]
#   (defaults 5 20 20 50)
set -euo pipefail
cd "$(dirname "$0")/.."
CATALOGS=${1:-5}
SCHEMAS=${2:-20}
TABLES=${3:-20}
LATENCY=${4:-50}
BUILD_DIR=${BUILD_DIR:-build-release}
./scripts/setup.sh >/dev/null
[ -f "$BUILD_DIR/build.ninja" ] || cmake -S . -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$BUILD_DIR" --target causeway causeway-sandbox >/dev/null
CW="$PWD/$BUILD_DIR/causeway"
WORK=$(mktemp -d /tmp/causeway-dbx-bench-XXXXXX)
# KEEP=1 leaves the directory and the sandbox running for profiling.
[ "${KEEP:-0}" = 1 ] || trap '"$CW" -C "$WORK" sandbox stop >/dev/null 2>&1 || true; rm -rf "$WORK"' EXIT
echo "work directory: $WORK"

python3 - "$WORK/main.yaml" "$CATALOGS" "$SCHEMAS" "$TABLES" <<'PY'
import sys
path, catalogs, schemas, tables = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
out = ["kind: providers\nspec:\n  databricks: { endpoint: sandbox }\n"]
for c in range(catalogs):
    out.append(f"kind: databricks.catalog\nname: c{c}\nspec:\n  name: bench_{c}\n  comment: bench\n")
    for s in range(schemas):
        out.append(f"""kind: databricks.schema
name: c{c}_s{s}
spec:
  catalog_name: ${{databricks.catalog.c{c}.name}}
  name: s{s}
""")
        out.append(f"""kind: databricks.grants
name: c{c}_s{s}
spec:
  securable_type: schema
  securable_name: ${{databricks.schema.c{c}_s{s}.full_name}}
  grants:
    - {{ principal: analysts, privileges: [USE_SCHEMA, SELECT] }}
    - {{ principal: engineers, privileges: [ALL_PRIVILEGES] }}
""")
        for t in range(tables):
            out.append(f"""kind: databricks.table
name: c{c}_s{s}_t{t}
spec:
  catalog_name: ${{databricks.catalog.c{c}.name}}
  schema_name: ${{databricks.schema.c{c}_s{s}.name}}
  name: t{t}
  format: PARQUET
  location: "s3://bench/c{c}/s{s}/t{t}"
  columns: [{{ name: id, type: bigint }}, {{ name: payload, type: string }}, {{ name: dt, type: string }}]
  partition_by: [dt]
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

echo "applying $((CATALOGS + CATALOGS * SCHEMAS * (2 + TABLES))) resources (no added latency)..."
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
