#!/usr/bin/env bash
# Refresh benchmark for seed 003's kinds (issue 20): PIPELINES copies of the pipeline -- a raw
# bucket with its notification, a Lambda function (packaged from a local directory) and its
# permission, a state machine, a Glue job and its script object, an S3 Tables namespace and table
# -- over shared roles, a lake bucket and a table bucket, on the local sandbox with LATENCY ms added
# per request. Reports requests and wall time of a no-op `plan` in bulk mode and with
# `--refresh-mode per-resource` (one read per object on 10 threads, the way Terraform refreshes).
#   bench/aws_pipeline_refresh.sh [PIPELINES] [LATENCY_MS]      (defaults 50 50)
set -euo pipefail
cd "$(dirname "$0")/.."
PIPELINES=${1:-50}
LATENCY=${2:-50}
. bench/refresh_common.sh
bench_prepare awspipeline

mkdir -p "$WORK/lambdas" "$WORK/scripts"
printf 'def handler(event, context):\n    return event\n' >"$WORK/lambdas/app.py"
printf 'print("csv to iceberg")\n' >"$WORK/scripts/job.py"
python3 - "$WORK/main.yaml" "$PIPELINES" <<'PY'
import sys
path, pipelines = sys.argv[1], int(sys.argv[2])
def role(name, service):
    return f"""kind: aws.iam.role
name: {name}
spec:
  role_name: bench-{name}
  assume_role_policy:
    Statement:
      - {{ Effect: Allow, Principal: {{ Service: {service} }}, Action: sts:AssumeRole }}
"""
out = ["kind: providers\nspec:\n  aws: { region: us-east-1, endpoint: sandbox }\n",
       role("glue", "glue.amazonaws.com"), role("states", "states.amazonaws.com"),
       role("lambda", "lambda.amazonaws.com"),
       "kind: aws.s3.bucket\nname: lake\nlifecycle: { allow_destroy: true }\nspec: { bucket: bench-pipeline-lake }\n",
       "kind: aws.s3tables.table_bucket\nname: tables\nlifecycle: { allow_destroy: true }\nspec: { name: bench-pipeline-tables }\n"]
for i in range(pipelines):
    out.append(f"kind: aws.s3.bucket\nname: raw{i}\nlifecycle: {{ allow_destroy: true }}\nspec: {{ bucket: bench-raw-{i} }}\n")
    out.append(f"""kind: aws.s3.object
name: script{i}
spec: {{ bucket: "${{aws.s3.bucket.lake.bucket}}", key: "scripts/job{i}.py", source: scripts/job.py }}
""")
    out.append(f"""kind: aws.glue.job
name: job{i}
spec:
  name: bench-job-{i}
  role: ${{aws.iam.role.glue.arn}}
  script_location: ${{aws.s3.object.script{i}.uri}}
  default_arguments: {{ --datalake-formats: iceberg }}
""")
    out.append(f"""kind: aws.sfn.state_machine
name: machine{i}
spec:
  name: bench-machine-{i}
  role: ${{aws.iam.role.states.arn}}
  definition:
    StartAt: Run
    States:
      Run:
        Type: Task
        Resource: "arn:aws:states:::glue:startJobRun.sync"
        Parameters: {{ JobName: "${{aws.glue.job.job{i}.name}}" }}
        End: true
""")
    out.append(f"""kind: aws.lambda.function
name: trigger{i}
spec:
  function_name: bench-trigger-{i}
  runtime: python3.12
  handler: app.handler
  role: ${{aws.iam.role.lambda.arn}}
  code_path: lambdas
  environment: {{ STATE_MACHINE_ARN: "${{aws.sfn.state_machine.machine{i}.arn}}" }}
""")
    out.append(f"""kind: aws.lambda.permission
name: invoke{i}
spec:
  function_name: ${{aws.lambda.function.trigger{i}.function_name}}
  statement_id: s3-invokes
  principal: s3.amazonaws.com
  source_arn: "arn:aws:s3:::${{aws.s3.bucket.raw{i}.bucket}}"
""")
    out.append(f"""kind: aws.s3.bucket_notification
name: raw{i}
spec:
  bucket: ${{aws.s3.bucket.raw{i}.bucket}}
  lambda_functions:
    - {{ lambda_function_arn: "${{aws.lambda.function.trigger{i}.arn}}", events: ["s3:ObjectCreated:*"], filter_suffix: .csv }}
depends_on: [aws.lambda.permission.invoke{i}]
""")
    out.append(f"""kind: aws.s3tables.namespace
name: ns{i}
lifecycle: {{ allow_destroy: true }}
spec: {{ table_bucket_arn: "${{aws.s3tables.table_bucket.tables.arn}}", namespace: ns{i} }}
""")
    out.append(f"""kind: aws.s3tables.table
name: table{i}
lifecycle: {{ allow_destroy: true }}
spec:
  table_bucket_arn: ${{aws.s3tables.table_bucket.tables.arn}}
  namespace: ${{aws.s3tables.namespace.ns{i}.namespace}}
  name: trips
  schema: [{{ name: trip_id, type: string }}, {{ name: fare, type: double }}]
""")
open(path, "w").write("---\n".join(out))
print(f"{len(out) - 1} resources")
PY

run_refresh_bench "$(grep -c '^kind: ' "$WORK/main.yaml")" "$LATENCY"
