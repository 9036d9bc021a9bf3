#!/usr/bin/env bash
# Fidelity check of the sandbox's IAM and STS emulators with a client nobody here wrote: Debian's
# awscli. Runs every emulated operation, success and error paths, and checks the parsed output.
# Usage: iam_sts_awscli.sh http://127.0.0.1:PORT   (the sandbox must be running and empty)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/awscli_common.sh"

TRUST='{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:root"},"Action":"sts:AssumeRole","Condition":{"StringEquals":{"sts:ExternalId":"ext-42"}}}]}'
OPEN_TRUST='{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"123456789012"},"Action":"sts:AssumeRole"}]}'
POLICY='{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:GetObject","s3:ListBucket"],"Resource":["arn:aws:s3:::lake","arn:aws:s3:::lake/*"]}]}'

# --- roles ---
awsx iam create-role --role-name snowflake-access --path /causeway/ \
  --assume-role-policy-document "$TRUST" --description "Snowflake storage integration" \
  --max-session-duration 7200 --tags Key=team,Value=data Key=env,Value=dev |
  check "create-role" "d['Role']['Arn']=='arn:aws:iam::$ACCOUNT:role/causeway/snowflake-access' and d['Role']['RoleId'].startswith('AROA') and d['Role']['AssumeRolePolicyDocument']['Statement'][0]['Condition']['StringEquals']['sts:ExternalId']=='ext-42' and d['Role']['MaxSessionDuration']==7200"
expect_error EntityAlreadyExists iam create-role --role-name snowflake-access --assume-role-policy-document "$TRUST"
expect_error MalformedPolicyDocument iam create-role --role-name bad --assume-role-policy-document '{"Statement":'
expect_error ValidationError iam create-role --role-name bad --path nope --assume-role-policy-document "$TRUST"
awsx iam get-role --role-name snowflake-access |
  check "get-role" "d['Role']['Description']=='Snowflake storage integration' and {t['Key']:t['Value'] for t in d['Role']['Tags']}=={'team':'data','env':'dev'} and 'CreateDate' in d['Role']"
expect_error NoSuchEntity iam get-role --role-name ghost
awsx iam update-role --role-name snowflake-access --description "changed" --max-session-duration 3600 |
  check "update-role" "d is None or d=={}"
awsx iam update-role-description --role-name snowflake-access --description "changed again" |
  check "update-role-description" "d['Role']['Description']=='changed again'"
expect_error NoSuchEntity iam update-role --role-name ghost --description x

for i in 1 2 3 4 5; do
  awsx iam create-role --role-name "bulk-$i" --assume-role-policy-document "$OPEN_TRUST" >/dev/null
done
awsx iam list-roles --page-size 2 |
  check "list-roles paginates (page size 2)" "sorted(r['RoleName'] for r in d['Roles'])==['bulk-1','bulk-2','bulk-3','bulk-4','bulk-5','snowflake-access']"
awsx iam list-roles --max-items 2 |
  check "list-roles max-items returns a NextToken" "len(d['Roles'])==2 and 'NextToken' in d"
awsx iam list-roles --path-prefix /causeway/ |
  check "list-roles path prefix" "[r['RoleName'] for r in d['Roles']]==['snowflake-access']"

# --- tags ---
awsx iam tag-role --role-name snowflake-access --tags Key=owner,Value=lake | check "tag-role" "d is None or d=={}"
awsx iam untag-role --role-name snowflake-access --tag-keys env | check "untag-role" "d is None or d=={}"
awsx iam list-role-tags --role-name snowflake-access |
  check "list-role-tags" "{t['Key']:t['Value'] for t in d['Tags']}=={'team':'data','owner':'lake'}"
expect_error NoSuchEntity iam list-role-tags --role-name ghost

# --- trust policy ---
awsx iam update-assume-role-policy --role-name bulk-1 --policy-document "$TRUST" | check "update-assume-role-policy" "d is None or d=={}"
expect_error MalformedPolicyDocument iam update-assume-role-policy --role-name bulk-1 --policy-document '{"Statement":[{"Effect":"Allow","Principal":"*","Action":"sts:AssumeRole","Resource":"*"}]}'
awsx iam get-role --role-name bulk-1 |
  check "trust policy updated" "d['Role']['AssumeRolePolicyDocument']['Statement'][0]['Condition']['StringEquals']['sts:ExternalId']=='ext-42'"

