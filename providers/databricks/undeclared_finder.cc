// FindUndeclared: see undeclared_finder.h.
#include "providers/databricks/undeclared_finder.h"

#include <map>
#include <set>

#include "providers/databricks/kind_handler.h"
#include "providers/kit/parallel_lists.h"
#include "reconciler/core/ascii.h"

namespace causeway::databricks {

namespace {

constexpr char kGrantKind[] = "databricks.grant";
constexpr char kGrantsKind[] = "databricks.grants";
constexpr char kSchemaKind[] = "databricks.schema";
constexpr char kTableKind[] = "databricks.table";
constexpr size_t kThreads = 10;

// The managed kinds that are securables, with the securable type the permissions API names.
const std::map<std::string, std::string>& SecurableTypes() {
  static const std::map<std::string, std::string> types = {
      {"databricks.catalog", "catalog"},
      {kSchemaKind, "schema"},
      {kTableKind, "table"},
      {"databricks.external_location", "external_location"},
      {"databricks.storage_credential", "storage_credential"}};
  return types;
}

std::string Str(const Value& attrs, const char* key) {
  return attrs.is_object() && attrs.contains(key) && attrs[key].is_string()
             ? attrs[key].get<std::string>()
             : "";
}

std::set<std::string> Privileges(const Value& list) {
  std::set<std::string> out;
  for (const auto& p : list.is_array() ? list : Value::array()) {
    if (p.is_string()) out.insert(PrivilegeName(p.get<std::string>()));
  }
  return out;
}

// "catalog/main": the key of a securable, as both grant kinds name it.
std::string SecurableKey(const std::string& type, const std::string& name) {
  return Lower(type) + "/" + Lower(name);
}

struct Securable {
  Address container;
  std::string type, name, owner;
};

std::string Joined(const std::set<std::string>& s) {
  std::string out;
  for (const auto& x : s) out += (out.empty() ? "" : ", ") + x;
  return out;
}

}  // namespace

Result<std::vector<Undeclared>> FindUndeclared(Provider& provider,
                                               const std::vector<ObserveItem>& managed) {
  std::set<std::string> declared;         // "kind id" of every managed object that exists
  std::map<std::string, Securable> held;  // securable key -> the managed securable
  std::set<std::string> authoritative;    // securable keys a databricks.grants manages
  std::map<std::string, std::set<std::string>> granted;  // "key principal" -> privileges
  std::map<std::string, Address> schemas;                // "catalog.schema"
  for (const auto& item : managed) {
    const std::string& kind = item.address.kind;
    const Value& a = item.attributes;
    if (kind == kGrantKind || kind == kGrantsKind) {
      // Declared whether or not it exists yet: what it names is accounted for.
      const std::string key = SecurableKey(Str(a, "securable_type"), Str(a, "securable_name"));
      if (kind == kGrantsKind) {
        authoritative.insert(key);
      } else {
        auto p = Privileges(a.value("privileges", Value::array()));
        granted[key + " " + Str(a, "principal")].insert(p.begin(), p.end());
      }
      continue;
    }
    if (item.id.empty()) continue;  // does not exist: holds nothing, declares nothing live
    declared.insert(kind + " " + Lower(item.id));
    auto type = SecurableTypes().find(kind);
    if (type == SecurableTypes().end()) continue;
    const std::string name = Lower(item.id);
    held.emplace(SecurableKey(type->second, name),
                 Securable{item.address, type->second, name, Str(a, "owner")});
    if (kind == kSchemaKind) schemas.emplace(name, item.address);
  }
  for (const auto& key : authoritative) held.erase(key);

  // The list calls: one permissions GET per securable, one tables list per schema, in parallel.
  std::vector<ListRequest> calls;
  std::vector<const Securable*> of;  // the securable of each grants call; null for tables
  for (const auto& [key, s] : held) {
    calls.push_back({kGrantsKind, {{"securable_type", s.type}, {"securable_name", s.name}}});
    of.push_back(&s);
  }
  for (const auto& [name, _] : schemas) {
    const size_t dot = name.find('.');
    calls.push_back(
        {kTableKind,
         {{"catalog_name", name.substr(0, dot)}, {"schema_name", name.substr(dot + 1)}}});
    of.push_back(nullptr);
  }
  CW_ASSIGN_OR_RETURN(auto listed, kit::ListInParallel(provider, calls, kThreads));

  std::vector<Undeclared> out;
  UndeclaredAddresses addresses;  // so that two findings never share one
  auto add = [&](Undeclared u, const std::string& name) {
    u.address = addresses.Next(u.address.kind, name);
    out.push_back(std::move(u));
  };
  for (size_t i = 0; i < calls.size(); ++i) {
    for (const Observation& o : listed[i]) {
      if (of[i] == nullptr) {  // a table of a managed schema
        if (declared.count(std::string(kTableKind) + " " + Lower(o.id))) continue;
        const Value& a = o.attributes;
        const std::string schema =
            Lower(Str(a, "catalog_name")) + "." + Lower(Str(a, "schema_name"));
        auto container = schemas.find(schema);
        if (container == schemas.end()) continue;
        Undeclared u;
        u.container = container->second;
        u.address = Address{kTableKind, ""};
        u.id = Lower(o.id);
        u.attributes = a;
        u.summary = "table " + u.id;
        add(std::move(u), Lower(o.id));
        continue;
      }
      const Securable& s = *of[i];
      const std::string key = SecurableKey(s.type, s.name);
      for (const auto& g : o.attributes.value("grants", Value::array())) {
        const std::string principal = Str(g, "principal");
        if (principal.empty() || principal == s.owner) continue;
        std::set<std::string> extra = Privileges(g.value("privileges", Value::array()));
        if (auto d = granted.find(key + " " + principal); d != granted.end()) {
          if (d->second.count("ALL_PRIVILEGES")) continue;  // holds every privilege
          for (const auto& p : d->second) extra.erase(p);
        }
        if (extra.empty()) continue;
        Value privileges = Value::array();
        for (const auto& p : extra) privileges.push_back(p);
        Undeclared u;
        u.container = s.container;
        u.address = Address{kGrantKind, ""};
        u.id = key + "/" + principal;
        u.attributes = {{"securable_type", s.type},
                        {"securable_name", s.name},
                        {"principal", principal},
                        {"privileges", privileges}};
        u.summary = "principal " + principal + " holds " + Joined(extra) + " on " +
                    Lower(s.type == "external_location"    ? std::string("external location")
                          : s.type == "storage_credential" ? std::string("storage credential")
                                                           : s.type) +
                    " " + s.name;
        u.privilege = true;
        add(std::move(u), principal + "_on_" + s.name);
      }
    }
  }
  return out;
}

}  // namespace causeway::databricks
