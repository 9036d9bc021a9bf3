// Shapes and checks shared by the IAM emulator's files (iam_service.cc and the files of its
// sections: roles, inline role policies, managed policies, attachments and account details,
// policy tags, state): IAM's error replies, XML shapes of roles/policies/versions/tags, request
// checks and tag rules. Internal to sandbox/aws/iam/. Thread-safety: free functions.
#pragma once

#include <chrono>
#include <cstdint>
#include <initializer_list>
#include <string>

#include "sandbox/aws/iam/iam_service.h"
#include "sandbox/aws/xml.h"
#include "reconciler/core/ascii.h"

namespace causeway::sandbox::iam {

using TimePoint = std::chrono::system_clock::time_point;
// ASCII lower case (role and policy names are unique case-insensitively).
// IAM error and success replies (Query protocol, IAM namespace).
SandboxResponse Err(const SandboxRequest& r, int status, const std::string& code,
                    const std::string& message);
SandboxResponse NoSuchEntity(const SandboxRequest& r, const std::string& message);
SandboxResponse Validation(const SandboxRequest& r, const std::string& message);
SandboxResponse Ok(const SandboxRequest& r, const std::string& result_xml);
SandboxResponse OkEmpty(const SandboxRequest& r);
SandboxResponse RoleNotFound(const SandboxRequest& r, const std::string& name);
// Checks that the named parameters are present; returns the error response otherwise.
bool Require(const SandboxRequest& r, std::initializer_list<const char*> names,
             SandboxResponse* error);
// IAM paths: "/" or "/a/b/", printable ASCII, at most 512 characters; PathMessage() is IAM's
// message for a bad one.
bool ValidPath(const std::string& path);
std::string PathMessage();
// XML shapes as IAM returns them (Role, Policy, PolicyVersion, Tags, list tails).
void TagsXml(XmlBuilder& x, const Tags& tags);
void RoleXml(XmlBuilder& x, const IamRole& role, bool with_tags, bool with_last_used);
void PolicyXml(XmlBuilder& x, const IamPolicy& p, int attachments, bool with_tags);
void VersionXml(XmlBuilder& x, const IamPolicy& p, const IamPolicyVersion& v, bool with_doc);
void PageTail(XmlBuilder& x, const std::string& next_marker);
// Tags validation shared by CreateRole/TagRole/CreatePolicy.
std::string TagsError(const Tags& tags);
// Adds `add` to `tags`, replacing the value of a key given again.
void MergeTags(Tags* tags, const Tags& add);
// The tag operations shared by roles and managed policies. TagX merges the request's Tags into
// `tags` (a key given again replaces its value) within the quota of 50 that `quota` names;
// UntagX removes the request's TagKeys; ListXTags pages over `tags` in the given order.
SandboxResponse TagEntity(const SandboxRequest& r, Tags* tags, const std::string& quota);
SandboxResponse UntagEntity(const SandboxRequest& r, Tags* tags);
SandboxResponse ListTagsPage(const SandboxRequest& r, const Tags& tags);
// True for AWS-managed policy ARNs (arn:aws:iam::aws:policy/...).
bool IsAwsManaged(const std::string& arn);
// State file encodings of times and tags.
int64_t Millis(TimePoint t);
TimePoint FromMillis(int64_t ms);
Value TagsJson(const Tags& tags);
Tags TagsFromJson(const Value& j);
// The number of a policy version id ("v3" -> 3); -1 when malformed.
int VersionNumber(const std::string& id);

}  // namespace causeway::sandbox::iam
