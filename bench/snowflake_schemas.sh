#!/usr/bin/env bash
# The case Snowflake's Terraform provider publishes (issue 18): SCHEMAS schemas in one database at
# LATENCY ms per request (default 4,000 at 350 ms; Terraform there: plan 9 min 57 s, apply 19 min,
# state 33 MB). Measures, on the local sandbox with that latency injected:
#   1. apply from nothing (with --parallelism PARALLELISM if given, else the default: the steps
#      in flight the Snowflake provider asks for): wall time and requests;
#   2. a no-op plan in bulk mode and with --refresh-mode per-resource: wall time and requests;
#   3. the size of the state file.
#   bench/snowflake_schemas.sh [SCHEMAS] [LATENCY_MS] [PARALLELISM]
set -euo pipefail
cd "$(dirname "$0")/.."
SCHEMAS=${1:-4000}
LATENCY=${2:-350}
PARALLELISM=${3:-}
. bench/refresh_common.sh
bench_prepare sfschemas

python3 - "$WORK/main.yaml" "$SCHEMAS" <<'PY'
import sys
path, schemas = sys.argv[1], int(sys.argv[2])
out = ["kind: providers\nspec:\n  snowflake: { endpoint: sandbox }\n",
       "kind: snowflake.database\nname: db\nspec:\n  name: terraform_case\n"]
for s in range(schemas):
    out.append(f"kind: snowflake.schema\nname: s{s}\nspec:\n"
               f"  database: ${{snowflake.database.db.name}}\n  name: schema_{s}\n")
open(path, "w").write("---\n".join(out))
PY

"$CW" -C "$WORK" sandbox start >/dev/null
URL=$("$CW" -C "$WORK" sandbox status | sed -E 's/.*(http[^ ]+).*/\1/')
admin POST faults "{\"latency_ms\": $LATENCY}" >/dev/null
admin POST counts/reset >/dev/null
start=$(now)
"$CW" -C "$WORK" apply --auto-approve ${PARALLELISM:+--parallelism "$PARALLELISM"} >/dev/null
apply_s=$(elapsed "$start" "$(now)")
apply_requests=$(admin GET counts | python3 -c 'import json,sys; print(json.load(sys.stdin)["total"])')
echo "apply of $((SCHEMAS + 1)) resources from nothing, $LATENCY ms per request, parallelism ${PARALLELISM:-default}:"
echo "  $apply_s s, $apply_requests requests"
echo
echo "no-op plan, $LATENCY ms added latency per request:"
echo "| refresh mode | requests | wall s |"
echo "| --- | --- | --- |"
measure bulk
measure per-resource
echo
state=$(find "$WORK/.causeway" -maxdepth 1 -name state.json -printf '%s')
echo "state file: $state bytes"
