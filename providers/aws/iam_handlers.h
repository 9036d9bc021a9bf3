// The IAM kind handlers, one per file: iam_role.cc (aws.iam.role), iam_role_policy.cc
// (aws.iam.role_policy, inline), iam_policy.cc (aws.iam.policy, managed) and iam_attachment.cc
// (aws.iam.role_policy_attachment). MakeIamHandlers() (iam_kinds.cc) lists them.
// Ids: role -> role name; role_policy -> "role:policy_name"; policy -> its ARN;
// attachment -> "role/policy_arn". Natural keys (items with an empty id): role_name;
// role + policy_name; policy_name + path (ARN built from the caller's account id);
// role + policy_arn.
// Thread-safety: handlers are stateless.
#pragma once

#include <memory>

#include "providers/aws/kind_handler.h"

namespace causeway::aws::iam {

std::unique_ptr<KindHandler> NewRoleHandler();
std::unique_ptr<KindHandler> NewRolePolicyHandler();
std::unique_ptr<KindHandler> NewPolicyHandler();
std::unique_ptr<KindHandler> NewAttachmentHandler();

}  // namespace causeway::aws::iam
