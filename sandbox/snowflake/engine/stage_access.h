// Stage access across clouds, as Snowflake does it: a stage's files live in the S3 emulator at
// its URL; to read them Snowflake's IAM user (AccountIdentity: one per account) assumes the
// storage integration's STORAGE_AWS_ROLE_ARN with sts:ExternalId = the integration's
// STORAGE_AWS_EXTERNAL_ID through the AWS emulator's STS (StsService::AssumableRole: the role's
// trust policy, and its injected propagation delay), then lists the bucket. LIST @stage,
// external-table refreshes and pipe loads go through here.
// Errors (codes chosen here where Snowflake's are not documented):
//   091003 "Error assuming AWS_ROLE: ... not authorized to perform: sts:AssumeRole ..." when the
//          trust policy does not name the IAM user and external id (or the role is missing);
//   091003 "... bucket '<b>' does not exist" when the bucket is missing;
//   003118 "Location '<url>' is not allowed by integration '<I>'" outside the allowed
//          locations or inside a blocked one; 003119 when the integration is disabled.
// Also: reading `@"DB"."S"."ST"/path/` references, and the generated identities that cross into
// AWS (the IAM user ARN, an SQS notification channel).
// Thread-safety: none (see sql_engine.h).
#pragma once

#include <string>
#include <vector>

#include "sandbox/core/object_store.h"
#include "sandbox/snowflake/engine/sql_engine.h"

namespace causeway::sandbox::snowflake {

struct StageRef {
  ObjectName stage;
  std::string path;  // "" or "dir/sub/" (no leading slash)
};

// After '@': the stage's name (completed from the session) and an optional /path written right
// after it. The stage must exist and be visible.
Result<StageRef> ReadStageRef(SfParser& p, ExecEnv& env);

struct StageFile {
  std::string url;       // s3://bucket/key
  std::string relative;  // key below the listed location
  StoredObject object;
};

// The files under the stage's URL + `path` through its integration; none for internal stages.
Result<std::vector<StageFile>> ListStageFiles(ExecEnv& env, const SfObject& stage,
                                              const std::string& path);
// Whether `url` is inside the integration's allowed locations and outside its blocked ones.
Status CheckLocationAllowed(const SfObject& integration, const std::string& url);

// arn:aws:iam::<aws account>:user/<id>: the IAM user this account assumes roles as.
std::string IamUserArn(const AccountIdentity& identity);
// arn:aws:sqs:<region>:<aws account>:sf-snowpipe-<id>: the queue auto-ingest pipes and
// auto-refresh external tables listen on.
std::string NotificationChannel(const AccountIdentity& identity);

}  // namespace causeway::sandbox::snowflake
