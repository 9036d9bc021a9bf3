// AttributeTable: schema, defaults, read-back, bodies and update calls from one table.
#include "providers/kit/attribute_table.h"

#include <algorithm>

namespace causeway::kit {

Attribute::Attribute(std::string name, AttrType type) {
  schema_.name = std::move(name);
  schema_.type = type;
}

Attribute& Attribute::Required() {
  schema_.required = true;
  return *this;
}
Attribute& Attribute::Computed() {
  schema_.computed = true;
  return *this;
}
Attribute& Attribute::Sensitive() {
  schema_.sensitive = true;
  return *this;
}
Attribute& Attribute::ForceNew() {
  schema_.force_new = true;
  return *this;
}
Attribute& Attribute::UpdatableAfterCreate(Value bootstrap) {
  schema_.updatable_after_create = true;
  schema_.bootstrap = std::move(bootstrap);
  return *this;
}
Attribute& Attribute::Default(Value v) {
  schema_.default_value = std::move(v);
  return *this;
}
Attribute& Attribute::Check(ValueCheck check) {
  schema_.check = std::move(check);
  return *this;
}
Attribute& Attribute::Normalize(Normalizer normalize) {
  schema_.normalize = std::move(normalize);
  return *this;
}
Attribute& Attribute::Describe(std::string description) {
  schema_.description = std::move(description);
  return *this;
}
Attribute& Attribute::Fields(const std::vector<Attribute>& fields) {
  schema_.fields.clear();
  for (const auto& f : fields) schema_.fields.push_back(f.schema());
  return *this;
}
Attribute& Attribute::Wire(std::string path) {
  read_ = path;
  write_ = std::move(path);
  return *this;
}
Attribute& Attribute::ReadFrom(std::string path) {
  read_ = std::move(path);
  return *this;
}
Attribute& Attribute::WriteTo(std::string path) {
  write_ = std::move(path);
  return *this;
}
Attribute& Attribute::Convert(ToWire to_wire, FromWire from_wire) {
  to_wire_ = std::move(to_wire);
  from_wire_ = std::move(from_wire);
  return *this;
}
Attribute& Attribute::KeepEmpty() {
  keep_empty_ = true;
  return *this;
}
Attribute& Attribute::Update(std::string call, std::string path, std::string clear_path) {
  update_call_ = std::move(call);
  update_path_ = std::move(path);
  clear_path_ = std::move(clear_path);
  return *this;
}

void SetPath(Value* object, const std::string& path, Value v) {
  Value* at = object;
  size_t start = 0;
  while (true) {
    size_t slash = path.find('/', start);
    std::string key = path.substr(start, slash == std::string::npos ? slash : slash - start);
    if (!at->is_object()) *at = Value::object();
    if (slash == std::string::npos) {
      (*at)[key] = std::move(v);
      return;
    }
    at = &(*at)[key];
    start = slash + 1;
  }
}

std::string StringAttr(const Value& attrs, const std::string& name) {
  if (!attrs.is_object()) return "";
  auto it = attrs.find(name);
  return it != attrs.end() && it->is_string() ? it->get<std::string>() : "";
}

bool BoolAttr(const Value& attrs, const std::string& name) {
  if (!attrs.is_object()) return false;
  auto it = attrs.find(name);
  return it != attrs.end() && it->is_boolean() && it->get<bool>();
}

std::string IdOr(const std::string& id, const Value& attrs, const std::string& key) {
  return !id.empty() ? id : StringAttr(attrs, key);
}

bool IsEmptyValue(const Value& v) {
  return v.is_null() || (v.is_string() && v.get_ref<const std::string&>().empty()) ||
         ((v.is_object() || v.is_array()) && v.empty());
}

AttributeTable::AttributeTable(std::vector<Attribute> rows) : rows_(std::move(rows)) {}

const Attribute* AttributeTable::Find(const std::string& name) const {
  for (const auto& r : rows_) {
    if (r.name() == name) return &r;
  }
  return nullptr;
}

KindSchema AttributeTable::Schema(std::string kind, std::string description,
                                  std::vector<std::string> natural_key) const {
  KindSchema s;
  s.kind = std::move(kind);
  s.description = std::move(description);
  s.natural_key = std::move(natural_key);
  for (const auto& r : rows_) s.attributes.push_back(r.schema());
  return s;
}

Value AttributeTable::WithDefaults(const Value& attrs) const {
  Value out = attrs.is_object() ? attrs : Value::object();
  for (const auto& r : rows_) {
    const AttributeSchema& a = r.schema();
    if (a.computed || !a.default_value) continue;
    auto it = out.find(a.name);
    if (it == out.end() || it->is_null()) out[a.name] = *a.default_value;
  }
  return out;
}

Value AttributeTable::Settled(const Value& attrs) const {
  Value with = WithDefaults(attrs);
  Value out = Value::object();
  for (const auto& r : rows_) {
    if (r.schema().computed) continue;
    auto it = with.find(r.name());
    if (it != with.end()) out[r.name()] = *it;
  }
  return out;
}

Status AttributeTable::Read(const ReplyReader& reply, Value* attributes, Value* outputs) const {
  for (const auto& r : rows_) {
    if (r.read_path().empty()) continue;
    const AttributeSchema& a = r.schema();
    // A converted attribute's wire form has its own type: read it as any JSON.
    AttrType wire_type = r.from_wire() ? AttrType::kObject : a.type;
    CW_ASSIGN_OR_RETURN(Value v, reply.Typed(r.read_path(), wire_type));
    if (!v.is_null() && r.from_wire()) {
      auto converted = r.from_wire()(v);
      if (!converted.ok()) {
        // A message that names a nested item or field ("[2].Name: ...") continues the path.
        const std::string& m = converted.status().message();
        bool nested = !m.empty() && (m[0] == '[' || m[0] == '.');
        return Status::ProviderError(reply.source() + ": " + reply.Where(r.read_path()) +
                                     (nested ? "" : ": ") + m);
      }
      v = std::move(converted).value();
    }
    if (v.is_null() && a.default_value) v = *a.default_value;
    (a.computed ? *outputs : *attributes)[a.name] = std::move(v);
  }
  return Status::Ok();
}

Value AttributeTable::CreateBody(const Value& attrs) const {
  Value with = WithDefaults(attrs);
  Value body = Value::object();
  for (const auto& r : rows_) {
    if (r.schema().computed || r.write_path().empty()) continue;
    auto it = with.find(r.name());
    if (it == with.end() || IsUnknown(*it)) continue;
    if (IsEmptyValue(*it) && !r.keep_empty()) continue;
    SetPath(&body, r.write_path(), r.to_wire() ? r.to_wire()(*it) : *it);
  }
  return body;
}

std::vector<std::string> AttributeTable::Changed(const Value& before, const Value& after) const {
  Value b = WithDefaults(before), a = WithDefaults(after);
  std::vector<std::string> out;
  for (const auto& r : rows_) {
    if (r.schema().computed) continue;
    auto bi = b.find(r.name());
    auto ai = a.find(r.name());
    Value bv = bi == b.end() ? Value() : NormalizeAttr(&r.schema(), *bi);
    Value av = ai == a.end() ? Value() : NormalizeAttr(&r.schema(), *ai);
    if (bv != av) out.push_back(r.name());
  }
  return out;
}

std::vector<UpdateCall> AttributeTable::Updates(const Value& before, const Value& after,
                                                const std::vector<std::string>& also) const {
  std::vector<std::string> changed = Changed(before, after);
  for (const auto& name : also) {
    if (std::find(changed.begin(), changed.end(), name) == changed.end()) changed.push_back(name);
  }
  Value a = WithDefaults(after);
  std::vector<UpdateCall> calls;
  for (const auto& r : rows_) {
    if (r.schema().computed || r.schema().force_new) continue;
    if (std::find(changed.begin(), changed.end(), r.name()) == changed.end()) continue;
    auto call = std::find_if(calls.begin(), calls.end(),
                             [&](const UpdateCall& c) { return c.call == r.update_call(); });
    if (call == calls.end()) {
      calls.push_back(UpdateCall{r.update_call(), Value::object(), {}});
      call = calls.end() - 1;
    }
    call->attributes.push_back(r.name());
    if (r.update_call().empty() || r.update_path().empty()) continue;
    auto it = a.find(r.name());
    Value v = it == a.end() ? Value() : *it;
    if (IsEmptyValue(v) && !r.clear_path().empty()) {
      SetPath(&call->body, r.clear_path(), true);
    } else if (!v.is_null() || r.keep_empty()) {
      SetPath(&call->body, r.update_path(), r.to_wire() ? r.to_wire()(v) : v);
    }
  }
  return calls;
}

}  // namespace causeway::kit
