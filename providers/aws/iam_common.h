// Shared plumbing of the IAM kinds (aws.iam.role, aws.iam.role_policy, aws.iam.policy,
// aws.iam.role_policy_attachment): Query calls to IAM, tag parameters and diffs, attribute
// helpers, and the account snapshot that bulk observe reads.
//
// The snapshot is one paginated GetAccountAuthorizationDetails (Filter=Role and/or
// LocalManagedPolicy, MaxItems=1000, Marker): roles with their trust policy, tags, inline policies
// (RolePolicyList) and attached managed policies, and local managed policies with their versions
// (the default version's document is kept). RoleDetail carries no Description or
// MaxSessionDuration, so when aws.iam.role is observed a paginated ListRoles adds those.
// Within one bulk observe() of the provider the snapshot is read once and shared by every IAM
// kind in the batch (the ObserveBatch); it covers what all of the batch's IAM kinds need.
// Thread-safety: free functions; a snapshot is immutable once loaded.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "providers/aws/kind_handler.h"
#include "reconciler/core/ascii.h"

namespace causeway::aws::iam {

inline constexpr char kVersion[] = "2010-05-08";
inline constexpr char kRoleKind[] = "aws.iam.role";
inline constexpr char kRolePolicyKind[] = "aws.iam.role_policy";
inline constexpr char kPolicyKind[] = "aws.iam.policy";
inline constexpr char kAttachmentKind[] = "aws.iam.role_policy_attachment";

using Params = std::vector<std::pair<std::string, std::string>>;

// A Query response: the document and its <ActionResult> node (empty for result-less responses).
struct Reply {
  XmlDoc doc;
  pugi::xml_node result;
};
Result<Reply> Call(AwsContext& ctx, const std::string& action, const Params& params);
// Paginated call (Marker/IsTruncated), MaxItems=1000 added.
Status CallPaginated(AwsContext& ctx, const std::string& action, const Params& params,
                     const std::function<Status(const pugi::xml_node& result)>& page);

// <Tags><member><Key/><Value/></member>...</Tags> as a map.
Value TagsFromXml(const pugi::xml_node& tags);
// Appends Tags.member.N.Key/Value for a map of strings.
void AppendTags(Params* params, const Value& tags);
// Sends untag (removed keys) and tag (added or changed keys) calls to move `before` to `after`.
// `id_param` is "RoleName" or "PolicyArn".
Status SyncTags(AwsContext& ctx, const std::string& tag_action, const std::string& untag_action,
                const std::string& id_param, const std::string& id, const Value& before,
                const Value& after);

// attrs[name] when it is a string, else nullopt (missing, unknown or another type).
std::optional<std::string> KnownString(const Value& attrs, const std::string& name);
// The key of an object that belongs to a role (an inline policy, an attachment): {role, part}.
// From the id "role<separator>part" when `id` is set (role names contain neither '/' nor ':'),
// else from the attributes "role" and `part_attribute`. nullopt when a part is missing.
std::optional<std::pair<std::string, std::string>> RoleScopedKey(const std::string& id,
                                                                 char separator, const Value& attrs,
                                                                 const std::string& part_attribute);
// attrs[name], or the schema default when missing or null.
Value AttrOr(const Value& attrs, const std::string& name, const Value& fallback);
// `attrs` with the kind's defaults filled in for missing inputs.
Value WithDefaults(const KindSchema& schema, const Value& attrs);
// True when `name` must be sent in an update: listed in `changed`, or (no list given) differing
// between before and after in normalised form.
bool NeedsUpdate(const KindSchema& schema, const UpdateRequest& request, const std::string& name);

// "arn:aws:iam::<account>:policy<path><name>"
std::string PolicyArn(const AwsContext& ctx, const std::string& path, const std::string& name);
std::string RoleArn(const AwsContext& ctx, const std::string& path, const std::string& name);


// IsPropagationDelay of the IAM kinds. IAM's own calls fail from propagation in one way: a trust
// policy naming a principal (role, user) created moments ago is refused with
// "MalformedPolicyDocument: Invalid principal in policy" until the principal is visible (Terraform
// retries the same error). Anything else, including other malformed documents, fails at once.
bool IsIamPropagationDelay(const Status& status);

// Schema building blocks.
AttributeSchema Attr(const std::string& name, AttrType type, bool required, bool force_new);
AttributeSchema Computed(const std::string& name);
// The observation of an object that does not exist.
Observation Missing(const Address& address);
// A resource name for an imported object ([A-Za-z_][A-Za-z0-9_-]*): other characters become '_'.
std::string ResourceName(const std::string& text);

struct RoleInfo {
  std::string name;
  std::string path;
  std::string arn;
  std::string role_id;
  Value trust;  // parsed document
  Value tags = Value::object();
  std::map<std::string, Value> inline_policies;  // name -> parsed document
  std::vector<std::string> attached;             // policy ARNs
  bool has_details = false;                      // description/max_session from ListRoles
  std::string description;
  int max_session_duration = 3600;
};

struct PolicyInfo {
  std::string name;
  std::string path;
  std::string arn;
  std::string policy_id;
  std::string description;
  std::string default_version_id;
  Value document;                     // default version, parsed
  std::vector<std::string> versions;  // version ids
};

struct Snapshot {
  bool has_roles = false;
  bool has_policies = false;
  bool has_role_details = false;
  std::map<std::string, RoleInfo> roles;       // by lower-cased role name
  std::map<std::string, PolicyInfo> policies;  // by ARN

  const RoleInfo* FindRole(const std::string& name) const;
  const PolicyInfo* FindPolicy(const std::string& arn) const;
};

struct SnapshotNeeds {
  bool roles = false;
  bool policies = false;
  bool role_details = false;
};
// What kind `kind` needs from the snapshot.
SnapshotNeeds NeedsOf(const std::string& kind);

// The snapshot for `kind`: from the batch cache when one covers it, else read (covering every
// IAM kind of the batch) and cached.
Result<std::shared_ptr<const Snapshot>> LoadSnapshot(AwsContext& ctx, ObserveBatch& batch,
                                                      const std::string& kind);
// Reads a snapshot with exactly `needs` (no cache).
Result<std::shared_ptr<const Snapshot>> ReadSnapshot(AwsContext& ctx, SnapshotNeeds needs);

// Role fields from a <Role> element (GetRole, CreateRole, ListRoles member).
RoleInfo RoleFromXml(const pugi::xml_node& role);

}  // namespace causeway::aws::iam
