// Principal: who made a request, as a cloud's front end established it when it authenticated the
// request (AWS: a SigV4 key; later a Snowflake user or a Databricks token). Services read it to
// answer "who am I" calls, to stamp creators, and to evaluate their clouds' trust rules; the core
// only carries it from the front end to the service.
// Thread-safety: a value type.
#pragma once

#include <string>

namespace causeway::sandbox {

struct Principal {
  // What authenticated: an access key id, a user name, a token's id. Never a secret.
  std::string credential_id;
  // The emulated account the caller belongs to (AWS: "123456789012").
  std::string account_id;
  // The cloud's full name for the caller (AWS: "arn:aws:iam::123456789012:root", or
  // "arn:aws:sts::123456789012:assumed-role/<role>/<session>" for a session).
  std::string name;
  // The cloud's stable id of the caller (AWS GetCallerIdentity's UserId: the account id for the
  // root keys, "AROA...:<session>" for a role session).
  std::string user_id;
  // The role the caller acts as; empty when it acts as itself (AWS: the IAM role ARN of an
  // assumed-role session).
  std::string role;
  // Signed with credentials the sandbox itself issued (STS sessions, login tokens).
  bool temporary = false;
};

}  // namespace causeway::sandbox
