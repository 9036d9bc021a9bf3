// IAM policy documents as the sandbox sees them: validation with IAM's MalformedPolicyDocument
// messages, and trust-policy evaluation for sts:AssumeRole (used by STS, and by emulators such as
// Glue that check a role trusts their service principal).
// Thread-safety: free functions.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "reconciler/core/value.h"

namespace causeway::sandbox {

enum class PolicyKind {
  kIdentity,  // inline and managed policies: no Principal allowed
  kTrust,     // role trust (assume-role) policies: Principal required
};

// Parses and validates `text`. Returns "" when valid, else IAM's message, e.g.
// "This policy contains invalid Json", "Syntax errors in policy.",
// "Policy document should not specify a principal.", "Has prohibited field Resource".
std::string ValidatePolicyDocument(const std::string& text, PolicyKind kind);

// The party asking to assume a role.
struct TrustCaller {
  // ARNs the caller is known by, most specific first, e.g. the role ARN and the assumed-role
  // session ARN, or "arn:aws:iam::123456789012:root".
  std::vector<std::string> arns;
  std::string account_id;  // caller's account; an account principal trusts every caller in it
  std::string service;     // "glue.amazonaws.com" when a service assumes the role
};

// Evaluates a trust policy for `action` (e.g. "sts:AssumeRole"). `context` holds condition keys
// (e.g. {"sts:ExternalId": "x"}). Supported condition operators: StringEquals, StringLike,
// StringNotEquals, StringNotLike (and their IfExists forms); any other operator or a missing key
// makes the condition fail. An explicit Deny wins. Returns false on an unparsable policy.
bool TrustPolicyAllows(const std::string& policy_text, const TrustCaller& caller,
                       const std::string& action,
                       const std::map<std::string, std::string>& context);

// Glob match with '*' and '?' (IAM's StringLike and Action wildcards), case-sensitive.
bool WildcardMatch(const std::string& pattern, const std::string& text);

}  // namespace causeway::sandbox
