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
. bench/refresh_common.sh
bench_prepare aws

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

run_refresh_bench "$((ROLES * 2 + 20 + TABLES))" "$LATENCY"