# --- inline policies ---
awsx iam put-role-policy --role-name snowflake-access --policy-name lake-read --policy-document "$POLICY" | check "put-role-policy" "d is None or d=={}"
expect_error MalformedPolicyDocument iam put-role-policy --role-name snowflake-access --policy-name p --policy-document 'not json'
expect_error NoSuchEntity iam put-role-policy --role-name ghost --policy-name p --policy-document "$POLICY"
awsx iam get-role-policy --role-name snowflake-access --policy-name lake-read |
  check "get-role-policy" "d['PolicyName']=='lake-read' and d['PolicyDocument']['Statement'][0]['Action']==['s3:GetObject','s3:ListBucket']"
expect_error NoSuchEntity iam get-role-policy --role-name snowflake-access --policy-name nope
awsx iam list-role-policies --role-name snowflake-access | check "list-role-policies" "d['PolicyNames']==['lake-read']"
expect_error DeleteConflict iam delete-role --role-name snowflake-access

# --- managed policies ---
awsx iam create-policy --policy-name lake-write --path /causeway/ --policy-document "$POLICY" --description "write" |
  check "create-policy" "d['Policy']['Arn']=='arn:aws:iam::$ACCOUNT:policy/causeway/lake-write' and d['Policy']['DefaultVersionId']=='v1' and d['Policy']['PolicyId'].startswith('ANPA')"
PARN="arn:aws:iam::$ACCOUNT:policy/causeway/lake-write"
expect_error EntityAlreadyExists iam create-policy --policy-name lake-write --policy-document "$POLICY"
expect_error MalformedPolicyDocument iam create-policy --policy-name other --policy-document '{"Statement":[{"Effect":"Allow","Action":"s3:*"}]}'
awsx iam get-policy --policy-arn "$PARN" | check "get-policy" "d['Policy']['AttachmentCount']==0 and d['Policy']['IsAttachable']==True"
expect_error NoSuchEntity iam get-policy --policy-arn "arn:aws:iam::$ACCOUNT:policy/ghost"
awsx iam list-policies --scope Local | check "list-policies local" "[p['PolicyName'] for p in d['Policies']]==['lake-write']"
awsx iam create-policy-version --policy-arn "$PARN" --policy-document "$POLICY" --set-as-default |
  check "create-policy-version" "d['PolicyVersion']['VersionId']=='v2' and d['PolicyVersion']['IsDefaultVersion']==True"
awsx iam get-policy-version --policy-arn "$PARN" --version-id v1 |
  check "get-policy-version" "d['PolicyVersion']['Document']['Statement'][0]['Resource'][0]=='arn:aws:s3:::lake' and d['PolicyVersion']['IsDefaultVersion']==False"
expect_error NoSuchEntity iam get-policy-version --policy-arn "$PARN" --version-id v9
awsx iam list-policy-versions --policy-arn "$PARN" | check "list-policy-versions" "[v['VersionId'] for v in d['Versions']]==['v2','v1']"
expect_error DeleteConflict iam delete-policy-version --policy-arn "$PARN" --version-id v2
awsx iam set-default-policy-version --policy-arn "$PARN" --version-id v1 | check "set-default-policy-version" "d is None or d=={}"
awsx iam delete-policy-version --policy-arn "$PARN" --version-id v2 | check "delete-policy-version" "d is None or d=={}"

# --- attachments ---
awsx iam attach-role-policy --role-name snowflake-access --policy-arn "$PARN" | check "attach-role-policy" "d is None or d=={}"
expect_error NoSuchEntity iam attach-role-policy --role-name snowflake-access --policy-arn "arn:aws:iam::$ACCOUNT:policy/ghost"
awsx iam list-attached-role-policies --role-name snowflake-access |
  check "list-attached-role-policies" "d['AttachedPolicies']==[{'PolicyName':'lake-write','PolicyArn':'$PARN'}]"
expect_error DeleteConflict iam delete-policy --policy-arn "$PARN"

