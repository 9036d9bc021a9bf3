#!/usr/bin/env bash
# Fidelity check of the sandbox's Athena emulator with a client nobody here wrote: Debian's awscli.
# Drives every emulated workgroup operation (create/get/list/update/delete), success and error
# paths, and checks the parsed output with python3.
# Usage: athena_awscli.sh http://127.0.0.1:PORT   (the sandbox must be running and empty)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/awscli_common.sh"

# --- create / get ---
awsx athena create-work-group --name analytics --description "BI queries" \
  --configuration 'ResultConfiguration={OutputLocation=s3://results/athena/},EnforceWorkGroupConfiguration=true,PublishCloudWatchMetricsEnabled=false,BytesScannedCutoffPerQuery=10000000000' \
  --tags Key=team,Value=bi |
  check "create-work-group" "d is None or d=={}"
expect_error InvalidRequestException athena create-work-group --name analytics
expect_error InvalidRequestException athena create-work-group --name 'bad name'
awsx athena get-work-group --work-group analytics |
  check "get-work-group" "d['WorkGroup']['Name']=='analytics' and d['WorkGroup']['State']=='ENABLED' and d['WorkGroup']['Description']=='BI queries' and d['WorkGroup']['Configuration']['ResultConfiguration']['OutputLocation']=='s3://results/athena/' and d['WorkGroup']['Configuration']['EnforceWorkGroupConfiguration'] is True and d['WorkGroup']['Configuration']['PublishCloudWatchMetricsEnabled'] is False and d['WorkGroup']['Configuration']['BytesScannedCutoffPerQuery']==10000000000 and 'CreationTime' in d['WorkGroup']"
awsx athena get-work-group --work-group primary |
  check "primary workgroup exists" "d['WorkGroup']['Name']=='primary'"
STEPS=$((STEPS + 1))
if err="$(awsx athena get-work-group --work-group ghost 2>&1 >/dev/null)" || [[ "$err" != *"(InvalidRequestException)"*"WorkGroup ghost is not found."* ]]; then
  echo "FAIL: get-work-group ghost: $err" >&2; FAILS=$((FAILS + 1))
fi

# --- list ---
for i in 1 2 3; do awsx athena create-work-group --name "bulk-$i" >/dev/null; done
awsx athena list-work-groups |
  check "list-work-groups" "sorted(w['Name'] for w in d['WorkGroups'])==['analytics','bulk-1','bulk-2','bulk-3','primary'] and all('Configuration' not in w for w in d['WorkGroups'])"
awsx athena list-work-groups --max-results 2 |
  check "list-work-groups page" "len(d['WorkGroups'])==2 and 'NextToken' in d"
TOKEN="$(awsx athena list-work-groups --max-results 2 | python3 -c 'import json,sys; print(json.load(sys.stdin)["NextToken"])')"
awsx athena list-work-groups --max-results 2 --next-token "$TOKEN" |
  check "list-work-groups second page" "len(d['WorkGroups'])==2 and d['WorkGroups'][0]['Name']=='bulk-2'"
expect_error InvalidRequestException athena list-work-groups --max-results 51

# --- update ---
awsx athena update-work-group --work-group analytics --description changed --state DISABLED \
  --configuration-updates 'ResultConfigurationUpdates={RemoveOutputLocation=true},PublishCloudWatchMetricsEnabled=true,RemoveBytesScannedCutoffPerQuery=true' |
  check "update-work-group" "d is None or d=={}"
awsx athena get-work-group --work-group analytics |
  check "update-work-group took effect" "d['WorkGroup']['Description']=='changed' and d['WorkGroup']['State']=='DISABLED' and 'OutputLocation' not in d['WorkGroup']['Configuration']['ResultConfiguration'] and d['WorkGroup']['Configuration']['PublishCloudWatchMetricsEnabled'] is True and 'BytesScannedCutoffPerQuery' not in d['WorkGroup']['Configuration']"
expect_error InvalidRequestException athena update-work-group --work-group ghost --description x
expect_error InvalidRequestException athena update-work-group --work-group analytics --state PAUSED

# --- delete ---
awsx athena delete-work-group --work-group analytics --recursive-delete-option | check "delete-work-group" "d is None or d=={}"
expect_error InvalidRequestException athena delete-work-group --work-group analytics
expect_error InvalidRequestException athena delete-work-group --work-group primary
awsx athena list-work-groups |
  check "deleted workgroup is gone" "'analytics' not in [w['Name'] for w in d['WorkGroups']]"

echo "awscli athena fidelity: $((STEPS - FAILS))/$STEPS checks passed"
[[ $FAILS -eq 0 ]]
