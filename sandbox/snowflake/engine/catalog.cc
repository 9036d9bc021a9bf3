// SfCatalog: storage, cascading drops, JSON state.
#include "sandbox/snowflake/engine/catalog.h"

#include <algorithm>
#include <utility>

namespace causeway::sandbox::snowflake {

namespace {

bool Inside(const ObjectName& child, const std::string& kind, const ObjectName& parent) {
  if (kind == "DATABASE") return child.database == parent.name;
  if (kind == "SCHEMA") return child.database == parent.database && child.schema == parent.name;
  return false;
}

bool GrantTouches(const SfGrant& g, const std::string& kind, const ObjectName& name) {
  if (g.granted_on == kind && g.object == name) return true;
  if ((kind == "ROLE" || kind == "USER") && g.grantee_type == kind && g.grantee == name.name) {
    return true;
  }
  if (kind == "DATABASE" || kind == "SCHEMA") {
    const bool on_schema = g.granted_on == "SCHEMA";
    if (kind == "DATABASE") return g.object.database == name.name && !g.object.database.empty();
    return !on_schema && g.object.database == name.database && g.object.schema == name.name;
  }
  return false;
}

Value NameJson(const ObjectName& n) {
  return Value{{"database", n.database}, {"schema", n.schema}, {"name", n.name}};
}

ObjectName NameFrom(const Value& v) {
  return {v.value("database", std::string()), v.value("schema", std::string()),
          v.value("name", std::string())};
}

}  // namespace

std::string QuoteIfNeeded(const std::string& identifier) {
  bool bare = !identifier.empty() && !(identifier[0] >= '0' && identifier[0] <= '9') &&
              identifier[0] != '$';
  for (char c : identifier) {
    if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '$')) bare = false;
  }
  if (bare) return identifier;
  std::string out = "\"";
  for (char c : identifier) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string ObjectName::Display() const {
  std::string out;
  for (const std::string* part : {&database, &schema, &name}) {
    if (part->empty()) continue;
    if (!out.empty()) out += ".";
    out += QuoteIfNeeded(*part);
  }
  return out;
}

SfObject* SfCatalog::Find(const std::string& kind, const ObjectName& name) {
  auto k = objects_.find(kind);
  if (k == objects_.end()) return nullptr;
  auto it = k->second.find(name);
  return it == k->second.end() ? nullptr : &it->second;
}

const SfObject* SfCatalog::Find(const std::string& kind, const ObjectName& name) const {
  return const_cast<SfCatalog*>(this)->Find(kind, name);
}

SfObject& SfCatalog::Put(SfObject object) {
  auto& slot = objects_[object.kind][object.name];
  slot = std::move(object);
  return slot;
}

bool SfCatalog::Erase(const std::string& kind, const ObjectName& name) {
  auto k = objects_.find(kind);
  if (k == objects_.end() || k->second.erase(name) == 0) return false;
  if (kind == "DATABASE" || kind == "SCHEMA") {
    for (auto& [child_kind, objects] : objects_) {
      for (auto it = objects.begin(); it != objects.end();) {
        it = Inside(it->first, kind, name) ? objects.erase(it) : std::next(it);
      }
    }
    std::erase_if(future_, [&](const SfFutureGrant& f) {
      return kind == "DATABASE" ? f.container.database == name.name ||
                                      (!f.in_schema && f.container.name == name.name)
                                : f.in_schema && f.container.database == name.database &&
                                      f.container.name == name.name;
    });
  }
  std::erase_if(grants_, [&](const SfGrant& g) { return GrantTouches(g, kind, name); });
  if (kind == "ROLE") {
    std::erase_if(future_, [&](const SfFutureGrant& f) { return f.grantee == name.name; });
  }
  return true;
}

std::vector<const SfObject*> SfCatalog::List(const std::string& kind) const {
  std::vector<const SfObject*> out;
  auto k = objects_.find(kind);
  if (k == objects_.end()) return out;
  for (const auto& [_, object] : k->second) out.push_back(&object);
  return out;
}

void SfCatalog::Rename(const std::string& kind, const ObjectName& from, const ObjectName& to) {
  SfObject* object = Find(kind, from);
  if (object == nullptr) return;
  SfObject moved = *object;
  objects_[kind].erase(from);
  moved.name = to;
  Put(std::move(moved));
  for (auto& g : grants_) {
    if (g.granted_on == kind && g.object == from) g.object = to;
    if ((kind == "ROLE" || kind == "USER") && g.grantee_type == kind && g.grantee == from.name) {
      g.grantee = to.name;
    }
  }
}

void SfCatalog::GrantRole(const std::string& role, const std::string& grantee_type,
                          const std::string& grantee, const std::string& granted_by,
                          int64_t now_ms) {
  for (const auto& g : grants_) {
    if (g.granted_on == "ROLE" && g.object.name == role && g.grantee_type == grantee_type &&
        g.grantee == grantee) {
      return;
    }
  }
  SfGrant g;
  g.privilege = "USAGE";
  g.granted_on = "ROLE";
  g.object.name = role;
  g.grantee_type = grantee_type;
  g.grantee = grantee;
  g.granted_by = granted_by;
  g.created_ms = now_ms;
  grants_.push_back(std::move(g));
}