# --- account authorization details ---
awsx iam get-account-authorization-details --filter Role LocalManagedPolicy --page-size 2 |
  check "get-account-authorization-details" "len(d['RoleDetailList'])==6 and [p['PolicyName'] for p in d['Policies']]==['lake-write'] and [r for r in d['RoleDetailList'] if r['RoleName']=='snowflake-access'][0]['RolePolicyList'][0]['PolicyDocument']['Version']=='2012-10-17' and [r for r in d['RoleDetailList'] if r['RoleName']=='snowflake-access'][0]['AttachedManagedPolicies'][0]['PolicyArn']=='$PARN'"

# --- STS ---
awsx sts get-caller-identity | check "get-caller-identity (root)" "d=={'UserId':'$ACCOUNT','Account':'$ACCOUNT','Arn':'arn:aws:iam::$ACCOUNT:root'}"
CREDS="$(awsx sts assume-role --role-arn "arn:aws:iam::$ACCOUNT:role/causeway/snowflake-access" --role-session-name fidelity --external-id ext-42 --duration-seconds 900)"
check "assume-role" "d['Credentials']['AccessKeyId'].startswith('ASIA') and d['AssumedRoleUser']['Arn']=='arn:aws:sts::$ACCOUNT:assumed-role/snowflake-access/fidelity' and 'Expiration' in d['Credentials']" <<< "$CREDS"
expect_error AccessDenied sts assume-role --role-arn "arn:aws:iam::$ACCOUNT:role/causeway/snowflake-access" --role-session-name fidelity --external-id wrong-id
expect_error AccessDenied sts assume-role --role-arn "arn:aws:iam::$ACCOUNT:role/causeway/snowflake-access" --role-session-name fidelity
expect_error AccessDenied sts assume-role --role-arn "arn:aws:iam::$ACCOUNT:role/ghost" --role-session-name fidelity
SESSION_JSON="$(AWS_ACCESS_KEY_ID="$(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["Credentials"]["AccessKeyId"])' "$CREDS")" \
  AWS_SECRET_ACCESS_KEY="$(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["Credentials"]["SecretAccessKey"])' "$CREDS")" \
  AWS_SESSION_TOKEN="$(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["Credentials"]["SessionToken"])' "$CREDS")" \
  awsx sts get-caller-identity)"
check "get-caller-identity (temporary credentials)" "d['Arn']=='arn:aws:sts::$ACCOUNT:assumed-role/snowflake-access/fidelity' and d['UserId'].endswith(':fidelity')" <<< "$SESSION_JSON"

# --- auth failures ---
STEPS=$((STEPS + 1))
if err="$(AWS_SECRET_ACCESS_KEY=wrong-secret awsx iam list-roles 2>&1 >/dev/null)" || [[ "$err" != *"(SignatureDoesNotMatch)"* ]]; then
  echo "FAIL: wrong secret: $err" >&2; FAILS=$((FAILS + 1))
fi
STEPS=$((STEPS + 1))
if err="$(AWS_ACCESS_KEY_ID=AKIDNOBODY awsx sts get-caller-identity 2>&1 >/dev/null)" || [[ "$err" != *"(InvalidClientTokenId)"* ]]; then
  echo "FAIL: unknown key: $err" >&2; FAILS=$((FAILS + 1))
fi

# --- teardown: detach, delete in dependency order ---
awsx iam detach-role-policy --role-name snowflake-access --policy-arn "$PARN" | check "detach-role-policy" "d is None or d=={}"
expect_error NoSuchEntity iam detach-role-policy --role-name snowflake-access --policy-arn "$PARN"
awsx iam delete-role-policy --role-name snowflake-access --policy-name lake-read | check "delete-role-policy" "d is None or d=={}"
expect_error NoSuchEntity iam delete-role-policy --role-name snowflake-access --policy-name lake-read
awsx iam delete-policy --policy-arn "$PARN" | check "delete-policy" "d is None or d=={}"
awsx iam delete-role --role-name snowflake-access | check "delete-role" "d is None or d=={}"
expect_error NoSuchEntity iam delete-role --role-name snowflake-access

echo "awscli fidelity: $((STEPS - FAILS))/$STEPS checks passed"
[[ $FAILS -eq 0 ]]
