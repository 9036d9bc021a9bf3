#!/usr/bin/env bash
# Snowflake estate benchmark (issue 18): DATABASES databases x SCHEMAS schemas, TABLES tables and
# EXTERNAL external tables per schema (over one stage per database, through one storage
# integration whose IAM role trusts it), ROLES roles, and per role and schema five grants (USAGE
# on the schema, SELECT on future tables, SELECT on two tables and on one external table) plus
# USAGE on each database: by default 500 tables, 200 external tables and 5,200 grants. Applies it
# from nothing (no added latency), then times a no-op `plan` with LATENCY ms added per request in
# bulk mode and with --refresh-mode per-resource (one statement per object on 10 threads).
#   bench/snowflake_estate.sh [DATABASES] [SCHEMAS] [TABLES] [EXTERNAL] [ROLES] [LATENCY_MS]
#   (defaults 10 5 10 4 20 50)
set -euo pipefail
cd "$(dirname "$0")/.."
DATABASES=${1:-10}
SCHEMAS=${2:-5}
TABLES=${3:-10}
EXTERNAL=${4:-4}
ROLES=${5:-20}
LATENCY=${6:-50}
. bench/refresh_common.sh
bench_prepare sfestate

python3 - "$WORK/main.yaml" "$DATABASES" "$SCHEMAS" "$TABLES" "$EXTERNAL" "$ROLES" <<'PY'
import sys
path, dbs, schemas, tables, external, roles = sys.argv[1], *map(int, sys.argv[2:])
out = ["""kind: providers
spec:
  aws: { region: us-east-1, endpoint: sandbox }
  snowflake: { endpoint: sandbox }
""", """kind: aws.s3.bucket
name: lake
lifecycle: { allow_destroy: true }
spec: { bucket: bench-estate }
""", """kind: aws.iam.role
name: sf
spec:
  role_name: snowflake-estate
  assume_role_policy:
    Version: "2012-10-17"
    Statement:
      - Effect: Allow
        Principal: { AWS: "${snowflake.storage_integration.lake.storage_aws_iam_user_arn}" }
        Action: sts:AssumeRole
        Condition: { StringEquals: { "sts:ExternalId": "${snowflake.storage_integration.lake.storage_aws_external_id}" } }
""", """kind: aws.iam.role_policy
name: sf
spec:
  role: ${aws.iam.role.sf.role_name}
  policy_name: read
  policy:
    Version: "2012-10-17"
    Statement:
      - { Effect: Allow, Action: [s3:ListBucket, s3:GetObject], Resource: ["arn:aws:s3:::bench-estate", "arn:aws:s3:::bench-estate/*"] }
""", """kind: snowflake.storage_integration
name: lake
lifecycle: { allow_destroy: true }
spec:
  name: estate_int
  storage_aws_role_arn: ${aws.iam.role.sf.arn}
  storage_allowed_locations: ["s3://bench-estate/"]
"""]
for r in range(roles):
    out.append(f"kind: snowflake.role\nname: r{r}\nspec:\n  name: reader_{r}\n")
for d in range(dbs):
    db = f"${{snowflake.database.d{d}.name}}"
    out.append(f"kind: snowflake.database\nname: d{d}\nlifecycle: {{ allow_destroy: true }}\nspec:\n  name: estate_{d}\n")
    out.append(f"""kind: snowflake.file_format
name: d{d}
spec: {{ database: "{db}", schema: "${{snowflake.schema.d{d}_s0.name}}", name: json_format, type: JSON }}
""")
    out.append(f"""kind: snowflake.stage
name: d{d}
spec:
  database: {db}
  schema: ${{snowflake.schema.d{d}_s0.name}}
  name: landing
  url: "s3://bench-estate/d{d}/"
  storage_integration: ${{snowflake.storage_integration.lake.name}}
  file_format: ${{snowflake.file_format.d{d}.fully_qualified_name}}
""")
    for r in range(roles):
        out.append(f"kind: snowflake.grant\nname: d{d}_r{r}\nspec:\n  role: ${{snowflake.role.r{r}.name}}\n  on: database\n  name: {db}\n  privileges: [USAGE]\n")
    for s in range(schemas):
        sc = f"${{snowflake.schema.d{d}_s{s}.name}}"
        out.append(f"kind: snowflake.schema\nname: d{d}_s{s}\nlifecycle: {{ allow_destroy: true }}\nspec:\n  database: {db}\n  name: s{s}\n")
        for t in range(tables):
            out.append(f"""kind: snowflake.table
name: d{d}_s{s}_t{t}
lifecycle: {{ allow_destroy: true }}
spec:
  database: {db}
  schema: {sc}
  name: t{t}
  columns: [{{ name: id, type: NUMBER }}, {{ name: payload, type: VARCHAR }}, {{ name: dt, type: DATE }}]
""")
        for e in range(external):
            out.append(f"""kind: snowflake.external_table
name: d{d}_s{s}_e{e}
spec:
  database: {db}
  schema: {sc}
  name: e{e}
  location: "@${{snowflake.stage.d{d}.fully_qualified_name}}/s{s}/e{e}/"
  file_format: ${{snowflake.file_format.d{d}.fully_qualified_name}}
  auto_refresh: false
  columns: [{{ name: id, type: NUMBER, expression: "VALUE:id::NUMBER" }}]
""")
        for r in range(roles):
            role = f"${{snowflake.role.r{r}.name}}"
            out.append(f"kind: snowflake.grant\nname: d{d}_s{s}_r{r}_usage\nspec:\n  role: {role}\n  on: schema\n  database: {db}\n  name: {sc}\n  privileges: [USAGE]\n")
            out.append(f"kind: snowflake.grant\nname: d{d}_s{s}_r{r}_future\nspec:\n  role: {role}\n  on: table\n  scope: future\n  database: {db}\n  schema: {sc}\n  privileges: [SELECT]\n")
            for t in (0, 1):
                out.append(f"kind: snowflake.grant\nname: d{d}_s{s}_r{r}_t{t}\nspec:\n  role: {role}\n  on: table\n  database: {db}\n  schema: {sc}\n  name: ${{snowflake.table.d{d}_s{s}_t{t}.name}}\n  privileges: [SELECT]\n")
            out.append(f"kind: snowflake.grant\nname: d{d}_s{s}_r{r}_e0\nspec:\n  role: {role}\n  on: external table\n  database: {db}\n  schema: {sc}\n  name: ${{snowflake.external_table.d{d}_s{s}_e0.name}}\n  privileges: [SELECT]\n")
open(path, "w").write("---\n".join(out))
print(f"{len(out) - 1} resources")
PY

run_refresh_bench "$(grep -c '^kind: ' "$WORK/main.yaml")" "$LATENCY"
