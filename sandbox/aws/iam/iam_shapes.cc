// IAM's error replies, XML shapes, request checks and tag rules (see iam_shapes.h).
#include "sandbox/aws/iam/iam_shapes.h"

#include <algorithm>
#include <cctype>

#include "reconciler/core/ascii.h"
#include "sandbox/aws/errors.h"
#include "sandbox/aws/policy_document.h"
#include "sandbox/aws/query_protocol.h"
#include "sandbox/aws/xml.h"
#include "sandbox/core/ids.h"
#include "sandbox/core/timestamps.h"
#include "sandbox/core/url_encoding.h"

namespace causeway::sandbox::iam {

using TimePoint = std::chrono::system_clock::time_point;

SandboxResponse Err(const SandboxRequest& r, int status, const std::string& code,
                    const std::string& message) {
  return QueryError(status, code, message, r.request_id);
}
SandboxResponse NoSuchEntity(const SandboxRequest& r, const std::string& message) {
  return Err(r, 404, "NoSuchEntity", message);
}
SandboxResponse Validation(const SandboxRequest& r, const std::string& message) {
  return Err(r, 400, "ValidationError", message);
}
SandboxResponse Ok(const SandboxRequest& r, const std::string& result_xml) {
  return QueryResponse(r.operation, kIamXmlns, result_xml, r.request_id);
}
SandboxResponse OkEmpty(const SandboxRequest& r) {
  return QueryResponse(r.operation, kIamXmlns, "", r.request_id, /*with_result=*/false);
}
SandboxResponse RoleNotFound(const SandboxRequest& r, const std::string& name) {
  return NoSuchEntity(r, "The role with name " + name + " cannot be found.");
}

// Checks that the named parameters are present; returns the error response otherwise.
bool Require(const SandboxRequest& r, std::initializer_list<const char*> names,
             SandboxResponse* error) {
  for (const char* n : names) {
    if (!r.HasParam(n)) {
      std::string field = n;
      field[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(field[0])));
      *error = Validation(r, MissingValueMessage(field));
      return false;
    }
  }
  return true;
}

bool ValidPath(const std::string& path) {
  if (path.empty() || path.size() > 512 || path.front() != '/' || path.back() != '/') return false;
  return std::all_of(path.begin(), path.end(),
                     [](unsigned char c) { return c >= 0x21 && c <= 0x7e; });
}

std::string PathMessage() {
  return "The specified value for path is invalid. It must begin and end with / and contain only "
         "alphanumeric characters and/or / characters.";
}

void TagsXml(XmlBuilder& x, const Tags& tags) {
  x.Open("Tags");
  for (const auto& [k, v] : tags) {
    x.Open("member");
    x.Leaf("Key", k);
    x.Leaf("Value", v);
    x.Close();
  }
  x.Close();
}

void RoleXml(XmlBuilder& x, const IamRole& role, bool with_tags, bool with_last_used) {
  x.Leaf("Path", role.path);
  x.Leaf("RoleName", role.name);
  x.Leaf("RoleId", role.role_id);
  x.Leaf("Arn", role.arn);
  x.Leaf("CreateDate", Iso8601(role.create_date));
  x.Leaf("AssumeRolePolicyDocument", UrlEncode(role.assume_role_policy));
  x.LeafIfNotEmpty("Description", role.description);
  x.Leaf("MaxSessionDuration", std::to_string(role.max_session_duration));
  if (!role.permissions_boundary.empty()) {
    x.Open("PermissionsBoundary");
    x.Leaf("PermissionsBoundaryType", "Policy");
    x.Leaf("PermissionsBoundaryArn", role.permissions_boundary);
    x.Close();
  }
  if (with_tags && !role.tags.empty()) TagsXml(x, role.tags);
  if (with_last_used) x.Raw("<RoleLastUsed/>");
}

void PolicyXml(XmlBuilder& x, const IamPolicy& p, int attachments, bool with_tags) {
  x.Leaf("PolicyName", p.name);
  x.Leaf("PolicyId", p.policy_id);
  x.Leaf("Arn", p.arn);
  x.Leaf("Path", p.path);
  x.Leaf("DefaultVersionId", p.default_version_id);
  x.Leaf("AttachmentCount", std::to_string(attachments));
  x.Leaf("PermissionsBoundaryUsageCount", "0");
  x.Leaf("IsAttachable", "true");
  x.LeafIfNotEmpty("Description", p.description);
  x.Leaf("CreateDate", Iso8601(p.create_date));
  x.Leaf("UpdateDate", Iso8601(p.update_date));
  if (with_tags && !p.tags.empty()) TagsXml(x, p.tags);
}

