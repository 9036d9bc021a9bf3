// Plan <-> JSON (schema documented in README.md, "Plan JSON"). The summary is derived
// from the changes when writing and ignored when reading.
#include "reconciler/plan/plan_json.h"

namespace causeway {

namespace {

Value StringList(const std::vector<std::string>& v) {
  Value out = Value::array();
  for (const auto& s : v) out.push_back(s);
  return out;
}

Value ChangeToJson(const Change& c) {
  Value attrs = Value::array();
  for (const auto& a : c.attribute_changes) {
    attrs.push_back(Value{{"name", a.name},
                          {"before", a.before},
                          {"after", a.after},
                          {"forces_replacement", a.forces_replacement},
                          {"sensitive", a.sensitive}});
  }
  return Value{{"address", c.address.str()},
               {"kind", c.address.kind},
               {"name", c.address.name},
               {"action", ActionName(c.action)},
               {"id", c.id},
               {"before", c.before},
               {"before_outputs", c.before_outputs},
               {"after", c.after},
               {"config", c.config},
               {"attribute_changes", attrs},
               {"replace_reasons", StringList(c.replace_reasons)},
               {"bootstrap_attributes", StringList(c.bootstrap_attributes)},
               {"depends_on", StringList(c.depends_on)},
               {"reason", c.reason},
               {"holds_data", c.holds_data},
               {"allow_destroy", c.allow_destroy},
               {"undeclared", c.undeclared}};
}

Value UndeclaredToJson(const UndeclaredFinding& f) {
  return Value{{"container", f.found.container.str()},
               {"address", f.found.address.str()},
               {"kind", f.found.address.kind},
               {"name", f.found.address.name},
               {"id", f.found.id},
               {"attributes", f.found.attributes},
               {"summary", f.found.summary},
               {"privilege", f.found.privilege},
               {"removed", f.removed},
               {"note", f.note}};
}

// Field readers: each fails with InvalidArgument naming the field's path.
class Reader {
 public:
  Reader(const Value& obj, std::string path) : obj_(obj), path_(std::move(path)) {}

  Status Require() const {
    if (!obj_.is_object()) return Status::InvalidArgument(path_ + ": expected an object");
    return Status::Ok();
  }
  Status Str(const char* key, std::string* out) const {
    auto it = obj_.find(key);
    if (it == obj_.end() || !it->is_string()) return Bad(key, "a string");
    *out = it->get<std::string>();
    return Status::Ok();
  }
  Status Bool(const char* key, bool* out) const {
    auto it = obj_.find(key);
    if (it == obj_.end() || !it->is_boolean()) return Bad(key, "true or false");
    *out = it->get<bool>();
    return Status::Ok();
  }
  Status Uint(const char* key, uint64_t* out) const {
    auto it = obj_.find(key);
    if (it == obj_.end() || !it->is_number_integer() ||
        (it->is_number_integer() && !it->is_number_unsigned() && it->get<int64_t>() < 0)) {
      return Bad(key, "a non-negative integer");
    }
    *out = it->get<uint64_t>();
    return Status::Ok();
  }
  Status Any(const char* key, Value* out) const {
    auto it = obj_.find(key);
    if (it == obj_.end()) return Bad(key, "a value (null when absent)");
    *out = *it;
    return Status::Ok();
  }
  Status List(const char* key, std::vector<std::string>* out) const {
    auto it = obj_.find(key);
    if (it == obj_.end() || !it->is_array()) return Bad(key, "a list of strings");
    out->clear();
    for (const auto& e : *it) {
      if (!e.is_string()) return Bad(key, "a list of strings");
      out->push_back(e.get<std::string>());
    }
    return Status::Ok();
  }
  // A field added after format 1 was published: absent reads as `fallback`.
  Status OptionalBool(const char* key, bool fallback, bool* out) const {
    if (obj_.find(key) == obj_.end()) {
      *out = fallback;
      return Status::Ok();
    }
    return Bool(key, out);
  }
  Status Array(const char* key, const Value** out) const {
    auto it = obj_.find(key);
    if (it == obj_.end() || !it->is_array()) return Bad(key, "a list");
    *out = &*it;
    return Status::Ok();
  }

