#!/usr/bin/env bash
# Fidelity check of the sandbox's S3 emulator with a client nobody here wrote: Debian's awscli.
# Drives every emulated operation through `aws s3api` (success and error paths) and the
# high-level `aws s3 ls/cp/rm` commands, and checks the parsed output with python3.
# Usage: s3_awscli.sh http://127.0.0.1:PORT   (the sandbox must be running and hold no buckets)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/awscli_common.sh"
WORK="$(mktemp -d /tmp/s3-awscli.XXXXXX)"
trap 'rm -rf "$WORK"' EXIT

# check_text "<description>" "<expected>" <<< "$text"
check_text() {
  local what="$1" want="$2" got
  got="$(cat)"
  STEPS=$((STEPS + 1))
  if [[ "$got" != "$want" ]]; then
    echo "FAIL: $what: expected [$want], got [$got]" >&2
    FAILS=$((FAILS + 1))
  fi
}

B=lake-raw
POLICY='{"Version":"2012-10-17","Statement":[{"Sid":"Read","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:role/reader"},"Action":["s3:GetObject"],"Resource":"arn:aws:s3:::lake-raw/*"}]}'

# --- buckets ---
awsx s3api list-buckets | check "list-buckets starts empty" "d['Buckets']==[] and 'Owner' in d"
awsx s3api create-bucket --bucket "$B" | check "create-bucket" "d['Location']=='/$B'"
expect_error BucketAlreadyOwnedByYou s3api create-bucket --bucket "$B"
expect_error InvalidBucketName s3api create-bucket --bucket Bad_Name
awsx --region eu-west-1 s3api create-bucket --bucket lake-eu \
  --create-bucket-configuration LocationConstraint=eu-west-1 |
  check "create-bucket with LocationConstraint" "d['Location']=='/lake-eu'"
expect_error IllegalLocationConstraintException --region eu-west-1 s3api create-bucket --bucket lake-eu2
awsx s3api list-buckets |
  check "list-buckets" "[b['Name'] for b in d['Buckets']]==['lake-eu','$B'] and all('CreationDate' in b for b in d['Buckets'])"
awsx s3api head-bucket --bucket "$B" | check "head-bucket" "d is None or d.get('BucketRegion')=='us-east-1'"
expect_error 404 s3api head-bucket --bucket ghost-bucket
awsx s3api get-bucket-location --bucket "$B" | check "get-bucket-location us-east-1" "d['LocationConstraint'] is None"
awsx s3api get-bucket-location --bucket lake-eu | check "get-bucket-location eu-west-1" "d['LocationConstraint']=='eu-west-1'"
expect_error NoSuchBucket s3api get-bucket-location --bucket ghost-bucket

# --- objects ---
printf 'id,name\n1,alpha\n' > "$WORK/part.csv"
awsx s3api put-object --bucket "$B" --key "events/dt=2024-01-01/part-0.csv" --body "$WORK/part.csv" \
  --content-type text/csv --metadata origin=awscli |
  check "put-object" "d['ETag']=='\"'+__import__('hashlib').md5(b'id,name\n1,alpha\n').hexdigest()+'\"'"
for k in "events/dt=2024-01-02/part-0.csv" "events/dt=2024-01-03/part-0.csv" "events/_SUCCESS" \
         "orders/2024/a.json" "orders/2024/b.json" "top.txt" "dir one/file+1 é.txt"; do
  awsx s3api put-object --bucket "$B" --key "$k" --body "$WORK/part.csv" >/dev/null
done
expect_error NoSuchBucket s3api put-object --bucket ghost-bucket --key x --body "$WORK/part.csv"
awsx s3api head-object --bucket "$B" --key "events/dt=2024-01-01/part-0.csv" |
  check "head-object" "d['ContentLength']==16 and d['ContentType']=='text/csv' and d['Metadata']=={'origin':'awscli'} and 'LastModified' in d"
expect_error 404 s3api head-object --bucket "$B" --key missing.csv
awsx s3api get-object --bucket "$B" --key "events/dt=2024-01-01/part-0.csv" "$WORK/out.csv" |
  check "get-object" "d['ContentLength']==16 and d['ETag'].startswith('\"')"
check_text "get-object body" "$(cat "$WORK/part.csv")" < "$WORK/out.csv"
awsx s3api get-object --bucket "$B" --key "events/dt=2024-01-01/part-0.csv" --range bytes=3-6 "$WORK/range.csv" |
  check "get-object range" "d['ContentRange']=='bytes 3-6/16' and d['ContentLength']==4"
