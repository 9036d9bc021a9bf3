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
. bench/refresh_common.sh
bench_prepare dbx

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

run_refresh_bench "$((CATALOGS + CATALOGS * SCHEMAS * (2 + TABLES)))" "$LATENCY"