void VersionXml(XmlBuilder& x, const IamPolicy& p, const IamPolicyVersion& v, bool with_doc) {
  if (with_doc) x.Leaf("Document", UrlEncode(v.document));
  x.Leaf("VersionId", v.version_id);
  x.Leaf("IsDefaultVersion", v.version_id == p.default_version_id ? "true" : "false");
  x.Leaf("CreateDate", Iso8601(v.create_date));
}

void PageTail(XmlBuilder& x, const std::string& next_marker) {
  x.Leaf("IsTruncated", next_marker.empty() ? "false" : "true");
  x.LeafIfNotEmpty("Marker", next_marker);
}

// Tags validation shared by CreateRole/TagRole/CreatePolicy.
std::string TagsError(const Tags& tags) {
  for (const auto& [k, v] : tags) {
    if (k.empty() || k.size() > 128) {
      return ValidationMessage(k, "tags.member.key",
                               "Member must have length less than or equal to 128");
    }
    if (v.size() > 256) {
      return ValidationMessage(v, "tags.member.value",
                               "Member must have length less than or equal to 256");
    }
  }
  return "";
}

void MergeTags(Tags* tags, const Tags& add) {
  for (const auto& [k, v] : add) {
    auto it =
        std::find_if(tags->begin(), tags->end(), [&](const auto& kv) { return kv.first == k; });
    if (it != tags->end()) {
      it->second = v;
    } else {
      tags->emplace_back(k, v);
    }
  }
}

// The tag operations shared by roles and managed policies. TagX merges the request's Tags into
// `tags` (a key given again replaces its value) within the quota of 50 that `quota` names;
// UntagX removes the request's TagKeys; ListXTags pages over `tags` in the given order.
SandboxResponse TagEntity(const SandboxRequest& r, Tags* tags, const std::string& quota) {
  Tags add = KeyValueList(r, "Tags");
  if (std::string e = TagsError(add); !e.empty()) return Validation(r, e);
  Tags merged = *tags;
  MergeTags(&merged, add);
  if (merged.size() > 50) {
    return Err(r, 409, "LimitExceeded", "Cannot exceed quota for " + quota + ": 50.");
  }
  *tags = std::move(merged);
  return OkEmpty(r);
}

SandboxResponse UntagEntity(const SandboxRequest& r, Tags* tags) {
  for (const auto& key : MemberList(r, "TagKeys")) {
    tags->erase(
        std::remove_if(tags->begin(), tags->end(), [&](const auto& kv) { return kv.first == key; }),
        tags->end());
  }
  return OkEmpty(r);
}

SandboxResponse ListTagsPage(const SandboxRequest& r, const Tags& tags) {
  // Page over positions (zero-padded so they sort) to keep the given order.
  std::vector<std::string> keys;
  char buf[32];
  for (size_t i = 0; i < tags.size(); ++i) {
    std::snprintf(buf, sizeof(buf), "%08zu", i);
    keys.push_back(buf);
  }
  size_t begin, end;
  std::string next, err;
  if (!Paginate(keys, r, &begin, &end, &next, &err)) return Validation(r, err);
  XmlBuilder x;
  x.Open("Tags");
  for (size_t i = begin; i < end; ++i) {
    x.Open("member");
    x.Leaf("Key", tags[i].first);
    x.Leaf("Value", tags[i].second);
    x.Close();
  }
  x.Close();
  PageTail(x, next);
  return Ok(r, x.str());
}

bool IsAwsManaged(const std::string& arn) { return arn.rfind("arn:aws:iam::aws:policy/", 0) == 0; }

int64_t Millis(TimePoint t) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
}
TimePoint FromMillis(int64_t ms) { return TimePoint(std::chrono::milliseconds(ms)); }

Value TagsJson(const Tags& tags) {
  Value out = Value::array();
  for (const auto& [k, v] : tags) out.push_back({{"Key", k}, {"Value", v}});
  return out;
}
Tags TagsFromJson(const Value& j) {
  Tags out;
  for (const auto& t : j)
    out.emplace_back(t.at("Key").get<std::string>(), t.at("Value").get<std::string>());
  return out;
}

int VersionNumber(const std::string& id) {
  if (id.size() < 2 || id[0] != 'v') return -1;
  return ParseInteger<int>(std::string_view(id).substr(1)).value_or(-1);
}

}  // namespace causeway::sandbox::iam
