#!/usr/bin/env bash
# Fidelity check of the sandbox's Glue emulator with a client nobody here wrote: Debian's awscli.
# Runs every emulated Glue operation, success and error paths, and checks the parsed output; the
# crawler run reads objects put through the S3 emulator and a role made through IAM.
# Usage: glue_awscli.sh http://127.0.0.1:PORT   (the sandbox must be running and empty; a crawl
# and a stop should outlast any load, CAUSEWAY_SANDBOX_GLUE_CRAWL_MS=300000 and
# CAUSEWAY_SANDBOX_GLUE_STOPPING_MS=120000: the script ends them by moving the sandbox's clock
# forward, 7 then 2 minutes (it may move 10 in all), so the checks made while a crawl runs or
# stops hold however slowly awscli starts)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/awscli_common.sh"

# --- databases ---
awsx glue create-database --database-input '{"Name":"Raw","Description":"landing","LocationUri":"s3://lake/raw/","Parameters":{"team":"data"}}' |
  check "create-database" "d is None or d=={}"
expect_error AlreadyExistsException glue create-database --database-input '{"Name":"raw"}'
awsx glue get-database --name raw |
  check "get-database lower-cases the name" "d['Database']['Name']=='raw' and d['Database']['Parameters']=={'team':'data'} and d['Database']['LocationUri']=='s3://lake/raw/' and 'CreateTime' in d['Database']"
expect_error EntityNotFoundException glue get-database --name ghost
awsx glue update-database --name raw --database-input '{"Name":"raw","Description":"changed"}' |
  check "update-database" "d is None or d=={}"
awsx glue get-database --name raw | check "update-database replaced the input" "d['Database']['Description']=='changed' and 'LocationUri' not in d['Database']"
expect_error EntityNotFoundException glue update-database --name ghost --database-input '{"Name":"ghost"}'
for db in curated staging; do awsx glue create-database --database-input "{\"Name\":\"$db\"}" >/dev/null; done
awsx glue get-databases --page-size 1 |
  check "get-databases paginates (page size 1)" "sorted(x['Name'] for x in d['DatabaseList'])==['curated','raw','staging']"
awsx glue get-databases --max-items 2 |
  check "get-databases max-items returns a NextToken" "len(d['DatabaseList'])==2 and 'NextToken' in d"

# --- tables ---
HIVE='{"Name":"events","TableType":"EXTERNAL_TABLE","Parameters":{"classification":"parquet"},"PartitionKeys":[{"Name":"year","Type":"string"},{"Name":"month","Type":"string"}],"StorageDescriptor":{"Columns":[{"Name":"id","Type":"bigint","Comment":"key"},{"Name":"payload","Type":"string"}],"Location":"s3://lake/raw/events/","InputFormat":"org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat","OutputFormat":"org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat","SerdeInfo":{"SerializationLibrary":"org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe","Parameters":{"serialization.format":"1"}}}}'
awsx glue create-table --database-name raw --table-input "$HIVE" | check "create-table" "d is None or d=={}"
expect_error AlreadyExistsException glue create-table --database-name raw --table-input "$HIVE"
expect_error EntityNotFoundException glue create-table --database-name ghost --table-input "$HIVE"
awsx glue get-table --database-name raw --name events |
  check "get-table" "d['Table']['DatabaseName']=='raw' and [k['Name'] for k in d['Table']['PartitionKeys']]==['year','month'] and d['Table']['StorageDescriptor']['Columns'][0]['Comment']=='key' and d['Table']['StorageDescriptor']['SerdeInfo']['Parameters']=={'serialization.format':'1'} and d['Table']['VersionId']=='0'"
expect_error EntityNotFoundException glue get-table --database-name raw --name ghost
for t in a1 a2 b1; do
  awsx glue create-table --database-name raw --table-input "{\"Name\":\"$t\",\"StorageDescriptor\":{\"Columns\":[{\"Name\":\"x\",\"Type\":\"int\"}]}}" >/dev/null
done
awsx glue get-tables --database-name raw --page-size 2 |
  check "get-tables paginates (page size 2)" "sorted(t['Name'] for t in d['TableList'])==['a1','a2','b1','events']"
awsx glue get-tables --database-name raw --expression 'a*' |
  check "get-tables expression" "[t['Name'] for t in d['TableList']]==['a1','a2']"
