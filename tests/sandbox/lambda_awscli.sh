#!/usr/bin/env bash
# Fidelity check of the sandbox's Lambda emulator with a client nobody here wrote: Debian's
# awscli. Runs every emulated Lambda operation, success and error paths, and checks the parsed
# output: create-function --zip-file fileb:// (CodeSha256 compared with one computed here by
# python), get-function, list-functions (paginated), update-function-configuration,
# update-function-code, add-permission / get-policy / remove-permission, delete-function; then an
# S3 notification to the function, refused until the function's policy lets S3 invoke it.
# Usage: lambda_awscli.sh http://127.0.0.1:PORT   (the sandbox must be running and empty)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/awscli_common.sh"

WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
python3 - "$WORK" <<'PY'
import sys, zipfile
for name, body in (("fn.zip", "def handler(e, c):\n    return 1\n"), ("fn2.zip", "def handler(e, c):\n    return 2\n")):
    with zipfile.ZipFile(f"{sys.argv[1]}/{name}", "w") as z:
        z.writestr("app.py", body)
PY
sha() { python3 -c "import base64,hashlib,sys; print(base64.b64encode(hashlib.sha256(open(sys.argv[1],'rb').read()).digest()).decode())" "$1"; }
SHA1="$(sha "$WORK/fn.zip")"
SHA2="$(sha "$WORK/fn2.zip")"
TRUST='{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com"},"Action":"sts:AssumeRole"}]}'
awsx iam create-role --role-name fn-role --assume-role-policy-document "$TRUST" >/dev/null
ROLE="arn:aws:iam::$ACCOUNT:role/fn-role"
ARN="arn:aws:lambda:us-east-1:$ACCOUNT:function:ingest"

# --- functions ---
awsx lambda create-function --function-name ingest --runtime python3.12 --handler app.handler \
  --role "$ROLE" --zip-file "fileb://$WORK/fn.zip" --environment 'Variables={STAGE=dev}' |
  check "create-function" "d['FunctionArn']=='$ARN' and d['CodeSha256']=='$SHA1' and d['Version']=='\$LATEST' and d['State']=='Active' and d['MemorySize']==128 and d['Timeout']==3 and d['Environment']['Variables']=={'STAGE':'dev'}"
expect_error ResourceConflictException lambda create-function --function-name ingest --runtime python3.12 \
  --handler app.handler --role "$ROLE" --zip-file "fileb://$WORK/fn.zip"
expect_error InvalidParameterValueException lambda create-function --function-name other --runtime python3.12 \
  --handler app.handler --role "arn:aws:iam::$ACCOUNT:role/ghost" --zip-file "fileb://$WORK/fn.zip"
expect_error ValidationException lambda create-function --function-name other --runtime python3.12 \
  --handler app.handler --role "$ROLE" --memory-size 20000 --zip-file "fileb://$WORK/fn.zip"
expect_error ValidationException lambda create-function --function-name other --runtime python3.12 \
  --handler app.handler --role "$ROLE" --timeout 901 --zip-file "fileb://$WORK/fn.zip"
# (awscli itself refuses a --zip-file that is not a zip archive, so the sandbox's own check is
# covered by tests/sandbox/lambda_service_test.cc.)
expect_error InvalidParameterValueException lambda create-function --function-name other --runtime python3.12 \
  --handler app.handler --role "$ROLE" --code S3Bucket=ghost-bucket,S3Key=fn.zip
awsx lambda get-function --function-name ingest |
  check "get-function" "d['Configuration']['CodeSha256']=='$SHA1' and d['Configuration']['CodeSize']>0 and d['Code']['RepositoryType']=='S3'"
awsx lambda get-function --function-name "$ARN" | check "get-function by ARN" "d['Configuration']['FunctionName']=='ingest'"
expect_error ResourceNotFoundException lambda get-function --function-name ghost
expect_error ResourceNotFoundException lambda get-function-configuration --function-name ingest --qualifier 3
for f in alpha beta; do
  awsx lambda create-function --function-name "$f" --runtime nodejs20.x --handler index.handler \
    --role "$ROLE" --zip-file "fileb://$WORK/fn.zip" >/dev/null
