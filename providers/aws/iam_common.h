// Shared plumbing of the IAM kinds (aws.iam.role, aws.iam.role_policy, aws.iam.policy,
// aws.iam.role_policy_attachment): Query calls whose bodies come from Values and whose replies
// are read as Values (query_values.h) through kit::ReplyReader, the table conversions of policy
// documents and tags, tag diffs, keys, and the account snapshot that bulk observe reads.
//
// The snapshot is one paginated GetAccountAuthorizationDetails (Filter=Role and/or
// LocalManagedPolicy, MaxItems=1000, Marker): roles with their trust policy, tags, inline policies
// (RolePolicyList) and attached managed policies, and local managed policies with their versions.
// RoleDetail carries no Description or MaxSessionDuration, so when aws.iam.role is observed a
// paginated ListRoles adds those. The snapshot keeps the decoded pages and a reader of each role
// and policy in them; each kind reads its attributes with its own table, so a malformed member
// is an error naming the reply, the role or policy and the field.
// Within one bulk observe() of the provider the snapshot is read once and shared by every IAM
// kind in the batch (the ObserveBatch); it covers what all of the batch's IAM kinds need.
// Thread-safety: free functions; a snapshot is immutable once loaded.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "providers/aws/kind_handler.h"
#include "providers/kit/attribute_table.h"
#include "providers/kit/reply_reader.h"

namespace causeway::aws::iam {

inline constexpr char kRoleKind[] = "aws.iam.role";
inline constexpr char kRolePolicyKind[] = "aws.iam.role_policy";
inline constexpr char kPolicyKind[] = "aws.iam.policy";
inline constexpr char kAttachmentKind[] = "aws.iam.role_policy_attachment";

// Sends `action` with `body` as Query parameters; returns its <ActionResult> as a Value ({} for
// result-less replies). Errors are the client's (NotFound for NoSuchEntity, provider_code set).
Result<Value> Call(AwsContext& ctx, const std::string& action, const Value& body);
// A reader of a reply of `action`: "iam <action>", lenient scalars (XML text).
kit::ReplyReader Reader(const Value& reply, const std::string& action);
// Paginated call (Marker/IsTruncated, MaxItems=1000): `page` receives each decoded result.
Status Paginate(AwsContext& ctx, const std::string& action, const Value& body,
                const std::function<Status(std::shared_ptr<const Value> page)>& each);

// Table conversions of a policy document: the JSON text IAM takes (a string as written, an
// object as compact JSON), and the document IAM returns (URL-encoded JSON text) parsed.
Value DocumentToWire(const Value& document);
Result<Value> DocumentFromWire(const Value& wire);
// InvalidArgument "<what>: <name> must be a policy document" when attrs[name] is neither an
// object nor JSON text (checked before anything is sent).
Status CheckDocument(const Value& attrs, const std::string& name, const std::string& what);

// Table conversions of tags: the manifest's map <-> IAM's [{Key, Value}].
Value TagsToWire(const Value& tags);
Result<Value> TagsFromWire(const Value& wire);
// Untag<entity> (removed keys) and Tag<entity> (added or changed keys) to move `before` to
// `after`; `id` is the entity's member ({"RoleName": ...} or {"PolicyArn": ...}).
Status SyncTags(AwsContext& ctx, const std::string& entity, const Value& id, const Value& before,
                const Value& after);

// The rows `names` of `table` as a table of their own, to read part of an object from another
// reply (a role's description from ListRoles, a policy's document from its version).
kit::AttributeTable Rows(const kit::AttributeTable& table, const std::vector<std::string>& names);
// InvalidArgument "<what>: <attribute> cannot be changed in place; <noun> must be replaced" when
// a ForceNew attribute that `before` has differs in `after` or is named in `changed`.
Status RefuseInPlace(const kit::AttributeTable& table, const std::string& what,
                     const std::string& noun, const Value& before, const Value& after,
                     const std::vector<std::string>& changed);

// The key of an object that belongs to a role (an inline policy, an attachment): its role and
// its part (policy name, policy ARN); its id is "role<separator>part" (role names contain neither
// '/' nor ':').
struct RoleScopedKey {
  std::string role, part;
  char separator;
  std::string id() const { return role + separator + part; }
};
// From `id` when it is set, else from the string attributes "role" and `part_attribute`.
// nullopt when a part is missing.
std::optional<RoleScopedKey> KeyOf(const std::string& id, char separator, const Value& attrs,
                                   const std::string& part_attribute);
// The observation of an existing object at `address` that `read` fills in; its error is
// prefixed with the address.
Result<Observation> ObservedAt(const Address& address,
                               const std::function<Status(Observation* o)>& read);
// "arn:aws:iam::<account>:policy<path><name>"
std::string PolicyArn(const AwsContext& ctx, const std::string& path, const std::string& name);
// A resource name for an imported object ([A-Za-z_][A-Za-z0-9_-]*): other characters become '_'.
std::string ResourceName(const std::string& text);

// IsPropagationDelay of aws.iam.role. IAM's own calls fail from propagation in one way: a trust
// policy naming a principal (role, user) created moments ago is refused with
// MalformedPolicyDocument "Invalid principal in policy" until the principal is visible
// (Terraform retries the same error). Anything else, including other malformed documents, fails
// at once.
bool IsIamPropagationDelay(const Status& status);

struct RoleEntry {
  std::string name;
  kit::ReplyReader detail;                                  // a RoleDetailList member
  std::optional<kit::ReplyReader> listed;                   // its ListRoles member, when read
  std::map<std::string, kit::ReplyReader> inline_policies;  // RolePolicyList members by name
  std::vector<std::string> attached;                        // policy ARNs
};

struct PolicyEntry {
  std::string arn;
  kit::ReplyReader detail;                   // a Policies member
  std::optional<kit::ReplyReader> document;  // its default PolicyVersionList member
};

struct Snapshot {
  bool has_roles = false;
  bool has_policies = false;
  bool has_role_details = false;
  std::vector<std::shared_ptr<const Value>> pages;  // what the readers view
  std::map<std::string, RoleEntry> roles;           // by lower-cased role name
  std::map<std::string, PolicyEntry> policies;      // by ARN

  const RoleEntry* FindRole(const std::string& name) const;
  const PolicyEntry* FindPolicy(const std::string& arn) const;
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

}  // namespace causeway::aws::iam