expect_error EntityNotFoundException glue get-tables --database-name ghost
awsx glue update-table --database-name raw --table-input '{"Name":"a1","TableType":"EXTERNAL_TABLE","Parameters":{"table_type":"ICEBERG","metadata_location":"s3://lake/a1/metadata/0.json"},"StorageDescriptor":{"Columns":[{"Name":"x","Type":"int"},{"Name":"y","Type":"string"}],"Location":"s3://lake/a1/"}}' |
  check "update-table" "d is None or d=={}"
awsx glue get-table --database-name raw --name a1 |
  check "update-table stored the Iceberg table" "d['Table']['Parameters']['table_type']=='ICEBERG' and len(d['Table']['StorageDescriptor']['Columns'])==2 and d['Table']['VersionId']=='1'"
expect_error EntityNotFoundException glue update-table --database-name raw --table-input '{"Name":"ghost"}'
awsx glue batch-delete-table --database-name raw --tables-to-delete a2 ghost |
  check "batch-delete-table reports the missing table" "[e['TableName'] for e in d['Errors']]==['ghost'] and d['Errors'][0]['ErrorDetail']['ErrorCode']=='EntityNotFoundException'"
awsx glue delete-table --database-name raw --name b1 | check "delete-table" "d is None or d=={}"
expect_error EntityNotFoundException glue delete-table --database-name raw --name b1

# --- partitions ---
part() { echo "{\"Values\":[\"$1\",\"$2\"],\"StorageDescriptor\":{\"Location\":\"s3://lake/raw/events/year=$1/month=$2/\"}}"; }
awsx glue create-partition --database-name raw --table-name events --partition-input "$(part 2024 01)" |
  check "create-partition" "d is None or d=={}"
expect_error AlreadyExistsException glue create-partition --database-name raw --table-name events --partition-input "$(part 2024 01)"
expect_error InvalidInputException glue create-partition --database-name raw --table-name events --partition-input '{"Values":["2024"]}'
expect_error EntityNotFoundException glue create-partition --database-name raw --table-name ghost --partition-input "$(part 2024 01)"
awsx glue batch-create-partition --database-name raw --table-name events --partition-input-list "[$(part 2024 01),$(part 2024 02),$(part 2024 03)]" |
  check "batch-create-partition reports the duplicate" "len(d['Errors'])==1 and d['Errors'][0]['PartitionValues']==['2024','01'] and d['Errors'][0]['ErrorDetail']['ErrorCode']=='AlreadyExistsException'"
awsx glue get-partition --database-name raw --table-name events --partition-values 2024 02 |
  check "get-partition" "d['Partition']['Values']==['2024','02'] and d['Partition']['StorageDescriptor']['Location']=='s3://lake/raw/events/year=2024/month=02/'"
expect_error EntityNotFoundException glue get-partition --database-name raw --table-name events --partition-values 2023 12
awsx glue get-partitions --database-name raw --table-name events --page-size 2 |
  check "get-partitions paginates (page size 2)" "[p['Values'][1] for p in d['Partitions']]==['01','02','03']"
awsx glue delete-partition --database-name raw --table-name events --partition-values 2024 03 |
  check "delete-partition" "d is None or d=={}"
expect_error EntityNotFoundException glue delete-partition --database-name raw --table-name events --partition-values 2024 03

# --- crawlers ---
GLUE_TRUST='{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"glue.amazonaws.com"},"Action":"sts:AssumeRole"}]}'
EC2_TRUST='{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}'
awsx iam create-role --role-name glue-crawler --assume-role-policy-document "$GLUE_TRUST" >/dev/null
awsx iam create-role --role-name ec2-only --assume-role-policy-document "$EC2_TRUST" >/dev/null
awsx s3api create-bucket --bucket lake >/dev/null
echo PAR1 >/tmp/glue_awscli_part.parquet
printf 'id,Email\n1,a@b\n' >/tmp/glue_awscli_c.csv
awsx s3api put-object --bucket lake --key landing/sales/year=2024/month=01/part-0.parquet --body /tmp/glue_awscli_part.parquet >/dev/null
awsx s3api put-object --bucket lake --key landing/sales/year=2024/month=02/part-0.parquet --body /tmp/glue_awscli_part.parquet >/dev/null
awsx s3api put-object --bucket lake --key landing/customers/c.csv --body /tmp/glue_awscli_c.csv >/dev/null
rm -f /tmp/glue_awscli_part.parquet /tmp/glue_awscli_c.csv