 private:
  Status Bad(const char* key, const char* expected) const {
    return Status::InvalidArgument(path_ + "." + key + ": expected " + expected);
  }
  const Value& obj_;
  std::string path_;
};

Result<Change> ChangeFromJson(const Value& j, const std::string& path) {
  Reader r(j, path);
  CW_RETURN_IF_ERROR(r.Require());
  Change c;
  std::string address, action;
  CW_RETURN_IF_ERROR(r.Str("address", &address));
  CW_RETURN_IF_ERROR(r.Str("kind", &c.address.kind));
  CW_RETURN_IF_ERROR(r.Str("name", &c.address.name));
  if (c.address.kind.empty() || !IsValidResourceName(c.address.name) ||
      c.address.str() != address) {
    return Status::InvalidArgument(path + ".address: \"" + address +
                                   "\" does not match kind and name");
  }
  CW_RETURN_IF_ERROR(r.Str("action", &action));
  if (!ParseAction(action, &c.action)) {
    return Status::InvalidArgument(path + ".action: unknown action \"" + action +
                                   "\" (expected no-op, create, update, replace, delete or "
                                   "deferred-update)");
  }
  CW_RETURN_IF_ERROR(r.Str("id", &c.id));
  CW_RETURN_IF_ERROR(r.Any("before", &c.before));
  CW_RETURN_IF_ERROR(r.Any("before_outputs", &c.before_outputs));
  CW_RETURN_IF_ERROR(r.Any("after", &c.after));
  CW_RETURN_IF_ERROR(r.Any("config", &c.config));
  const Value* attrs = nullptr;
  CW_RETURN_IF_ERROR(r.Array("attribute_changes", &attrs));
  for (size_t i = 0; i < attrs->size(); ++i) {
    Reader ar((*attrs)[i], path + ".attribute_changes[" + std::to_string(i) + "]");
    CW_RETURN_IF_ERROR(ar.Require());
    AttributeChange a;
    CW_RETURN_IF_ERROR(ar.Str("name", &a.name));
    CW_RETURN_IF_ERROR(ar.Any("before", &a.before));
    CW_RETURN_IF_ERROR(ar.Any("after", &a.after));
    CW_RETURN_IF_ERROR(ar.Bool("forces_replacement", &a.forces_replacement));
    CW_RETURN_IF_ERROR(ar.Bool("sensitive", &a.sensitive));
    c.attribute_changes.push_back(std::move(a));
  }
  CW_RETURN_IF_ERROR(r.List("replace_reasons", &c.replace_reasons));
  CW_RETURN_IF_ERROR(r.List("bootstrap_attributes", &c.bootstrap_attributes));
  CW_RETURN_IF_ERROR(r.List("depends_on", &c.depends_on));
  CW_RETURN_IF_ERROR(r.Str("reason", &c.reason));
  CW_RETURN_IF_ERROR(r.Bool("holds_data", &c.holds_data));
  CW_RETURN_IF_ERROR(r.Bool("allow_destroy", &c.allow_destroy));
  CW_RETURN_IF_ERROR(r.OptionalBool("undeclared", false, &c.undeclared));
  return c;
}

Result<UndeclaredFinding> UndeclaredFromJson(const Value& j, const std::string& path) {
  Reader r(j, path);
  CW_RETURN_IF_ERROR(r.Require());
  UndeclaredFinding f;
  std::string container, address;
  CW_RETURN_IF_ERROR(r.Str("container", &container));
  CW_RETURN_IF_ERROR(r.Str("address", &address));
  auto parsed_container = Address::Parse(container);
  if (!parsed_container) {
    return Status::InvalidArgument(path + ".container: \"" + container + "\" is not an address");
  }
  f.found.container = *parsed_container;
  CW_RETURN_IF_ERROR(r.Str("kind", &f.found.address.kind));
  CW_RETURN_IF_ERROR(r.Str("name", &f.found.address.name));
  if (f.found.address.str() != address) {
    return Status::InvalidArgument(path + ".address: \"" + address +
                                   "\" does not match kind and name");
  }
  CW_RETURN_IF_ERROR(r.Str("id", &f.found.id));
  CW_RETURN_IF_ERROR(r.Any("attributes", &f.found.attributes));
  CW_RETURN_IF_ERROR(r.Str("summary", &f.found.summary));
  CW_RETURN_IF_ERROR(r.Bool("privilege", &f.found.privilege));
  CW_RETURN_IF_ERROR(r.Bool("removed", &f.removed));
  CW_RETURN_IF_ERROR(r.Str("note", &f.note));
  return f;
}

}  // namespace

Value PlanToJson(const Plan& plan) {
  Value changes = Value::array();
  for (const auto& c : plan.changes) changes.push_back(ChangeToJson(c));
  Value undeclared = Value::array();
  for (const auto& f : plan.undeclared) undeclared.push_back(UndeclaredToJson(f));
  return Value{{"format_version", plan.format_version},
               {"lineage", plan.lineage},
               {"serial", plan.serial},
               {"manifest_digest", plan.manifest_digest},
               {"manifest_revision", plan.manifest_revision},
               {"destroy", plan.destroy},
               {"summary",
                {{"create", plan.Count(Action::kCreate)},
                 {"update", plan.Count(Action::kUpdate)},
                 {"replace", plan.Count(Action::kReplace)},
                 {"delete", plan.Count(Action::kDelete)},
                 {"deferred_update", plan.Count(Action::kDeferredUpdate)}}},
               {"changes", changes},
               {"undeclared", undeclared}};
}

Result<Plan> PlanFromJson(const Value& json) {
  Reader r(json, "plan");
  CW_RETURN_IF_ERROR(r.Require());
  Plan plan;
  uint64_t version = 0;
  CW_RETURN_IF_ERROR(r.Uint("format_version", &version));
  if (version != 1) {
    return Status::InvalidArgument("plan.format_version: " + std::to_string(version) +
                                   " is not supported (this causeway reads format 1)");
  }
  plan.format_version = 1;
  CW_RETURN_IF_ERROR(r.Str("lineage", &plan.lineage));
  CW_RETURN_IF_ERROR(r.Uint("serial", &plan.serial));
  CW_RETURN_IF_ERROR(r.Str("manifest_digest", &plan.manifest_digest));
  CW_RETURN_IF_ERROR(r.Str("manifest_revision", &plan.manifest_revision));
  CW_RETURN_IF_ERROR(r.Bool("destroy", &plan.destroy));
  const Value* changes = nullptr;
  CW_RETURN_IF_ERROR(r.Array("changes", &changes));
  for (size_t i = 0; i < changes->size(); ++i) {
    CW_ASSIGN_OR_RETURN(Change c,
                        ChangeFromJson((*changes)[i], "plan.changes[" + std::to_string(i) + "]"));
    plan.changes.push_back(std::move(c));
  }
  // Plans saved before security drift was reported have no "undeclared" list.
  if (json.contains("undeclared")) {
    const Value* undeclared = nullptr;
    CW_RETURN_IF_ERROR(r.Array("undeclared", &undeclared));
    for (size_t i = 0; i < undeclared->size(); ++i) {
      CW_ASSIGN_OR_RETURN(
          UndeclaredFinding f,
          UndeclaredFromJson((*undeclared)[i], "plan.undeclared[" + std::to_string(i) + "]"));
      plan.undeclared.push_back(std::move(f));
    }
  }
  return plan;
}

}  // namespace causeway