check_text "get-object range body" "name" < "$WORK/range.csv"
expect_error NoSuchKey s3api get-object --bucket "$B" --key missing.csv "$WORK/x"
awsx s3api get-object --bucket "$B" --key "dir one/file+1 é.txt" "$WORK/odd.csv" |
  check "get-object with spaces, plus and UTF-8 in the key" "d['ContentLength']==16"
awsx s3api copy-object --bucket "$B" --key "copies/part.csv" --copy-source "$B/events/dt=2024-01-01/part-0.csv" |
  check "copy-object" "d['CopyObjectResult']['ETag']=='\"'+__import__('hashlib').md5(b'id,name\n1,alpha\n').hexdigest()+'\"'"
expect_error NoSuchKey s3api copy-object --bucket "$B" --key c2 --copy-source "$B/missing.csv"

# --- listings ---
awsx s3api list-objects-v2 --bucket "$B" --prefix events/ --delimiter / --no-paginate |
  check "list-objects-v2 prefix+delimiter" "[c['Key'] for c in d['Contents']]==['events/_SUCCESS'] and [p['Prefix'] for p in d['CommonPrefixes']]==['events/dt=2024-01-01/','events/dt=2024-01-02/','events/dt=2024-01-03/'] and d['KeyCount']==4 and d['IsTruncated']==False"
awsx s3api list-objects-v2 --bucket "$B" --delimiter / |
  check "list-objects-v2 top level" "[c['Key'] for c in d['Contents']]==['top.txt'] and [p['Prefix'] for p in d['CommonPrefixes']]==['copies/','dir one/','events/','orders/']"
awsx s3api list-objects-v2 --bucket "$B" --page-size 2 |
  check "list-objects-v2 paginates (page size 2)" "len(d['Contents'])==9 and 'dir one/file+1 é.txt' in [c['Key'] for c in d['Contents']]"
awsx s3api list-objects-v2 --bucket "$B" --prefix events/ --delimiter / --page-size 2 |
  check "list-objects-v2 paginates prefixes" "len(d['CommonPrefixes'])==3 and len(d['Contents'])==1"
awsx s3api list-objects-v2 --bucket "$B" --prefix events/ --max-items 2 |
  check "list-objects-v2 max-items returns a NextToken" "len(d['Contents'])==2 and 'NextToken' in d"
TOKEN="$(awsx s3api list-objects-v2 --bucket "$B" --prefix events/ --max-items 2 --page-size 2 |
  python3 -c 'import json,sys; print(json.load(sys.stdin)["NextToken"])')"
awsx s3api list-objects-v2 --bucket "$B" --prefix events/ --max-items 2 --page-size 2 --starting-token "$TOKEN" |
  check "list-objects-v2 continues from the token" "[c['Key'] for c in d['Contents']]==['events/dt=2024-01-02/part-0.csv','events/dt=2024-01-03/part-0.csv']"
awsx s3api list-objects-v2 --bucket "$B" --start-after orders/2024/a.json --no-paginate |
  check "list-objects-v2 start-after" "[c['Key'] for c in d['Contents']]==['orders/2024/b.json','top.txt'] and d['StartAfter']=='orders/2024/a.json'"
awsx s3api list-objects-v2 --bucket "$B" --max-keys 3 --no-paginate |
  check "list-objects-v2 max-keys" "len(d['Contents'])==3 and d['IsTruncated']==True and d['KeyCount']==3 and 'NextContinuationToken' in d"
expect_error InvalidArgument s3api list-objects-v2 --bucket "$B" --continuation-token not-a-token --no-paginate
expect_error NoSuchBucket s3api list-objects-v2 --bucket ghost-bucket
awsx s3api list-objects --bucket "$B" --page-size 3 |
  check "list-objects (v1) paginates with markers" "len(d['Contents'])==9"
awsx s3api list-objects --bucket "$B" --marker top.txt --no-paginate |
  check "list-objects (v1) marker" "[c['Key'] for c in d.get('Contents',[])]==[] and d['IsTruncated']==False"

# --- deletes ---
awsx s3api delete-object --bucket "$B" --key copies/part.csv | check "delete-object" "d is None or d=={}"
awsx s3api delete-object --bucket "$B" --key copies/part.csv | check "delete-object of a missing key" "d is None or d=={}"
awsx s3api delete-objects --bucket "$B" --delete 'Objects=[{Key=orders/2024/a.json},{Key=orders/2024/b.json},{Key=never-there}]' |
  check "delete-objects" "sorted(x['Key'] for x in d['Deleted'])==['never-there','orders/2024/a.json','orders/2024/b.json']"
awsx s3api list-objects-v2 --bucket "$B" --prefix orders/ | check "delete-objects removed the objects" "'Contents' not in d"

