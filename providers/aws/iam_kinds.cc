// IAM kinds of the AWS provider: aws.iam.role, aws.iam.role_policy, aws.iam.policy and
// aws.iam.role_policy_attachment (handlers in iam_*.cc, see iam_handlers.h).
#include "providers/aws/iam_handlers.h"
#include "providers/aws/kind_handler.h"

namespace causeway::aws {

KindHandlers MakeIamHandlers() {
  KindHandlers out;
  out.push_back(iam::NewRoleHandler());
  out.push_back(iam::NewRolePolicyHandler());
  out.push_back(iam::NewPolicyHandler());
  out.push_back(iam::NewAttachmentHandler());
  return out;
}

}  // namespace causeway::aws