TARGETS='{"S3Targets":[{"Path":"s3://lake/landing/"}]}'
awsx glue create-crawler --name lake --role arn:aws:iam::123456789012:role/glue-crawler --database-name crawled \
  --targets "$TARGETS" --table-prefix l_ --schedule 'cron(0 12 * * ? *)' | check "create-crawler" "d is None or d=={}"
expect_error AlreadyExistsException glue create-crawler --name lake --role glue-crawler --targets "$TARGETS"
expect_error InvalidInputException glue create-crawler --name other --role ec2-only --targets "$TARGETS"
expect_error InvalidInputException glue create-crawler --name other --role glue-crawler --targets "$TARGETS" --schedule 'daily'
awsx glue get-crawler --name lake |
  check "get-crawler" "d['Crawler']['State']=='READY' and d['Crawler']['Schedule']['ScheduleExpression']=='cron(0 12 * * ? *)' and d['Crawler']['Targets']['S3Targets'][0]['Path']=='s3://lake/landing/' and d['Crawler']['TablePrefix']=='l_' and 'LastCrawl' not in d['Crawler']"
expect_error EntityNotFoundException glue get-crawler --name ghost
awsx glue update-crawler --name lake --description "nightly" --schedule '' | check "update-crawler" "d is None or d=={}"
awsx glue get-crawler --name lake | check "update-crawler applied" "d['Crawler']['Description']=='nightly' and 'Schedule' not in d['Crawler'] and d['Crawler']['Version']==2"
expect_error InvalidInputException glue update-crawler --name lake --role ec2-only
expect_error EntityNotFoundException glue update-crawler --name ghost --description x
expect_error CrawlerNotRunningException glue stop-crawler --name lake

awsx glue start-crawler --name lake | check "start-crawler" "d is None or d=={}"
expect_error CrawlerRunningException glue start-crawler --name lake
expect_error CrawlerRunningException glue update-crawler --name lake --description again
expect_error CrawlerRunningException glue delete-crawler --name lake
awsx glue get-crawler-metrics --crawler-name-list lake |
  check "get-crawler-metrics" "d['CrawlerMetricsList'][0]['CrawlerName']=='lake'"
advance_clock() {
  python3 -c 'import sys, urllib.request
urllib.request.urlopen(urllib.request.Request(sys.argv[1] + "/_sandbox/clock", method="POST",
                       data=("{\"advance_ms\": %s}" % sys.argv[2]).encode()))' "$ENDPOINT" "$1"
}
advance_clock 420000  # the crawl (5 minutes) and its stop (2 minutes) end
for _ in $(seq 1 60); do
  state="$(awsx glue get-crawler --name lake --query Crawler.State --output text)"
  [[ "$state" == "READY" ]] && break
  sleep 0.25
done
awsx glue get-crawler --name lake |
  check "the crawl succeeded" "d['Crawler']['State']=='READY' and d['Crawler']['LastCrawl']['Status']=='SUCCEEDED'"
awsx glue get-tables --database-name crawled |
  check "the crawler wrote its tables" "sorted(t['Name'] for t in d['TableList'])==['l_customers','l_sales'] and [t for t in d['TableList'] if t['Name']=='l_sales'][0]['Parameters']['classification']=='parquet' and [c['Name'] for c in [t for t in d['TableList'] if t['Name']=='l_customers'][0]['StorageDescriptor']['Columns']]==['id','email']"
awsx glue get-partitions --database-name crawled --table-name l_sales |
  check "the crawler wrote the Hive partitions" "sorted(p['Values'][1] for p in d['Partitions'])==['01','02'] and d['Partitions'][0]['StorageDescriptor']['Location'].startswith('s3://lake/landing/sales/year=2024/')"
awsx glue get-crawler-metrics |
  check "metrics after the crawl" "d['CrawlerMetricsList'][0]['TablesCreated']==2"

awsx glue start-crawler --name lake >/dev/null
awsx glue stop-crawler --name lake | check "stop-crawler" "d is None or d=={}"
expect_error CrawlerStoppingException glue stop-crawler --name lake
awsx glue get-crawler --name lake |
  check "a stopped crawl is CANCELLED" "d['Crawler']['State']=='STOPPING' and d['Crawler']['LastCrawl']['Status']=='CANCELLED'"
