#!/usr/bin/env bash
# What sharing the state costs (issue 21): requests and wall time of `plan` and of an `apply` of
# one change, with the state local only and shared through an S3 object (the sandbox's S3, LATENCY
# ms added per request), for a stack of RESOURCES mem databases. The mem provider makes no
# requests, so every request counted is the state backend's: pulls, the lock object, conditional
# PUTs and the release.
#   bench/state_remote_requests.sh [RESOURCES] [LATENCY_MS]      (defaults 200 50)
set -euo pipefail
cd "$(dirname "$0")/.."
RESOURCES=${1:-200}
LATENCY=${2:-50}
. bench/refresh_common.sh
bench_prepare stateremote

"$CW" -C "$WORK" sandbox start >/dev/null
URL=$("$CW" -C "$WORK" sandbox status | sed -E 's/.*(http[^ ]+).*/\1/')
eval "$("$CW" -C "$WORK" sandbox env)"
aws --endpoint-url "$URL" s3api create-bucket --bucket states >/dev/null
aws --endpoint-url "$URL" s3api put-bucket-versioning --bucket states \
  --versioning-configuration Status=Enabled >/dev/null

write_stack() {  # DIR EXTRA
  mkdir -p "$1"
  python3 - "$1/main.yaml" "$RESOURCES" "$2" "$WORK" <<'PY'
import sys
path, n, extra, work = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
out = [f"kind: providers\nspec:\n  mem: {{ path: {work}/live.json }}\n"]
for i in range(n):
    out.append(f"kind: mem.database\nname: db{i}\nspec: {{ name: db{i} }}\n")
if extra:
    out.append(f"kind: mem.database\nname: {extra}\nspec: {{ name: {extra} }}\n")
open(path, "w").write("---\n".join(out))
PY
}

requests() { admin GET counts | python3 -c 'import json,sys; print(json.load(sys.stdin)["total"])'; }

# row LABEL DIR [causeway args...]
row() {
  local label=$1 dir=$2
  shift 2
  admin POST counts/reset >/dev/null
  local t0 t1 rc=0
  t0=$(now)
  "$CW" -C "$dir" "$@" >/dev/null || rc=$?
  t1=$(now)
  [ "$rc" -le 2 ] || { echo "$label failed ($rc)"; exit 1; }
  printf '| %s | %s | %s |\n' "$label" "$(requests)" "$(elapsed "$t0" "$t1")"
}

REMOTE="s3://states/stack/state.json?endpoint=$URL"
write_stack "$WORK/local" ""
write_stack "$WORK/shared" ""
"$CW" -C "$WORK/local" apply --auto-approve >/dev/null
"$CW" -C "$WORK/shared" --state-remote "$REMOTE" apply --auto-approve >/dev/null
admin POST faults "{\"latency_ms\": $LATENCY}" >/dev/null

echo "$RESOURCES resources, $LATENCY ms added per request:"
echo "| command | requests | wall s |"
echo "| --- | --- | --- |"
row "plan, local state" "$WORK/local" plan --detailed-exitcode
row "plan, S3 state" "$WORK/shared" --state-remote "$REMOTE" plan --detailed-exitcode
write_stack "$WORK/local" extra
write_stack "$WORK/shared" extra
row "apply 1 change, local state" "$WORK/local" apply --auto-approve
row "apply 1 change, S3 state" "$WORK/shared" --state-remote "$REMOTE" apply --auto-approve
echo "state versions kept by the bucket: $(aws --endpoint-url "$URL" s3api list-object-versions \
  --bucket states --prefix stack/state.json --query 'length(Versions)' --output text)"
