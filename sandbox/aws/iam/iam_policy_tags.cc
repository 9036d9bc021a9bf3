// IAM emulator: managed-policy tags.
#include <algorithm>
#include <cctype>

#include "sandbox/aws/errors.h"
#include "sandbox/aws/iam/iam_service.h"
#include "sandbox/aws/iam/iam_shapes.h"
#include "sandbox/aws/policy_document.h"
#include "sandbox/aws/query_protocol.h"
#include "sandbox/aws/xml.h"
#include "sandbox/core/ids.h"
#include "sandbox/core/timestamps.h"
#include "sandbox/core/url_encoding.h"

namespace causeway::sandbox {

using namespace iam;  // NOLINT: the IAM emulator's own shapes

SandboxResponse IamService::TagPolicy(const SandboxRequest& r, SandboxContext&) {
  SandboxResponse error;
  if (!Require(r, {"PolicyArn"}, &error)) return error;
  std::string arn = r.Param("PolicyArn");
  IamPolicy* p = MutablePolicy(arn);
  if (p == nullptr) return NoSuchEntity(r, "Policy " + arn + " was not found.");
  return TagEntity(r, &p->tags, "TagsPerPolicy");
}

SandboxResponse IamService::UntagPolicy(const SandboxRequest& r, SandboxContext&) {
  SandboxResponse error;
  if (!Require(r, {"PolicyArn"}, &error)) return error;
  std::string arn = r.Param("PolicyArn");
  IamPolicy* p = MutablePolicy(arn);
  if (p == nullptr) return NoSuchEntity(r, "Policy " + arn + " was not found.");
  return UntagEntity(r, &p->tags);
}

SandboxResponse IamService::ListPolicyTags(const SandboxRequest& r, SandboxContext&) {
  SandboxResponse error;
  if (!Require(r, {"PolicyArn"}, &error)) return error;
  std::string arn = r.Param("PolicyArn");
  IamPolicy* p = MutablePolicy(arn);
  if (p == nullptr) return NoSuchEntity(r, "Policy " + arn + " was not found.");
  Tags sorted = p->tags;  // sorted by key, as IAM documents for ListPolicyTags
  std::sort(sorted.begin(), sorted.end());
  return ListTagsPage(r, sorted);
}

}  // namespace causeway::sandbox
