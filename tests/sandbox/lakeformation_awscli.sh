#!/usr/bin/env bash
# Fidelity check of the sandbox's Lake Formation emulator with a client nobody here wrote:
# Debian's awscli. Drives every emulated operation (register/update/describe/list/deregister
# resources; grant/revoke/list permissions, batch grant/revoke; data lake settings), success and
# error paths, and checks the parsed output with python3.
# Usage: lakeformation_awscli.sh http://127.0.0.1:PORT   (the sandbox must be running and empty)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/awscli_common.sh"

ROLE="arn:aws:iam::$ACCOUNT:role/lf-access"
ANALYST="arn:aws:iam::$ACCOUNT:role/analyst"
SLR="arn:aws:iam::$ACCOUNT:role/aws-service-role/lakeformation.amazonaws.com/AWSServiceRoleForLakeFormationDataAccess"

# --- Glue catalog objects the grants refer to ---
awsx glue create-database --database-input Name=raw >/dev/null
awsx glue create-table --database-name raw --table-input Name=events >/dev/null

# --- registered locations ---
awsx lakeformation register-resource --resource-arn arn:aws:s3:::lake/raw --role-arn "$ROLE" |
  check "register-resource (role)" "d is None or d=={}"
awsx lakeformation register-resource --resource-arn arn:aws:s3:::lake/curated --use-service-linked-role |
  check "register-resource (service-linked role)" "d is None or d=={}"
expect_error AlreadyExistsException lakeformation register-resource --resource-arn arn:aws:s3:::lake/raw --role-arn "$ROLE"
expect_error InvalidInputException lakeformation register-resource --resource-arn not-an-arn --role-arn "$ROLE"
awsx lakeformation describe-resource --resource-arn arn:aws:s3:::lake/raw |
  check "describe-resource" "d['ResourceInfo']['ResourceArn']=='arn:aws:s3:::lake/raw' and d['ResourceInfo']['RoleArn']=='$ROLE' and 'LastModified' in d['ResourceInfo']"
expect_error EntityNotFoundException lakeformation describe-resource --resource-arn arn:aws:s3:::ghost
awsx lakeformation list-resources |
  check "list-resources" "{r['ResourceArn']:r['RoleArn'] for r in d['ResourceInfoList']}=={'arn:aws:s3:::lake/raw':'$ROLE','arn:aws:s3:::lake/curated':'$SLR'}"
awsx lakeformation list-resources --max-results 1 |
  check "list-resources page (max-results 1)" "len(d['ResourceInfoList'])==1 and 'NextToken' in d"
TOKEN="$(awsx lakeformation list-resources --max-results 1 | python3 -c 'import json,sys; print(json.load(sys.stdin)["NextToken"])')"
awsx lakeformation list-resources --max-results 1 --next-token "$TOKEN" |
  check "list-resources second page" "len(d['ResourceInfoList'])==1 and d['ResourceInfoList'][0]['ResourceArn']=='arn:aws:s3:::lake/raw' and 'NextToken' not in d"
awsx lakeformation list-resources --filter-condition-list Field=ROLE_ARN,ComparisonOperator=EQ,StringValueList="$ROLE" |
  check "list-resources filtered by role" "[r['ResourceArn'] for r in d['ResourceInfoList']]==['arn:aws:s3:::lake/raw']"
expect_error InvalidInputException lakeformation list-resources --next-token bogus
awsx lakeformation update-resource --resource-arn arn:aws:s3:::lake/raw --role-arn "arn:aws:iam::$ACCOUNT:role/other" |
  check "update-resource" "d is None or d=={}"
awsx lakeformation describe-resource --resource-arn arn:aws:s3:::lake/raw |
  check "update-resource took effect" "d['ResourceInfo']['RoleArn']=='arn:aws:iam::$ACCOUNT:role/other'"
expect_error EntityNotFoundException lakeformation update-resource --resource-arn arn:aws:s3:::ghost --role-arn "$ROLE"

