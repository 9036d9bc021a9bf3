#!/usr/bin/env bash
# Fidelity check of the sandbox's Step Functions emulator with a client nobody here wrote:
# Debian's awscli. Drives every emulated state machine operation (create/describe/list/update/
# delete, tags), success and error paths (invalid definition, name and ARN, a role Step Functions
# cannot assume, a missing machine, a bad page token), and checks the parsed output with python3.
# Usage: sfn_awscli.sh http://127.0.0.1:PORT   (the sandbox must be running and empty)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/awscli_common.sh"

TRUST='{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"states.amazonaws.com"},"Action":"sts:AssumeRole"}]}'
awsx iam create-role --role-name sfn-pipeline --assume-role-policy-document "$TRUST" >/dev/null
ROLE="arn:aws:iam::$ACCOUNT:role/sfn-pipeline"
ARN="arn:aws:states:us-east-1:$ACCOUNT:stateMachine:pipeline"
DEF='{"StartAt":"Run","States":{"Run":{"Type":"Task","Resource":"arn:aws:states:::glue:startJobRun.sync","Parameters":{"JobName":"csv-to-iceberg"},"Next":"Done"},"Done":{"Type":"Succeed"}}}'
PASS='{"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}}'
LOGS="arn:aws:logs:us-east-1:$ACCOUNT:log-group:/sfn/pipeline:*"

# --- create / describe ---
awsx stepfunctions create-state-machine --name pipeline --definition "$DEF" --role-arn "$ROLE" --type STANDARD |
  check "create-state-machine" "d['stateMachineArn']=='$ARN' and 'creationDate' in d"
awsx stepfunctions create-state-machine --name pipeline --definition "$DEF" --role-arn "$ROLE" |
  check "create-state-machine is idempotent for the same definition" "d['stateMachineArn']=='$ARN'"
expect_error StateMachineAlreadyExists stepfunctions create-state-machine --name pipeline --definition "$PASS" --role-arn "$ROLE"
expect_error InvalidDefinition stepfunctions create-state-machine --name broken --definition '{"StartAt":"Nowhere","States":{"A":{"Type":"Pass","End":true}}}' --role-arn "$ROLE"
expect_error InvalidDefinition stepfunctions create-state-machine --name broken --definition '{"StartAt":"A","States":{"A":{"Type":"Sleep","End":true}}}' --role-arn "$ROLE"
expect_error InvalidDefinition stepfunctions create-state-machine --name broken --definition 'not json' --role-arn "$ROLE"
expect_error InvalidName stepfunctions create-state-machine --name 'bad name' --definition "$DEF" --role-arn "$ROLE"
expect_error InvalidArn stepfunctions create-state-machine --name other --definition "$DEF" --role-arn sfn-pipeline
expect_error AccessDeniedException stepfunctions create-state-machine --name other --definition "$DEF" --role-arn "arn:aws:iam::$ACCOUNT:role/nobody"
expect_error InvalidLoggingConfiguration stepfunctions create-state-machine --name other --definition "$DEF" --role-arn "$ROLE" --logging-configuration level=ALL
awsx stepfunctions describe-state-machine --state-machine-arn "$ARN" |
  check "describe-state-machine" "d['name']=='pipeline' and json.loads(d['definition'])['StartAt']=='Run' and d['roleArn']=='$ROLE' and d['type']=='STANDARD' and d['status']=='ACTIVE' and d['loggingConfiguration']['level']=='OFF' and 'creationDate' in d"
expect_error StateMachineDoesNotExist stepfunctions describe-state-machine --state-machine-arn "arn:aws:states:us-east-1:$ACCOUNT:stateMachine:ghost"
expect_error InvalidArn stepfunctions describe-state-machine --state-machine-arn "arn:aws:glue:us-east-1:$ACCOUNT:job/pipeline"

# --- list ---
for n in alpha beta; do
  awsx stepfunctions create-state-machine --name "$n" --definition "$PASS" --role-arn "$ROLE" --type EXPRESS >/dev/null
done
awsx stepfunctions list-state-machines --page-size 1 |
  check "list-state-machines paginates (page size 1)" "[m['name'] for m in d['stateMachines']]==['alpha','beta','pipeline'] and [m['type'] for m in d['stateMachines']]==['EXPRESS','EXPRESS','STANDARD']"
awsx stepfunctions list-state-machines --max-items 2 |
  check "list-state-machines max-items returns a NextToken" "len(d['stateMachines'])==2 and 'NextToken' in d"
expect_error InvalidToken stepfunctions list-state-machines --no-paginate --next-token bogus

# --- update ---
awsx stepfunctions update-state-machine --state-machine-arn "$ARN" --definition "$PASS" \
  --logging-configuration "{\"level\":\"ERROR\",\"includeExecutionData\":true,\"destinations\":[{\"cloudWatchLogsLogGroup\":{\"logGroupArn\":\"$LOGS\"}}]}" |
  check "update-state-machine" "'updateDate' in d"
awsx stepfunctions describe-state-machine --state-machine-arn "$ARN" |
  check "update-state-machine stored definition and logging" "json.loads(d['definition'])=={'StartAt':'P','States':{'P':{'Type':'Pass','End':True}}} and d['loggingConfiguration']=={'level':'ERROR','includeExecutionData':True,'destinations':[{'cloudWatchLogsLogGroup':{'logGroupArn':'$LOGS'}}]}"
expect_error InvalidDefinition stepfunctions update-state-machine --state-machine-arn "$ARN" --definition '{"StartAt":"A"}'
expect_error MissingRequiredParameter stepfunctions update-state-machine --state-machine-arn "$ARN"
expect_error StateMachineDoesNotExist stepfunctions update-state-machine --state-machine-arn "arn:aws:states:us-east-1:$ACCOUNT:stateMachine:ghost" --definition "$PASS"

# --- tags ---
awsx stepfunctions tag-resource --resource-arn "$ARN" --tags key=team,value=data | check "tag-resource" "d is None or d=={}"
awsx stepfunctions list-tags-for-resource --resource-arn "$ARN" |
  check "list-tags-for-resource" "d['tags']==[{'key':'team','value':'data'}]"
expect_error ResourceNotFound stepfunctions list-tags-for-resource --resource-arn "arn:aws:states:us-east-1:$ACCOUNT:stateMachine:ghost"

# --- delete ---
awsx stepfunctions delete-state-machine --state-machine-arn "$ARN" | check "delete-state-machine" "d is None or d=={}"
expect_error StateMachineDoesNotExist stepfunctions describe-state-machine --state-machine-arn "$ARN"
awsx stepfunctions delete-state-machine --state-machine-arn "$ARN" | check "delete-state-machine of a missing machine succeeds, as on AWS" "d is None or d=={}"
awsx stepfunctions list-state-machines |
  check "deleted machine is gone" "[m['name'] for m in d['stateMachines']]==['alpha','beta']"

echo "awscli stepfunctions fidelity: $((STEPS - FAILS))/$STEPS checks passed"
[[ $FAILS -eq 0 ]]