# --- bucket policy ---
expect_error NoSuchBucketPolicy s3api get-bucket-policy --bucket "$B"
expect_error MalformedPolicy s3api put-bucket-policy --bucket "$B" --policy '{"Statement":'
expect_error MalformedPolicy s3api put-bucket-policy --bucket "$B" --policy '{"Version":"2012-10-17"}'
expect_error MalformedPolicy s3api put-bucket-policy --bucket "$B" \
  --policy '{"Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::other/*"}]}'
awsx s3api put-bucket-policy --bucket "$B" --policy "$POLICY" | check "put-bucket-policy" "d is None or d=={}"
awsx s3api get-bucket-policy --bucket "$B" |
  check "get-bucket-policy" "json.loads(d['Policy'])==json.loads('''$POLICY''')"
awsx s3api delete-bucket-policy --bucket "$B" | check "delete-bucket-policy" "d is None or d=={}"
expect_error NoSuchBucketPolicy s3api get-bucket-policy --bucket "$B"
expect_error NoSuchBucket s3api put-bucket-policy --bucket ghost-bucket --policy "$POLICY"

# --- versioning --- (on a bucket of its own: once versioned, S3 keeps delete markers for every
# later delete, so "$B" could not be emptied with `aws s3 rm` and deleted at the end)
V="$B-versioning"
awsx s3api create-bucket --bucket "$V" >/dev/null
awsx s3api get-bucket-versioning --bucket "$V" | check "get-bucket-versioning (never set)" "d is None or 'Status' not in d"
awsx s3api put-bucket-versioning --bucket "$V" --versioning-configuration Status=Enabled |
  check "put-bucket-versioning Enabled" "d is None or d=={}"
awsx s3api get-bucket-versioning --bucket "$V" | check "get-bucket-versioning" "d['Status']=='Enabled'"
printf 'v1' > "$WORK/v.txt"
awsx s3api put-object --bucket "$V" --key v.txt --body "$WORK/v.txt" | check "put-object versioned" "len(d['VersionId'])==32"
awsx s3api delete-object --bucket "$V" --key v.txt | check "delete-object adds a delete marker" "d['DeleteMarker'] is True"
awsx s3api list-object-versions --bucket "$V" |
  check "list-object-versions" "[v['IsLatest'] for v in d['Versions']]==[False] and [m['IsLatest'] for m in d['DeleteMarkers']]==[True]"
expect_error BucketNotEmpty s3api delete-bucket --bucket "$V"
awsx s3api put-bucket-versioning --bucket "$V" --versioning-configuration Status=Suspended >/dev/null
awsx s3api get-bucket-versioning --bucket "$V" | check "versioning suspended" "d['Status']=='Suspended'"
expect_error MalformedXML s3api put-bucket-versioning --bucket "$V" --versioning-configuration Status=On
expect_error NoSuchBucket s3api get-bucket-versioning --bucket ghost-bucket
for id in $(aws --endpoint-url "$ENDPOINT" --output text s3api list-object-versions --bucket "$V" \
             --query '[Versions,DeleteMarkers][].VersionId'); do
  awsx s3api delete-object --bucket "$V" --key v.txt --version-id "$id" >/dev/null
done
awsx s3api delete-bucket --bucket "$V" | check "delete-bucket once every version is gone" "d is None or d=={}"

# --- tagging ---
expect_error NoSuchTagSet s3api get-bucket-tagging --bucket "$B"
awsx s3api put-bucket-tagging --bucket "$B" --tagging 'TagSet=[{Key=team,Value=data},{Key=env,Value=dev}]' |
  check "put-bucket-tagging" "d is None or d=={}"
awsx s3api get-bucket-tagging --bucket "$B" |
  check "get-bucket-tagging" "{t['Key']:t['Value'] for t in d['TagSet']}=={'team':'data','env':'dev'}"
expect_error InvalidTag s3api put-bucket-tagging --bucket "$B" --tagging 'TagSet=[{Key=a,Value=1},{Key=a,Value=2}]'
awsx s3api delete-bucket-tagging --bucket "$B" | check "delete-bucket-tagging" "d is None or d=={}"
expect_error NoSuchTagSet s3api get-bucket-tagging --bucket "$B"

# --- notification configuration ---
QUEUE=arn:aws:sqs:us-east-1:999999999999:sf-snowpipe-queue
awsx s3api get-bucket-notification-configuration --bucket "$B" |
  check "get-bucket-notification-configuration (none)" "d is None or not d.get('QueueConfigurations')"
NOTIF='{"QueueConfigurations":[{"Id":"snowpipe","QueueArn":"'$QUEUE'","Events":["s3:ObjectCreated:*"],"Filter":{"Key":{"FilterRules":[{"Name":"prefix","Value":"events/"},{"Name":"suffix","Value":".csv"}]}}}],"EventBridgeConfiguration":{}}'
awsx s3api put-bucket-notification-configuration --bucket "$B" --notification-configuration "$NOTIF" |
  check "put-bucket-notification-configuration" "d is None or d=={}"