# --- permissions ---
awsx lakeformation grant-permissions --principal DataLakePrincipalIdentifier="$ANALYST" \
  --resource '{"Database":{"Name":"raw"}}' --permissions DESCRIBE ALTER --permissions-with-grant-option ALTER |
  check "grant-permissions (database)" "d is None or d=={}"
awsx lakeformation grant-permissions --principal DataLakePrincipalIdentifier="$ANALYST" \
  --resource '{"Table":{"DatabaseName":"raw","Name":"events"}}' --permissions SELECT |
  check "grant-permissions (table)" "d is None or d=={}"
awsx lakeformation grant-permissions --principal DataLakePrincipalIdentifier="$ANALYST" \
  --resource '{"Table":{"DatabaseName":"raw","TableWildcard":{}}}' --permissions DESCRIBE |
  check "grant-permissions (all tables)" "d is None or d=={}"
awsx lakeformation grant-permissions --principal DataLakePrincipalIdentifier="$ANALYST" \
  --resource '{"DataLocation":{"ResourceArn":"arn:aws:s3:::lake/raw/events"}}' --permissions DATA_LOCATION_ACCESS |
  check "grant-permissions (data location under a registered one)" "d is None or d=={}"
awsx lakeformation grant-permissions --principal DataLakePrincipalIdentifier=IAM_ALLOWED_PRINCIPALS \
  --resource '{"Catalog":{}}' --permissions CREATE_DATABASE |
  check "grant-permissions (catalog)" "d is None or d=={}"
expect_error EntityNotFoundException lakeformation grant-permissions --principal DataLakePrincipalIdentifier="$ANALYST" \
  --resource '{"Database":{"Name":"ghost"}}' --permissions DESCRIBE
expect_error EntityNotFoundException lakeformation grant-permissions --principal DataLakePrincipalIdentifier="$ANALYST" \
  --resource '{"Table":{"DatabaseName":"raw","Name":"ghost"}}' --permissions SELECT
expect_error InvalidInputException lakeformation grant-permissions --principal DataLakePrincipalIdentifier="$ANALYST" \
  --resource '{"Database":{"Name":"raw"}}' --permissions SELECT
expect_error InvalidInputException lakeformation grant-permissions --principal DataLakePrincipalIdentifier="$ANALYST" \
  --resource '{"Table":{"DatabaseName":"raw"}}' --permissions SELECT
expect_error AccessDeniedException lakeformation grant-permissions --principal DataLakePrincipalIdentifier="$ANALYST" \
  --resource '{"DataLocation":{"ResourceArn":"arn:aws:s3:::elsewhere"}}' --permissions DATA_LOCATION_ACCESS

awsx lakeformation list-permissions |
  check "list-permissions (all)" "len(d['PrincipalResourcePermissions'])==5"
awsx lakeformation list-permissions --resource-type DATABASE |
  check "list-permissions (DATABASE)" "len(d['PrincipalResourcePermissions'])==1 and d['PrincipalResourcePermissions'][0]['Resource']=={'Database':{'CatalogId':'$ACCOUNT','Name':'raw'}} and d['PrincipalResourcePermissions'][0]['Permissions']==['ALTER','DESCRIBE'] and d['PrincipalResourcePermissions'][0]['PermissionsWithGrantOption']==['ALTER'] and d['PrincipalResourcePermissions'][0]['Principal']['DataLakePrincipalIdentifier']=='$ANALYST'"
awsx lakeformation list-permissions --resource-type TABLE |
  check "list-permissions (TABLE)" "sorted(('TableWildcard' in p['Resource']['Table']) for p in d['PrincipalResourcePermissions'])==[False,True]"
awsx lakeformation list-permissions --resource-type DATA_LOCATION |
  check "list-permissions (DATA_LOCATION)" "[p['Resource']['DataLocation']['ResourceArn'] for p in d['PrincipalResourcePermissions']]==['arn:aws:s3:::lake/raw/events']"
awsx lakeformation list-permissions --principal DataLakePrincipalIdentifier="$ANALYST" --resource '{"Table":{"DatabaseName":"raw","Name":"events"}}' |
  check "list-permissions (principal + resource)" "[p['Permissions'] for p in d['PrincipalResourcePermissions']]==[['SELECT']]"
