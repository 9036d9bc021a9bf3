// MemoryProvider: kinds, the map that stands in for a cloud, persistence and fault injection.
#include "providers/memory/memory_provider.h"

#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <map>
#include <set>
#include <thread>

#include "reconciler/core/ascii.h"
#include "reconciler/core/filesystem.h"

namespace causeway {

namespace {

Value UpperString(const Value& v) { return v.is_string() ? Value(Upper(v.get<std::string>())) : v; }

// Privilege lists compare as sets, case-insensitively.
Value PrivilegeSet(const Value& v) {
  if (!v.is_array()) return v;
  std::set<std::string> s;
  for (const auto& e : v) s.insert(e.is_string() ? Upper(e.get<std::string>()) : e.dump());
  Value out = Value::array();
  for (const auto& e : s) out.push_back(e);
  return out;
}

// Policy documents: a single statement object and a one-element list are the same; "Version"
// defaults to 2012-10-17; statement order does not matter.
Value PolicyDocument(const Value& v) {
  if (!v.is_object()) return v;
  Value out = v;
  if (!out.contains("Version")) out["Version"] = "2012-10-17";
  if (out.contains("Statement")) {
    Value st = out["Statement"];
    if (st.is_object()) st = Value::array({st});
    if (st.is_array()) {
      std::vector<std::string> dumps;
      for (auto& s : st) dumps.push_back(CanonicalJson(s));
      std::sort(dumps.begin(), dumps.end());
      Value sorted = Value::array();
      for (auto& d : dumps) sorted.push_back(Value::parse(d));
      st = sorted;
    }
    out["Statement"] = st;
  }
  return out;
}

AttributeSchema Attr(std::string name, AttrType type, bool required = false,
                     bool force_new = false) {
  AttributeSchema a;
  a.name = std::move(name);
  a.type = type;
  a.required = required;
  a.force_new = force_new;
  return a;
}

AttributeSchema Computed(std::string name) {
  AttributeSchema a = Attr(std::move(name), AttrType::kString);
  a.computed = true;
  return a;
}

AttributeSchema WithDefault(AttributeSchema a, Value v) {
  a.default_value = std::move(v);
  return a;
}

AttributeSchema WithNormalizer(AttributeSchema a, Normalizer n) {
  a.normalize = std::move(n);
  return a;
}

KindSchema NewKind(std::string kind, std::string description) {
  KindSchema k;
  k.kind = std::move(kind);
  k.description = std::move(description);
  return k;
}

std::vector<KindSchema> BuildSchemas() {
  std::vector<KindSchema> out;
  {
    KindSchema k =
        NewKind("mem.role", "An identity with a trust policy (shaped like an IAM role).");
    AttributeSchema trust =
        WithNormalizer(Attr("trust_policy", AttrType::kObject, true), PolicyDocument);
    trust.updatable_after_create = true;
    trust.bootstrap = Value{{"Version", "2012-10-17"}, {"Statement", Value::array()}};
    k.attributes = {Attr("role_name", AttrType::kString, true, true),
                    trust,
                    WithDefault(Attr("description", AttrType::kString), ""),
                    WithDefault(Attr("path", AttrType::kString, false, true), "/"),
                    Computed("arn"),
                    Computed("role_id")};
    k.exclusive_removes = "inline policies (mem.role_policy) no manifest declares";
    out.push_back(k);
  }
  {
    KindSchema k = NewKind("mem.role_policy", "An inline policy of a role.");
    k.attributes = {Attr("role", AttrType::kString, true, true),
                    Attr("policy_name", AttrType::kString, true, true),
                    WithNormalizer(Attr("policy", AttrType::kObject, true), PolicyDocument)};
    out.push_back(k);
  }
  {
    KindSchema k =
        NewKind("mem.integration",
                "Trusts a role and gets an identity and external id of its own (shaped like a "
                "storage integration).");
    k.attributes = {WithNormalizer(Attr("name", AttrType::kString, true, true), UpperString),
                    Attr("role_arn", AttrType::kString, true),
                    WithDefault(Attr("allowed_locations", AttrType::kList), Value::array()),
                    WithDefault(Attr("enabled", AttrType::kBool), true),
                    WithDefault(Attr("comment", AttrType::kString), ""),
                    Computed("iam_user_arn"),
                    Computed("external_id")};
    out.push_back(k);
  }
  {
    KindSchema k = NewKind("mem.bucket", "An object store bucket (holds data).");
    k.holds_data = true;
    k.attributes = {Attr("bucket", AttrType::kString, true, true),
                    WithDefault(Attr("versioning", AttrType::kBool), false),
                    WithDefault(Attr("tags", AttrType::kMap), Value::object()), Computed("arn")};
    out.push_back(k);
  }
  {
    KindSchema k = NewKind("mem.database", "A database (holds data; names are case-insensitive).");
    k.holds_data = true;
    k.exclusive_removes = "grants and tables no manifest declares (tables with --allow-destroy)";
    k.attributes = {WithNormalizer(Attr("name", AttrType::kString, true, true), UpperString),
                    WithDefault(Attr("comment", AttrType::kString), "")};
    out.push_back(k);
  }
  {
    KindSchema k = NewKind("mem.table", "A table (holds data).");
    k.holds_data = true;
    k.attributes = {WithNormalizer(Attr("database", AttrType::kString, true, true), UpperString),
                    WithNormalizer(Attr("name", AttrType::kString, true, true), UpperString),
                    Attr("columns", AttrType::kList, true),
                    WithDefault(Attr("comment", AttrType::kString), ""),
                    WithDefault(Attr("location", AttrType::kString, false, true), "")};
    out.push_back(k);
  }
  {
    KindSchema k = NewKind("mem.grant", "Privileges on an object for a principal.");
    k.attributes = {Attr("principal", AttrType::kString, true, true),
                    Attr("on", AttrType::kString, true, true),
                    WithNormalizer(Attr("privileges", AttrType::kList, true), PrivilegeSet)};
    out.push_back(k);
  }
  {
    KindSchema k = NewKind("mem.secret", "A named secret whose value is never read back.");
    AttributeSchema value = Attr("value", AttrType::kString, true);
    value.sensitive = true;
    k.attributes = {Attr("name", AttrType::kString, true, true), value, Computed("version")};
    out.push_back(k);
  }
  return out;
}

const std::vector<KindSchema>& Schemas() {
  static const std::vector<KindSchema> s = [] {
    std::vector<KindSchema> out = BuildSchemas();
    const std::map<std::string, std::vector<std::string>> keys = {
        {"mem.role", {"role_name"}},        {"mem.role_policy", {"role", "policy_name"}},
        {"mem.integration", {"name"}},      {"mem.bucket", {"bucket"}},
        {"mem.database", {"name"}},         {"mem.table", {"database", "name"}},
        {"mem.grant", {"on", "principal"}}, {"mem.secret", {"name"}}};
    for (auto& k : out) k.natural_key = keys.at(k.kind);
    return out;
  }();
  return s;
}

const KindSchema* FindSchema(const std::string& kind) {
  for (const auto& k : Schemas()) {
    if (k.kind == kind) return &k;
  }
  return nullptr;
}

std::string Str(const Value& attrs, const std::string& key) {
  if (!attrs.is_object() || !attrs.contains(key) || !attrs[key].is_string()) return "";
  return attrs[key].get<std::string>();
}

// The provider id of an object: its natural key (composite for tables and grants).
std::string IdFor(const std::string& kind, const Value& attrs) {
  if (kind == "mem.table") return Upper(Str(attrs, "database")) + "." + Upper(Str(attrs, "name"));
  if (kind == "mem.grant") return Str(attrs, "on") + "/" + Str(attrs, "principal");
  if (kind == "mem.role_policy") return Str(attrs, "role") + ":" + Str(attrs, "policy_name");
  std::string key = Str(attrs, MemoryProvider::KeyAttribute(kind));
  if (kind == "mem.database" || kind == "mem.integration") return Upper(key);
  return key;
}

// Attributes as the cloud keeps them: defaults filled in, computed ones dropped.
Value Stored(const KindSchema& schema, const Value& attrs) {
  Value out = Value::object();
  for (const auto& a : schema.attributes) {
    if (a.computed) continue;
    if (attrs.contains(a.name) && !attrs[a.name].is_null()) {
      out[a.name] = attrs[a.name];
    } else if (a.default_value) {
      out[a.name] = *a.default_value;
    }
  }
  return out;
}

// Attributes as observe returns them: sensitive values are never read back.
Value Visible(const KindSchema& schema, const Value& attrs) {
  Value out = attrs;
  for (const auto& a : schema.attributes) {
    if (a.sensitive) out.erase(a.name);
  }
  return out;
}

}  // namespace

MemoryProvider::MemoryProvider() = default;

MemoryProvider::~MemoryProvider() {
  std::lock_guard<std::mutex> l(mu_);
  if (log_entries_ > 0) (void)Compact();  // a process that dies first leaves the log to replay
}

std::vector<KindSchema> MemoryProvider::schemas() const { return Schemas(); }

std::string MemoryProvider::KeyAttribute(const std::string& kind) {
  if (kind == "mem.role") return "role_name";
  if (kind == "mem.bucket") return "bucket";
  return "name";
}

ProviderSettingsSchema MemoryProvider::settings_schema() const {
  auto setting = [](const char* name, AttrType type, const char* description) {
    AttributeSchema a;
    a.name = name;
    a.type = type;
    a.description = description;
    return a;
  };
  ProviderSettingsSchema s;
  s.kind = "mem";
  s.description = "The in-memory provider's settings";
  s.attributes = {
      setting("path", AttrType::kString, "File the live objects persist to (none: memory only)"),
      setting("fail_mutation", AttrType::kInteger, "Fail the Nth create/update/delete (tests)"),
      setting("crash_after_mutations", AttrType::kInteger,
              "Exit the process after N mutations, as a crash would (tests)"),
      setting("latency_ms", AttrType::kInteger, "Delay every call by this many ms"),
      setting("fail_on", AttrType::kMap, "{address: create|update|delete}: fail that call"),
  };
  return s;
}

Status MemoryProvider::configure(const Value& config) {
  if (!config.is_object()) return Status::InvalidArgument("providers.mem must be a mapping");
  const ProviderSettingsSchema settings = settings_schema();
  for (auto it = config.begin(); it != config.end(); ++it) {
    const AttributeSchema* a = settings.Find(it.key());
    if (a == nullptr) {
      return Status::InvalidArgument("providers.mem: unknown setting '" + it.key() +
                                     "' (expected path, fail_mutation, crash_after_mutations, "
                                     "latency_ms, fail_on)");
    }
    bool ok = a->type == AttrType::kString    ? it->is_string()
              : a->type == AttrType::kInteger ? it->is_number_integer()
                                              : it->is_object();
    if (ok && a->type == AttrType::kMap) {
      for (const auto& v : *it) ok = ok && v.is_string();
    }
    if (!ok) {
      return Status::InvalidArgument(
          "providers.mem." + it.key() + " must be " +
          (a->type == AttrType::kMap ? std::string("a map of strings") : AttrTypeName(a->type)));
    }
  }
  {
    std::lock_guard<std::mutex> l(mu_);
    path_ = config.value("path", std::string());
  }
  if (config.contains("latency_ms")) latency_ms_ = config["latency_ms"].get<int>();
  if (config.contains("fail_mutation")) FailMutation(config["fail_mutation"].get<int>());
  if (config.contains("crash_after_mutations")) {
    // Simulates a crash mid-apply: the process dies without unwinding, as under SIGKILL.
    AfterMutation(config["crash_after_mutations"].get<int>(), [] { ::_exit(137); });
  }
  if (config.contains("fail_on")) {
    for (auto it = config["fail_on"].begin(); it != config["fail_on"].end(); ++it) {
      FailOn(it.value().get<std::string>(), it.key(), Status::ProviderError("injected failure"));
    }
  }
  std::lock_guard<std::mutex> l(mu_);
  return Load();
}

Status MemoryProvider::Load() {
  live_.clear();
  log_entries_ = 0;
  if (path_.empty()) return Status::Ok();
  CW_ASSIGN_OR_RETURN(Value objects, ReadLiveFiles(path_));
  for (auto k = objects.begin(); k != objects.end(); ++k) {
    for (auto o = k.value().begin(); o != k.value().end(); ++o) {
      live_[k.key()][o.key()] = Object{o.value()["attributes"], o.value()["outputs"]};
    }
  }
  // A log left by a process that died before compacting was replayed above; it is folded into
  // the file only by a process that mutates (a reader compacting could drop a writer's records).
  return Status::Ok();
}

Result<Value> MemoryProvider::ReadLiveFiles(const std::string& path) {
  FileSystem* fs = RealFileSystem();
  Value objects = Value::object();
  if (fs->Exists(path)) {
    CW_ASSIGN_OR_RETURN(std::string data, fs->ReadFile(path));
    Value j = Value::parse(data, nullptr, false);
    if (j.is_discarded() || !j.is_object()) return Status::Corruption("cannot parse " + path);
    if (j.contains("objects") && j["objects"].is_object()) objects = std::move(j["objects"]);
  }
  const std::string log = path + ".log";
  if (!fs->Exists(log)) return objects;
  CW_ASSIGN_OR_RETURN(std::string data, fs->ReadFile(log));
  size_t start = 0;
  while (start < data.size()) {
    size_t end = data.find('\n', start);
    if (end == std::string::npos) break;  // a torn last record: its mutation never returned
    Value r = Value::parse(data.substr(start, end - start), nullptr, false);
    if (r.is_discarded() || !r.is_object() || !r.contains("kind") || !r["kind"].is_string() ||
        !r.contains("id") || !r["id"].is_string()) {
      return Status::Corruption("cannot parse " + log + " at byte " + std::to_string(start));
    }
    const std::string kind = r["kind"].get<std::string>();
    const std::string id = r["id"].get<std::string>();
    if (r.contains("object")) {
      objects[kind][id] = std::move(r["object"]);
    } else if (objects.contains(kind)) {
      objects[kind].erase(id);
      if (objects[kind].empty()) objects.erase(kind);
    }
    start = end + 1;
  }
  return objects;
}

Status MemoryProvider::Compact() {
  if (path_.empty()) return Status::Ok();
  Value objects = Value::object();
  for (const auto& [kind, objs] : live_) {
    for (const auto& [id, o] : objs) {
      objects[kind][id] = Value{{"attributes", o.attributes}, {"outputs", o.outputs}};
    }
  }
  CW_RETURN_IF_ERROR(
      RealFileSystem()->WriteFileAtomic(path_, Value{{"objects", objects}}.dump(1), 0600));
  log_entries_ = 0;
  return RealFileSystem()->Remove(LogPath());
}

Status MemoryProvider::Persist(const std::string& kind, const std::string& id) {
  if (path_.empty()) return Status::Ok();
  size_t objects = 0;
  for (const auto& [k, objs] : live_) objects += objs.size();
  // Rewriting the whole file on every mutation made an apply quadratic (10k resources took
  // minutes); a synced log record per mutation, folded into the file once the log is as long as
  // the live set, keeps it linear with the same durability.
  if (log_entries_ >= std::max<size_t>(1024, objects)) return Compact();
  Value record = {{"kind", kind}, {"id", id}};
  auto k = live_.find(kind);
  if (k != live_.end()) {
    auto o = k->second.find(id);
    if (o != k->second.end()) {
      record["object"] = {{"attributes", o->second.attributes}, {"outputs", o->second.outputs}};
    }
  }
  CW_RETURN_IF_ERROR(RealFileSystem()->AppendSynced(LogPath(), record.dump() + "\n", 0600));
  ++log_entries_;
  return Status::Ok();
}

void MemoryProvider::Count(const std::string& op) { counts_[op]++; }

Status MemoryProvider::MaybeFail(const std::string& op, const Address& address, bool mutation) {
  int latency = latency_ms_.load();
  if (latency > 0) std::this_thread::sleep_for(std::chrono::milliseconds(latency));
  if (!fail_on_.empty()) {
    auto it = fail_on_.find(op + " " + address.str());
    if (it != fail_on_.end()) return it->second;
  }
  if (mutation) {
    ++mutation_calls_;
    if (fail_mutation_ > 0 && mutation_calls_ == fail_mutation_) return fail_status_;
  }
  return Status::Ok();
}

void MemoryProvider::AfterMutationLocked() {
  ++mutations_;
  if (hook_ && mutations_ == hook_after_) hook_();
}

Value MemoryProvider::Outputs(const std::string& kind, const std::string& id, const Value& attrs) {
  std::string h =
      Sha256Hex(kind + "/" + id + "/" + std::to_string(counts_["create"])).substr(0, 12);
  if (kind == "mem.role") {
    return Value{
        {"arn", "arn:mem:iam::000000000000:role" + attrs.value("path", std::string("/")) + id},
        {"role_id", "AROA" + Upper(h)}};
  }
  if (kind == "mem.integration") {
    return Value{{"iam_user_arn", "arn:mem:iam::999999999999:user/int-" + h},
                 {"external_id", "EXT_" + Upper(h)}};
  }
  if (kind == "mem.bucket") return Value{{"arn", "arn:mem:s3:::" + id}};
  if (kind == "mem.secret") return Value{{"version", h.substr(0, 6)}};
  return Value::object();
}

Result<std::vector<Observation>> MemoryProvider::observe(const std::vector<ObserveItem>& items) {
  std::lock_guard<std::mutex> l(mu_);
  std::set<std::string> kinds;
  for (const auto& item : items) {
    CW_RETURN_IF_ERROR(MaybeFail("observe", item.address, false));
    kinds.insert(item.address.kind);
  }
  for (size_t i = 0; i < kinds.size(); ++i) Count("observe");
  std::vector<Observation> out;
  out.reserve(items.size());
  for (const auto& item : items) {
    const KindSchema* schema = FindSchema(item.address.kind);
    if (schema == nullptr) return Status::InvalidArgument("unknown kind " + item.address.kind);
    Observation o;
    o.address = item.address;
    std::string id = item.id.empty() ? IdFor(item.address.kind, item.attributes) : item.id;
    auto k = live_.find(item.address.kind);
    if (k != live_.end()) {
      auto it = k->second.find(id);
      if (it != k->second.end()) {
        o.exists = true;
        o.id = id;
        o.attributes = Visible(*schema, it->second.attributes);
        o.outputs = it->second.outputs;
      }
    }
    out.push_back(std::move(o));
  }
  return out;
}

Result<ResourceResult> MemoryProvider::create(const CreateRequest& request) {
  std::lock_guard<std::mutex> l(mu_);
  Count("create");
  CW_RETURN_IF_ERROR(MaybeFail("create", request.address, true));
  const KindSchema* schema = FindSchema(request.address.kind);
  if (schema == nullptr) return Status::InvalidArgument("unknown kind " + request.address.kind);
  if (ContainsUnknown(request.attributes)) {
    return Status::InvalidArgument("create " + request.address.str() + ": unresolved value");
  }
  for (const auto& a : schema->attributes) {
    if (a.required && !request.attributes.contains(a.name)) {
      return Status::InvalidArgument("create " + request.address.str() + ": missing " + a.name);
    }
  }
  std::string id = IdFor(request.address.kind, request.attributes);
  auto& objs = live_[request.address.kind];
  auto it = objs.find(id);
  if (it == objs.end()) {
    Object o;
    o.attributes = Stored(*schema, request.attributes);
    o.outputs = Outputs(request.address.kind, id, o.attributes);
    it = objs.emplace(id, std::move(o)).first;
  }
  // An existing object with the same natural key is adopted (create is idempotent).
  ResourceResult r{id, Visible(*schema, it->second.attributes), it->second.outputs};
  CW_RETURN_IF_ERROR(Persist(request.address.kind, id));
  AfterMutationLocked();
  return r;
}

Result<ResourceResult> MemoryProvider::update(const UpdateRequest& request) {
  std::lock_guard<std::mutex> l(mu_);
  Count("update");
  CW_RETURN_IF_ERROR(MaybeFail("update", request.address, true));
  const KindSchema* schema = FindSchema(request.address.kind);
  if (schema == nullptr) return Status::InvalidArgument("unknown kind " + request.address.kind);
  if (ContainsUnknown(request.after)) {
    return Status::InvalidArgument("update " + request.address.str() + ": unresolved value");
  }
  auto& objs = live_[request.address.kind];
  auto it = objs.find(request.id);
  if (it == objs.end()) {
    return Status::NotFound(request.address.kind + " " + request.id + " does not exist");
  }
  Value next = Stored(*schema, request.after);
  for (const auto& a : schema->attributes) {
    if (a.force_new &&
        next.value(a.name, Value()) != it->second.attributes.value(a.name, Value())) {
      return Status::InvalidArgument("update " + request.address.str() + ": " + a.name +
                                     " cannot change in place");
    }
    // A sensitive value not supplied keeps its current value.
    if (a.sensitive && !request.after.contains(a.name) && it->second.attributes.contains(a.name)) {
      next[a.name] = it->second.attributes[a.name];
    }
  }
  it->second.attributes = next;
  ResourceResult r{request.id, Visible(*schema, next), it->second.outputs};
  CW_RETURN_IF_ERROR(Persist(request.address.kind, request.id));
  AfterMutationLocked();
  return r;
}

Status MemoryProvider::remove(const DeleteRequest& request) {
  std::lock_guard<std::mutex> l(mu_);
  Count("remove");
  CW_RETURN_IF_ERROR(MaybeFail("remove", request.address, true));
  CW_RETURN_IF_ERROR(RefuseParentWithChildren(request.address, request.id));
  auto k = live_.find(request.address.kind);
  if (k != live_.end()) {
    k->second.erase(request.id);
    if (k->second.empty()) live_.erase(k);
  }
  CW_RETURN_IF_ERROR(Persist(request.address.kind, request.id));
  AfterMutationLocked();
  return Status::Ok();
}

Status MemoryProvider::RefuseParentWithChildren(const Address& address,
                                                const std::string& id) const {
  // kind of the children, and the attribute of a child that names its parent's id.
  std::string child_kind, parent_attribute, what;
  if (address.kind == "mem.role") {
    child_kind = "mem.role_policy";
    parent_attribute = "role";
    what = "inline policies";
  } else if (address.kind == "mem.database") {
    child_kind = "mem.table";
    parent_attribute = "database";
    what = "tables";
  } else {
    return Status::Ok();
  }
  auto k = live_.find(address.kind);
  if (k == live_.end() || !k->second.count(id)) return Status::Ok();  // missing: nothing to refuse
  auto children = live_.find(child_kind);
  if (children == live_.end()) return Status::Ok();
  std::vector<std::string> found;
  for (const auto& [child_id, o] : children->second) {
    std::string parent = Str(o.attributes, parent_attribute);
    // Database names are case-insensitive (their id is upper case); role names are not.
    if (address.kind == "mem.database") parent = Upper(parent);
    if (parent == id) found.push_back(child_id);
  }
  if (found.empty()) return Status::Ok();
  std::string list;
  for (const auto& c : found) list += (list.empty() ? "" : ", ") + c;
  return Status::Conflict("DeleteConflict: cannot delete " + address.kind + " " + id +
                          ": it still has " + what + " (" + list + "); delete them first");
}

namespace {

// "a, b" for a string or a list of strings; "?" for anything else.
std::string Listed(const Value& v) {
  if (v.is_string()) return v.get<std::string>();
  if (!v.is_array()) return "?";
  std::string out;
  for (const auto& e : v)
    out += (out.empty() ? "" : ", ") + (e.is_string() ? e.get<std::string>() : e.dump());
  return out;
}

// "inline policy "NAME" allows ACTIONS on RESOURCES" over the Allow statements of `policy`.
std::string InlinePolicySummary(const Value& attrs) {
  std::string what;
  const Value policy = attrs.value("policy", Value::object());
  const Value statements = policy.is_object() ? policy.value("Statement", Value::array()) : Value();
  for (const auto& st : statements.is_array() ? statements : Value::array({statements})) {
    if (!st.is_object() || st.value("Effect", std::string()) != "Allow") continue;
    what += (what.empty() ? "" : "; ") + Listed(st.value("Action", Value())) + " on " +
            Listed(st.value("Resource", Value()));
  }
  return "inline policy \"" + Str(attrs, "policy_name") + "\" allows " +
         (what.empty() ? std::string("nothing") : what);
}

}  // namespace

Result<std::vector<Undeclared>> MemoryProvider::undeclared(
    const std::vector<ObserveItem>& managed) {
  std::lock_guard<std::mutex> l(mu_);
  std::set<std::string> declared;  // "kind id" of every managed resource
  struct Container {
    Address address;
    std::string id;
  };
  std::vector<Container> roles, databases;
  for (const auto& item : managed) {
    CW_RETURN_IF_ERROR(MaybeFail("undeclared", item.address, false));
    const std::string& kind = item.address.kind;
    std::string id = item.id.empty() ? IdFor(kind, item.attributes) : item.id;
    declared.insert(kind + " " + id);
    if (kind == "mem.role") roles.push_back({item.address, id});
    if (kind == "mem.database") databases.push_back({item.address, Upper(id)});
  }
  std::vector<Undeclared> out;
  auto children = [&](const std::string& kind) -> const std::map<std::string, Object>& {
    static const std::map<std::string, Object> kNone;
    auto k = live_.find(kind);
    return k == live_.end() ? kNone : k->second;
  };
  auto add = [&](const Address& container, const std::string& kind, const std::string& id,
                 const Object& o, std::string summary, bool privilege) {
    if (declared.count(kind + " " + id)) return;
    Undeclared u;
    u.container = container;
    u.address = Address{kind, UndeclaredName(id)};
    u.id = id;
    u.attributes = Visible(*FindSchema(kind), o.attributes);
    u.summary = std::move(summary);
    u.privilege = privilege;
    out.push_back(std::move(u));
  };
  for (const auto& role : roles) {
    Count("undeclared");
    for (const auto& [id, o] : children("mem.role_policy")) {
      if (Str(o.attributes, "role") != role.id) continue;
      add(role.address, "mem.role_policy", id, o, InlinePolicySummary(o.attributes), true);
    }
  }
  for (const auto& db : databases) {
    Count("undeclared");
    for (const auto& [id, o] : children("mem.grant")) {
      if (Upper(Str(o.attributes, "on")) != db.id) continue;
      add(db.address, "mem.grant", id, o,
          "grant of " + Listed(o.attributes.value("privileges", Value())) + " on " + db.id +
              " to " + Str(o.attributes, "principal"),
          true);
    }
    for (const auto& [id, o] : children("mem.table")) {
      if (Upper(Str(o.attributes, "database")) != db.id) continue;
      add(db.address, "mem.table", id, o, "table " + id, false);
    }
  }
  return out;
}

Result<std::vector<Observation>> MemoryProvider::list(const ListRequest& request) {
  std::lock_guard<std::mutex> l(mu_);
  Count("list");
  const KindSchema* schema = FindSchema(request.kind);
  if (schema == nullptr) return Status::InvalidArgument("unknown kind " + request.kind);
  std::vector<Observation> out;
  auto k = live_.find(request.kind);
  if (k == live_.end()) return out;
  for (const auto& [id, o] : k->second) {
    bool match = true;
    for (auto it = request.scope.begin(); it != request.scope.end(); ++it) {
      if (o.attributes.value(it.key(), Value()) != it.value()) match = false;
    }
    if (!match) continue;
    Observation obs;
    obs.exists = true;
    obs.id = id;
    std::string name = id;
    for (auto& c : name) {
      if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_' && c != '-') c = '_';
    }
    if (name.empty() || !(std::isalpha(static_cast<unsigned char>(name[0])) || name[0] == '_')) {
      name = "_" + name;
    }
    obs.address = Address{request.kind, name};
    obs.attributes = Visible(*schema, o.attributes);
    obs.outputs = o.outputs;
    out.push_back(std::move(obs));
  }
  return out;
}

MemoryProvider::Live MemoryProvider::Snapshot() const {
  std::lock_guard<std::mutex> l(mu_);
  return live_;
}

std::string MemoryProvider::Dump() const {
  std::lock_guard<std::mutex> l(mu_);
  Value j = Value::object();
  for (const auto& [kind, objs] : live_) {
    for (const auto& [id, o] : objs) {
      j[kind][id] = Value{{"attributes", o.attributes}, {"outputs", o.outputs}};
    }
  }
  return CanonicalJson(j);
}

void MemoryProvider::Restore(const Live& live) {
  std::lock_guard<std::mutex> l(mu_);
  live_ = live;
  (void)Compact();
}

void MemoryProvider::PutOutOfBand(const std::string& kind, const std::string& id, Object object) {
  std::lock_guard<std::mutex> l(mu_);
  live_[kind][id] = std::move(object);
  (void)Persist(kind, id);
}

void MemoryProvider::EraseOutOfBand(const std::string& kind, const std::string& id) {
  std::lock_guard<std::mutex> l(mu_);
  auto k = live_.find(kind);
  if (k != live_.end()) k->second.erase(id);
  (void)Persist(kind, id);
}

void MemoryProvider::FailMutation(int n, Status status) {
  std::lock_guard<std::mutex> l(mu_);
  mutation_calls_ = 0;
  fail_mutation_ = n;
  fail_status_ = std::move(status);
}

void MemoryProvider::FailOn(const std::string& op, const std::string& address, Status status) {
  std::lock_guard<std::mutex> l(mu_);
  fail_on_[op + " " + address] = std::move(status);
}

void MemoryProvider::AfterMutation(int n, std::function<void()> hook) {
  std::lock_guard<std::mutex> l(mu_);
  mutations_ = 0;
  hook_after_ = n;
  hook_ = std::move(hook);
}

void MemoryProvider::ClearFaults() {
  std::lock_guard<std::mutex> l(mu_);
  fail_mutation_ = 0;
  mutation_calls_ = 0;
  fail_on_.clear();
  hook_ = nullptr;
  hook_after_ = 0;
}

std::map<std::string, int> MemoryProvider::Counts() const {
  std::lock_guard<std::mutex> l(mu_);
  return counts_;
}

int MemoryProvider::MutationCount() const {
  std::lock_guard<std::mutex> l(mu_);
  int n = 0;
  for (const char* op : {"create", "update", "remove"}) {
    auto it = counts_.find(op);
    if (it != counts_.end()) n += it->second;
  }
  return n;
}

void MemoryProvider::ResetCounts() {
  std::lock_guard<std::mutex> l(mu_);
  counts_.clear();
}

}  // namespace causeway