awsx glue get-crawlers | check "get-crawlers" "[c['Name'] for c in d['Crawlers']]==['lake']"
advance_clock 120000  # the stop ends
for _ in $(seq 1 60); do
  state="$(awsx glue get-crawler --name lake --query Crawler.State --output text)"
  [[ "$state" == "READY" ]] && break
  sleep 0.25
done
awsx glue delete-crawler --name lake | check "delete-crawler" "d is None or d=={}"
expect_error EntityNotFoundException glue delete-crawler --name lake
expect_error EntityNotFoundException glue start-crawler --name lake

# --- jobs (seed 003's PySpark job; the role glue-crawler trusts glue.amazonaws.com) ---
JOB_ROLE=arn:aws:iam::123456789012:role/glue-crawler
awsx glue create-job --name csv-to-iceberg --role "$JOB_ROLE" \
  --command Name=glueetl,ScriptLocation=s3://lake-raw/scripts/job.py,PythonVersion=3 \
  --glue-version 4.0 --worker-type G.1X --number-of-workers 2 --max-retries 1 --timeout 60 \
  --default-arguments '{"--datalake-formats":"iceberg"}' | check "create-job" "d['Name']=='csv-to-iceberg'"
expect_error AlreadyExistsException glue create-job --name csv-to-iceberg --role "$JOB_ROLE" \
  --command Name=glueetl,ScriptLocation=s3://lake-raw/scripts/job.py
expect_error InvalidInputException glue create-job --name bad-command --role "$JOB_ROLE" \
  --command Name=spark,ScriptLocation=s3://lake-raw/scripts/job.py
expect_error InvalidInputException glue create-job --name no-workers --role "$JOB_ROLE" \
  --command Name=glueetl,ScriptLocation=s3://lake-raw/scripts/job.py --worker-type G.1X
expect_error InvalidInputException glue create-job --name bad-role --role arn:aws:iam::123456789012:role/nobody \
  --command Name=glueetl,ScriptLocation=s3://lake-raw/scripts/job.py
awsx glue get-job --job-name csv-to-iceberg |
  check "get-job" "d['Job']['Command']['Name']=='glueetl' and d['Job']['WorkerType']=='G.1X' and d['Job']['NumberOfWorkers']==2 and d['Job']['DefaultArguments']=={'--datalake-formats':'iceberg'} and 'CreatedOn' in d['Job']"
awsx glue update-job --job-name csv-to-iceberg --job-update \
  '{"Role":"'"$JOB_ROLE"'","Command":{"Name":"glueetl","ScriptLocation":"s3://lake-raw/scripts/v2.py"},"GlueVersion":"4.0","WorkerType":"G.2X","NumberOfWorkers":4}' |
  check "update-job" "d['JobName']=='csv-to-iceberg'"
awsx glue get-job --job-name csv-to-iceberg |
  check "update-job replaces the definition" "d['Job']['WorkerType']=='G.2X' and d['Job']['Command']['ScriptLocation'].endswith('v2.py') and 'DefaultArguments' not in d['Job']"
awsx glue create-job --name second-job --role "$JOB_ROLE" --command Name=pythonshell,ScriptLocation=s3://lake-raw/s.py >/dev/null
awsx glue get-jobs --max-results 1 | check "get-jobs paginates" "len(d['Jobs'])==1 and 'NextToken' in d"
awsx glue get-jobs | check "get-jobs" "sorted(j['Name'] for j in d['Jobs'])==['csv-to-iceberg','second-job']"
expect_error EntityNotFoundException glue get-job --job-name ghost
awsx glue delete-job --job-name second-job | check "delete-job" "d['JobName']=='second-job'"
awsx glue delete-job --job-name second-job | check "delete-job of a missing job" "d['JobName']=='second-job'"

awsx glue delete-database --name raw | check "delete-database" "d is None or d=={}"
expect_error EntityNotFoundException glue get-tables --database-name raw
expect_error EntityNotFoundException glue delete-database --name raw

echo "glue awscli fidelity: $STEPS checks, $FAILS failed"
[[ $FAILS -eq 0 ]]
