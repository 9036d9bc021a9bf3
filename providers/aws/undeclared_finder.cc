// FindUndeclared: see undeclared_finder.h.
#include "providers/aws/undeclared_finder.h"

#include <map>
#include <mutex>
#include <set>

#include "providers/aws/glue_common.h"
#include "providers/aws/iam_common.h"
#include "providers/kit/parallel_lists.h"
#include "reconciler/core/ascii.h"

namespace causeway::aws {

namespace {

using glue::kDatabaseKind;
using glue::kTableKind;
using iam::kAttachmentKind;
using iam::kRoleKind;
using iam::kRolePolicyKind;

constexpr char kLfKind[] = "aws.lakeformation.permissions";
constexpr char kLocationKind[] = "aws.lakeformation.resource";
constexpr size_t kThreads = 8;

std::string Str(const Value& attrs, const char* key) {
  return attrs.is_object() && attrs.contains(key) && attrs[key].is_string()
             ? attrs[key].get<std::string>()
             : "";
}

// "a, b" for a string or a list; "?" for anything else.
std::string Listed(const Value& v) {
  if (v.is_string()) return v.get<std::string>();
  if (!v.is_array()) return "?";
  std::string out;
  for (const auto& e : v) {
    out += (out.empty() ? "" : ", ") + (e.is_string() ? e.get<std::string>() : e.dump());
  }
  return out;
}

// inline policy "NAME" allows ACTIONS on RESOURCES (the Allow statements, in order).
std::string InlinePolicySummary(const Value& attrs) {
  std::string what;
  const Value policy = attrs.is_object() ? attrs.value("policy", Value::object()) : Value();
  Value statements = policy.is_object() ? policy.value("Statement", Value::array()) : Value();
  if (statements.is_object()) statements = Value::array({statements});
  for (const auto& st : statements.is_array() ? statements : Value::array()) {
    if (!st.is_object() || st.value("Effect", std::string()) != "Allow") continue;
    what += (what.empty() ? "" : "; ") + Listed(st.value("Action", Value())) + " on " +
            Listed(st.value("Resource", Value()));
  }
  return "inline policy \"" + Str(attrs, "policy_name") + "\" allows " +
         (what.empty() ? std::string("nothing") : what);
}

// What a Lake Formation grant is on, in words, and the container kind and key it belongs to
// (e.g. aws.glue.database "raw"). Empty kind: on nothing Causeway can manage (the catalog).
struct LfTarget {
  std::string kind, key, words;
};

LfTarget TargetOf(const Value& resource) {
  if (!resource.is_object()) return {};
  if (resource.contains("database")) {
    std::string db = Lower(Str(resource["database"], "name"));
    return {kDatabaseKind, db, "database " + db};
  }
  for (const char* form : {"table", "table_with_columns"}) {
    if (!resource.contains(form)) continue;
    const Value& t = resource[form];
    std::string db = Lower(Str(t, "database_name"));
    if (t.value("wildcard", false)) return {kDatabaseKind, db, "every table of " + db};
    std::string table = Lower(Str(t, "name"));
    std::string cols = std::string(form) == "table_with_columns" ? " (columns)" : "";
    return {kTableKind, db + "/" + table, "table " + db + "." + table + cols};
  }
  if (resource.contains("data_location")) {
    std::string arn = Str(resource["data_location"], "arn");
    return {kLocationKind, arn, "data location " + arn};
  }
  return {};
}

// The last segment of an ARN or path: "arn:aws:iam::1:role/etl" -> "etl".
std::string Tail(const std::string& s) {
  size_t cut = s.find_last_of("/:");
  return cut == std::string::npos ? s : s.substr(cut + 1);
}

}  // namespace

Result<std::vector<Undeclared>> FindUndeclared(Provider& provider,
                                               const std::vector<ObserveItem>& managed) {
  std::set<std::string> declared;            // "kind id" of every managed object that exists
  std::map<std::string, Address> roles;      // lower-case role name -> container
  std::map<std::string, Address> databases;  // lower-case name
  std::map<std::string, Address> tables;     // "db/table", lower case
  std::map<std::string, Address> locations;  // S3 ARN
  for (const auto& item : managed) {
    if (item.id.empty()) continue;  // does not exist: holds nothing, declares nothing live
    const std::string& kind = item.address.kind;
    const Value& a = item.attributes;
    declared.insert(kind + " " + item.id);
    if (kind == kRoleKind) roles.emplace(Lower(Str(a, "role_name")), item.address);
    if (kind == kDatabaseKind) databases.emplace(Lower(Str(a, "name")), item.address);
    if (kind == kTableKind) {
      tables.emplace(Lower(Str(a, "database")) + "/" + Lower(Str(a, "name")), item.address);
    }
    if (kind == kLocationKind) locations.emplace(Str(a, "arn"), item.address);
  }
  // The list calls: one per entry, run in parallel.
  std::vector<ListRequest> calls;
  if (!roles.empty()) {
    calls.push_back({kRolePolicyKind, Value::object()});
    calls.push_back({kAttachmentKind, Value::object()});
  }
  for (const auto& [name, _] : databases) calls.push_back({kTableKind, {{"database", name}}});
  if (!databases.empty()) calls.push_back({kLfKind, {{"resource_type", "DATABASE"}}});
  if (!databases.empty() || !tables.empty()) {
    calls.push_back({kLfKind, {{"resource_type", "TABLE"}}});
  }
  if (!locations.empty()) calls.push_back({kLfKind, {{"resource_type", "DATA_LOCATION"}}});
  CW_ASSIGN_OR_RETURN(auto listed, kit::ListInParallel(provider, calls, kThreads));

  std::vector<Undeclared> out;
  UndeclaredAddresses addresses;  // so that two findings never share one
  auto add = [&](const Address& container, const std::string& kind, const Observation& o,
                 const std::string& name, std::string summary, bool privilege) {
    if (declared.count(kind + " " + o.id)) return;
    Undeclared u;
    u.container = container;
    u.address = addresses.Next(kind, name);
    u.id = o.id;
    u.attributes = o.attributes;
    u.summary = std::move(summary);
    u.privilege = privilege;
    out.push_back(std::move(u));
  };
  for (size_t i = 0; i < calls.size(); ++i) {
    const std::string& kind = calls[i].kind;
    for (const Observation& o : listed[i]) {
      const Value& a = o.attributes;
      if (kind == kRolePolicyKind || kind == kAttachmentKind) {
        auto role = roles.find(Lower(Str(a, "role")));
        if (role == roles.end()) continue;
        if (kind == kRolePolicyKind) {
          add(role->second, kind, o, Str(a, "role") + "_" + Str(a, "policy_name"),
              InlinePolicySummary(a), true);
        } else {
          add(role->second, kind, o, Str(a, "role") + "_" + Tail(Str(a, "policy_arn")),
              "managed policy " + Str(a, "policy_arn") + " attached", true);
        }
      } else if (kind == kTableKind) {
        auto db = databases.find(Lower(Str(a, "database")));
        if (db == databases.end()) continue;
        std::string name = Lower(Str(a, "database")) + "." + Lower(Str(a, "name"));
        add(db->second, kind, o, Lower(Str(a, "database")) + "_" + Lower(Str(a, "name")),
            "table " + name, false);
      } else if (kind == kLfKind) {
        const std::string principal = Str(a, "principal");
        if (principal == "IAM_ALLOWED_PRINCIPALS") continue;  // the account default (header)
        LfTarget t = TargetOf(a.value("resource", Value()));
        const std::map<std::string, Address>* containers = t.kind == kDatabaseKind   ? &databases
                                                           : t.kind == kTableKind    ? &tables
                                                           : t.kind == kLocationKind ? &locations
                                                                                     : nullptr;
        if (containers == nullptr) continue;
        auto c = containers->find(t.key);
        if (c == containers->end()) continue;
        add(c->second, kind, o, Tail(principal) + "_on_" + Tail(t.key),
            "Lake Formation " + Listed(a.value("permissions", Value())) + " on " + t.words +
                " to " + principal,
            true);
      }
    }
  }
  return out;
}

}  // namespace causeway::aws
