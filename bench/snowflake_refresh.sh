#!/usr/bin/env bash
# Snowflake refresh benchmark: DATABASES databases x SCHEMAS schemas, a reader role per database
# with USAGE on the database and on every schema and SELECT on future tables of every schema, and
# one warehouse and user per database, on the local sandbox with LATENCY ms added per request.
# Reports requests and wall time of a no-op `plan` in bulk mode (one paged SHOW per kind and
# container, SHOW GRANTS TO ROLE once per role, SHOW FUTURE GRANTS once per schema) and with
# `--refresh-mode per-resource` (one statement per object on 10 threads, as Terraform refreshes).
#   bench/snowflake_refresh.sh [DATABASES] [SCHEMAS_PER_DATABASE] [LATENCY_MS]  (defaults 5 20 50)
set -euo pipefail
cd "$(dirname "$0")/.."
DATABASES=${1:-5}
SCHEMAS=${2:-20}
LATENCY=${3:-50}
. bench/refresh_common.sh
bench_prepare snowflake

python3 - "$WORK/main.yaml" "$DATABASES" "$SCHEMAS" <<'PY'
import sys
path, databases, schemas = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
out = ["kind: providers\nspec:\n  snowflake: { endpoint: sandbox }\n"]
for d in range(databases):
    out.append(f"kind: snowflake.database\nname: d{d}\nspec:\n  name: bench_{d}\n  comment: bench\n")
    out.append(f"kind: snowflake.role\nname: r{d}\nspec:\n  name: reader_{d}\n")
    out.append(f"kind: snowflake.warehouse\nname: w{d}\nspec:\n  name: wh_{d}\n")
    out.append(f"""kind: snowflake.user
name: u{d}
spec:
  name: svc_{d}
  default_role: ${{snowflake.role.r{d}.name}}
  default_warehouse: ${{snowflake.warehouse.w{d}.name}}
""")
    out.append(f"""kind: snowflake.grant
name: d{d}_usage
spec:
  role: ${{snowflake.role.r{d}.name}}
  on: database
  name: ${{snowflake.database.d{d}.name}}
  privileges: [USAGE]
""")
    for s in range(schemas):
        out.append(f"""kind: snowflake.schema
name: d{d}_s{s}
spec:
  database: ${{snowflake.database.d{d}.name}}
  name: s{s}
""")
        out.append(f"""kind: snowflake.grant
name: d{d}_s{s}_usage
spec:
  role: ${{snowflake.role.r{d}.name}}
  on: schema
  database: ${{snowflake.database.d{d}.name}}
  name: ${{snowflake.schema.d{d}_s{s}.name}}
  privileges: [USAGE]
""")
        out.append(f"""kind: snowflake.grant
name: d{d}_s{s}_future
spec:
  role: ${{snowflake.role.r{d}.name}}
  on: tables
  scope: future
  database: ${{snowflake.database.d{d}.name}}
  schema: ${{snowflake.schema.d{d}_s{s}.name}}
  privileges: [SELECT]
""")
open(path, "w").write("---\n".join(out))
PY

run_refresh_bench "$((DATABASES * (5 + 3 * SCHEMAS)))" "$LATENCY"