awsx lakeformation list-permissions --max-results 2 |
  check "list-permissions page (max-results 2)" "len(d['PrincipalResourcePermissions'])==2 and 'NextToken' in d"
expect_error InvalidInputException lakeformation list-permissions --principal DataLakePrincipalIdentifier="$ANALYST"

awsx lakeformation revoke-permissions --principal DataLakePrincipalIdentifier="$ANALYST" \
  --resource '{"Database":{"Name":"raw"}}' --permissions ALTER |
  check "revoke-permissions" "d is None or d=={}"
awsx lakeformation list-permissions --resource-type DATABASE |
  check "revoke dropped the permission and its grant option" "d['PrincipalResourcePermissions'][0]['Permissions']==['DESCRIBE'] and d['PrincipalResourcePermissions'][0]['PermissionsWithGrantOption']==[]"
expect_error InvalidInputException lakeformation revoke-permissions --principal DataLakePrincipalIdentifier="$ANALYST" \
  --resource '{"Database":{"Name":"raw"}}' --permissions ALTER

# --- batch grant / revoke ---
ENTRIES='[{"Id":"1","Principal":{"DataLakePrincipalIdentifier":"'"$ANALYST"'"},"Resource":{"Table":{"DatabaseName":"raw","Name":"events"}},"Permissions":["INSERT"]},{"Id":"2","Principal":{"DataLakePrincipalIdentifier":"'"$ANALYST"'"},"Resource":{"Database":{"Name":"raw"}},"Permissions":["SELECT"]}]'
awsx lakeformation batch-grant-permissions --entries "$ENTRIES" |
  check "batch-grant-permissions reports the bad entry" "[f['RequestEntry']['Id'] for f in d['Failures']]==['2'] and d['Failures'][0]['Error']['ErrorCode']=='InvalidInputException'"
awsx lakeformation batch-revoke-permissions --entries "$ENTRIES" |
  check "batch-revoke-permissions" "[f['RequestEntry']['Id'] for f in d['Failures']]==['2']"
awsx lakeformation list-permissions --principal DataLakePrincipalIdentifier="$ANALYST" --resource '{"Table":{"DatabaseName":"raw","Name":"events"}}' |
  check "batch revoke took INSERT back" "[p['Permissions'] for p in d['PrincipalResourcePermissions']]==[['SELECT']]"

# --- data lake settings ---
awsx lakeformation get-data-lake-settings |
  check "get-data-lake-settings (defaults)" "d['DataLakeSettings']['DataLakeAdmins']==[] and d['DataLakeSettings']['CreateDatabaseDefaultPermissions'][0]['Principal']['DataLakePrincipalIdentifier']=='IAM_ALLOWED_PRINCIPALS'"
awsx lakeformation put-data-lake-settings --data-lake-settings '{"DataLakeAdmins":[{"DataLakePrincipalIdentifier":"'"$ANALYST"'"}],"CreateDatabaseDefaultPermissions":[],"CreateTableDefaultPermissions":[]}' |
  check "put-data-lake-settings" "d is None or d=={}"
awsx lakeformation get-data-lake-settings |
  check "get-data-lake-settings (after put)" "[a['DataLakePrincipalIdentifier'] for a in d['DataLakeSettings']['DataLakeAdmins']]==['$ANALYST'] and d['DataLakeSettings']['CreateTableDefaultPermissions']==[]"

# --- teardown ---
awsx lakeformation deregister-resource --resource-arn arn:aws:s3:::lake/raw | check "deregister-resource" "d is None or d=={}"
expect_error EntityNotFoundException lakeformation deregister-resource --resource-arn arn:aws:s3:::lake/raw
awsx lakeformation list-resources |
  check "deregistered location is gone" "[r['ResourceArn'] for r in d['ResourceInfoList']]==['arn:aws:s3:::lake/curated']"

echo "awscli lakeformation fidelity: $((STEPS - FAILS))/$STEPS checks passed"
[[ $FAILS -eq 0 ]]