Value SfCatalog::Dump() const {
  Value objects = Value::array();
  for (const auto& [kind, by_name] : objects_) {
    for (const auto& [name, o] : by_name) {
      objects.push_back({{"kind", o.kind},
                         {"name", NameJson(o.name)},
                         {"owner", o.owner},
                         {"created_ms", o.created_ms},
                         {"props", o.props}});
    }
  }
  Value grants = Value::array();
  for (const auto& g : grants_) {
    grants.push_back({{"privilege", g.privilege},
                      {"granted_on", g.granted_on},
                      {"object", NameJson(g.object)},
                      {"grantee_type", g.grantee_type},
                      {"grantee", g.grantee},
                      {"grant_option", g.grant_option},
                      {"granted_by", g.granted_by},
                      {"created_ms", g.created_ms}});
  }
  Value future = Value::array();
  for (const auto& f : future_) {
    future.push_back({{"privilege", f.privilege},
                      {"object_kind", f.object_kind},
                      {"container", NameJson(f.container)},
                      {"in_schema", f.in_schema},
                      {"grantee", f.grantee},
                      {"grant_option", f.grant_option},
                      {"created_ms", f.created_ms}});
  }
  return {{"objects", objects}, {"grants", grants}, {"future_grants", future}};
}

Status SfCatalog::Load(const Value& state) {
  objects_.clear();
  grants_.clear();
  future_.clear();
  if (!state.is_object()) return Status::Corruption("snowflake state is not a JSON object");
  try {
    for (const auto& o : state.at("objects")) {
      SfObject object;
      object.kind = o.at("kind").get<std::string>();
      object.name = NameFrom(o.at("name"));
      object.owner = o.at("owner").get<std::string>();
      object.created_ms = o.at("created_ms").get<int64_t>();
      object.props = o.at("props");
      Put(std::move(object));
    }
    for (const auto& v : state.at("grants")) {
      SfGrant g;
      g.privilege = v.at("privilege").get<std::string>();
      g.granted_on = v.at("granted_on").get<std::string>();
      g.object = NameFrom(v.at("object"));
      g.grantee_type = v.at("grantee_type").get<std::string>();
      g.grantee = v.at("grantee").get<std::string>();
      g.grant_option = v.at("grant_option").get<bool>();
      g.granted_by = v.at("granted_by").get<std::string>();
      g.created_ms = v.at("created_ms").get<int64_t>();
      grants_.push_back(std::move(g));
    }
    for (const auto& v : state.at("future_grants")) {
      SfFutureGrant f;
      f.privilege = v.at("privilege").get<std::string>();
      f.object_kind = v.at("object_kind").get<std::string>();
      f.container = NameFrom(v.at("container"));
      f.in_schema = v.at("in_schema").get<bool>();
      f.grantee = v.at("grantee").get<std::string>();
      f.grant_option = v.at("grant_option").get<bool>();
      f.created_ms = v.at("created_ms").get<int64_t>();
      future_.push_back(std::move(f));
    }
  } catch (const nlohmann::json::exception& e) {
    objects_.clear();
    grants_.clear();
    future_.clear();
    return Status::Corruption(std::string("snowflake state is malformed: ") + e.what());
  }
  return Status::Ok();
}

void SfCatalog::Reset(const Bootstrap& b) {
  objects_.clear();
  grants_.clear();
  future_.clear();
  for (const char* role : {"ACCOUNTADMIN", "SECURITYADMIN", "USERADMIN", "SYSADMIN", "PUBLIC"}) {
    SfObject r;
    r.kind = "ROLE";
    r.name.name = role;
    r.created_ms = b.now_ms;
    r.props["COMMENT"] = std::string("System role ") + role;
    Put(std::move(r));
  }
  GrantRole("SECURITYADMIN", "ROLE", "ACCOUNTADMIN", "", b.now_ms);
  GrantRole("SYSADMIN", "ROLE", "ACCOUNTADMIN", "", b.now_ms);
  GrantRole("USERADMIN", "ROLE", "SECURITYADMIN", "", b.now_ms);
  const std::pair<const char*, const char*> kSystemPrivileges[] = {
      {"SYSADMIN", "CREATE DATABASE"},
      {"SYSADMIN", "CREATE WAREHOUSE"},
      {"USERADMIN", "CREATE ROLE"},
      {"USERADMIN", "CREATE USER"},
      {"SECURITYADMIN", "MANAGE GRANTS"}};
  for (const auto& [role, privilege] : kSystemPrivileges) {
    SfGrant g;
    g.privilege = privilege;
    g.granted_on = "ACCOUNT";
    g.grantee_type = "ROLE";
    g.grantee = role;
    g.created_ms = b.now_ms;
    grants_.push_back(std::move(g));
  }
  SfObject wh;
  wh.kind = "WAREHOUSE";
  wh.name.name = b.warehouse;
  wh.owner = "SYSADMIN";
  wh.created_ms = b.now_ms;
  wh.props = {{"WAREHOUSE_SIZE", "X-Small"}, {"AUTO_SUSPEND", 600}, {"AUTO_RESUME", "TRUE"}};
  Put(std::move(wh));
  SfObject user;
  user.kind = "USER";
  user.name.name = b.admin_user;
  user.owner = "ACCOUNTADMIN";
  user.created_ms = b.now_ms;
  user.props = {{"LOGIN_NAME", b.admin_user},
                {"DEFAULT_ROLE", b.admin_role},
                {"DEFAULT_WAREHOUSE", b.warehouse},
                {"RSA_PUBLIC_KEY", b.admin_public_key}};
  Put(std::move(user));
  GrantRole(b.admin_role, "USER", b.admin_user, "", b.now_ms);
}

}  // namespace causeway::sandbox::snowflake