awsx s3api get-bucket-notification-configuration --bucket "$B" |
  check "get-bucket-notification-configuration" "[(q['Id'],q['QueueArn'],q['Events']) for q in d['QueueConfigurations']]==[('snowpipe','$QUEUE',['s3:ObjectCreated:*'])] and sorted((r['Name'].lower(),r['Value']) for r in d['QueueConfigurations'][0]['Filter']['Key']['FilterRules'])==[('prefix','events/'),('suffix','.csv')] and 'EventBridgeConfiguration' in d"
expect_error InvalidArgument s3api put-bucket-notification-configuration --bucket "$B" \
  --notification-configuration '{"QueueConfigurations":[{"QueueArn":"'$QUEUE'","Events":["s3:ObjectCreated:*"]},{"QueueArn":"'$QUEUE'","Events":["s3:ObjectCreated:Put"]}]}'
expect_error InvalidArgument s3api put-bucket-notification-configuration --bucket "$B" \
  --notification-configuration '{"LambdaFunctionConfigurations":[{"LambdaFunctionArn":"arn:aws:lambda:us-east-1:123456789012:function:f","Events":["s3:ObjectCreated:*"]}]}'
expect_error NoSuchBucket s3api get-bucket-notification-configuration --bucket ghost-bucket
awsx s3api put-bucket-notification-configuration --bucket "$B" --notification-configuration '{}' >/dev/null
awsx s3api get-bucket-notification-configuration --bucket "$B" |
  check "notification configuration removed" "d is None or not d.get('QueueConfigurations')"

# --- high-level aws s3 commands ---
STEPS=$((STEPS + 1))
if ! aws --endpoint-url "$ENDPOINT" s3 ls | grep -q " $B$"; then
  echo "FAIL: aws s3 ls does not list $B" >&2; FAILS=$((FAILS + 1))
fi
aws --endpoint-url "$ENDPOINT" s3 ls "s3://$B/events/" | awk '{print $NF}' | tr '\n' ' ' |
  check_text "aws s3 ls s3://bucket/prefix/" "dt=2024-01-01/ dt=2024-01-02/ dt=2024-01-03/ _SUCCESS "
printf 'hello from s3 cp\n' > "$WORK/upload.txt"
aws --endpoint-url "$ENDPOINT" s3 cp "$WORK/upload.txt" "s3://$B/uploads/hello.txt" --only-show-errors
aws --endpoint-url "$ENDPOINT" s3 cp "s3://$B/uploads/hello.txt" - | check_text "aws s3 cp round trip" "hello from s3 cp"
aws --endpoint-url "$ENDPOINT" s3 ls "s3://$B/" --recursive | wc -l | tr -d ' ' |
  check_text "aws s3 ls --recursive counts every object" "7"
aws --endpoint-url "$ENDPOINT" s3 rm "s3://$B/uploads/hello.txt" --only-show-errors
awsx s3api list-objects-v2 --bucket "$B" --prefix uploads/ | check "aws s3 rm deleted the object" "'Contents' not in d"

# --- auth ---
STEPS=$((STEPS + 1))
if err="$(AWS_SECRET_ACCESS_KEY=wrong-secret awsx s3api list-buckets 2>&1 >/dev/null)" || [[ "$err" != *"(SignatureDoesNotMatch)"* ]]; then
  echo "FAIL: wrong secret: $err" >&2; FAILS=$((FAILS + 1))
fi
STEPS=$((STEPS + 1))
if err="$(AWS_ACCESS_KEY_ID=AKIDNOBODY awsx s3api list-buckets 2>&1 >/dev/null)" || [[ "$err" != *"(InvalidAccessKeyId)"* ]]; then
  echo "FAIL: unknown key: $err" >&2; FAILS=$((FAILS + 1))
fi

# --- teardown ---
expect_error BucketNotEmpty s3api delete-bucket --bucket "$B"
aws --endpoint-url "$ENDPOINT" s3 rm "s3://$B" --recursive --only-show-errors
awsx s3api delete-bucket --bucket "$B" | check "delete-bucket" "d is None or d=={}"
expect_error NoSuchBucket s3api delete-bucket --bucket "$B"
awsx --region eu-west-1 s3api delete-bucket --bucket lake-eu | check "delete-bucket eu-west-1" "d is None or d=={}"
awsx s3api list-buckets | check "list-buckets ends empty" "d['Buckets']==[]"

echo "awscli fidelity: $((STEPS - FAILS))/$STEPS checks passed"
[[ $FAILS -eq 0 ]]