done
awsx lambda list-functions --page-size 1 |
  check "list-functions paginates (page size 1)" "sorted(f['FunctionName'] for f in d['Functions'])==['alpha','beta','ingest']"
awsx lambda list-functions --max-items 2 |
  check "list-functions max-items returns a NextToken" "len(d['Functions'])==2 and 'NextToken' in d"
awsx lambda update-function-configuration --function-name ingest --memory-size 512 --timeout 60 \
  --description "csv ingest" |
  check "update-function-configuration" "d['MemorySize']==512 and d['Timeout']==60 and d['Description']=='csv ingest' and d['Environment']['Variables']=={'STAGE':'dev'}"
awsx lambda get-function-configuration --function-name ingest |
  check "get-function-configuration after update" "d['MemorySize']==512 and d['CodeSha256']=='$SHA1'"
expect_error ValidationException lambda update-function-configuration --function-name ingest --memory-size 20000
expect_error ResourceNotFoundException lambda update-function-configuration --function-name ghost --timeout 5
awsx lambda update-function-code --function-name ingest --zip-file "fileb://$WORK/fn2.zip" |
  check "update-function-code" "d['CodeSha256']=='$SHA2' and d['MemorySize']==512"

# --- permissions ---
expect_error ResourceNotFoundException lambda get-policy --function-name ingest
awsx lambda add-permission --function-name ingest --statement-id s3-landing --action lambda:InvokeFunction \
  --principal s3.amazonaws.com --source-arn arn:aws:s3:::landing --source-account "$ACCOUNT" |
  check "add-permission" "json.loads(d['Statement'])['Principal']=={'Service':'s3.amazonaws.com'} and json.loads(d['Statement'])['Condition']['ArnLike']=={'AWS:SourceArn':'arn:aws:s3:::landing'}"
expect_error ResourceConflictException lambda add-permission --function-name ingest --statement-id s3-landing \
  --action lambda:InvokeFunction --principal s3.amazonaws.com
expect_error ResourceNotFoundException lambda add-permission --function-name ghost --statement-id x \
  --action lambda:InvokeFunction --principal s3.amazonaws.com
awsx lambda get-policy --function-name ingest |
  check "get-policy" "[s['Sid'] for s in json.loads(d['Policy'])['Statement']]==['s3-landing'] and json.loads(d['Policy'])['Statement'][0]['Resource']=='$ARN' and d['RevisionId']"

# --- S3 notification to the function ---
awsx s3api create-bucket --bucket landing >/dev/null
awsx s3api create-bucket --bucket elsewhere >/dev/null
NOTIFY='{"LambdaFunctionConfigurations":[{"LambdaFunctionArn":"'$ARN'","Events":["s3:ObjectCreated:*"]}]}'
awsx s3api put-bucket-notification-configuration --bucket landing --notification-configuration "$NOTIFY" |
  check "S3 accepts the function it may invoke" "d is None or d=={}"
expect_error InvalidArgument s3api put-bucket-notification-configuration --bucket elsewhere \
  --notification-configuration "$NOTIFY"

awsx lambda remove-permission --function-name ingest --statement-id s3-landing |
  check "remove-permission" "d is None or d=={} or d=={'StatusCode':204}"
expect_error ResourceNotFoundException lambda remove-permission --function-name ingest --statement-id s3-landing
expect_error InvalidArgument s3api put-bucket-notification-configuration --bucket landing \
  --notification-configuration "$NOTIFY"

# awscli reports the 204 of DeleteFunction as {"StatusCode": 204}.
awsx lambda delete-function --function-name ingest | check "delete-function" "d is None or d=={} or d=={'StatusCode':204}"
expect_error ResourceNotFoundException lambda delete-function --function-name ingest
awsx lambda list-functions | check "list-functions after delete" "sorted(f['FunctionName'] for f in d['Functions'])==['alpha','beta']"

echo "lambda awscli fidelity: $STEPS checks, $FAILS failed"
[[ $FAILS -eq 0 ]]
