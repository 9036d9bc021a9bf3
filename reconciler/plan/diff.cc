// Attribute diff of one resource against its live object.
#include "reconciler/plan/diff.h"

#include <algorithm>

namespace causeway {

namespace {

const Value kNull;

const AttributeSchema* FindAttr(const KindSchema* schema, const std::string& name) {
  return schema == nullptr ? nullptr : schema->Find(name);
}

bool Ignored(const std::vector<std::string>* ignore, const std::string& name) {
  return ignore != nullptr && std::find(ignore->begin(), ignore->end(), name) != ignore->end();
}

}  // namespace

std::vector<std::string> ComparedAttributes(const KindSchema* schema, const Value& spec) {
  std::set<std::string> names;
  if (spec.is_object()) {
    for (auto it = spec.begin(); it != spec.end(); ++it) {
      const AttributeSchema* a = FindAttr(schema, it.key());
      if (a == nullptr || !a->computed) names.insert(it.key());
    }
  }
  if (schema != nullptr) {
    for (const auto& a : schema->attributes) {
      if (!a.computed && a.default_value) names.insert(a.name);
    }
  }
  return {names.begin(), names.end()};
}

Value DesiredValue(const KindSchema* schema, const Value& desired, const std::string& name) {
  if (desired.is_object() && desired.contains(name)) return desired[name];
  const AttributeSchema* a = FindAttr(schema, name);
  if (a != nullptr && a->default_value) return *a->default_value;
  return Value();
}

bool AttributeEqual(const AttributeSchema* attr, const Value& live, const Value& desired) {
  if (ContainsUnknown(desired)) return false;
  const Value* before = &live;
  if (before->is_null() && attr != nullptr && attr->default_value) before = &*attr->default_value;
  // Without a normaliser NormalizeAttr is the identity: compare without copying.
  if (attr == nullptr || !attr->normalize) return *before == desired;
  return NormalizeAttr(attr, *before) == NormalizeAttr(attr, desired);
}

bool SensitiveUnchanged(const std::map<std::string, std::string>* hashes, const std::string& name,
                        const Value& desired) {
  if (hashes == nullptr || ContainsUnknown(desired)) return false;
  auto it = hashes->find(name);
  return it != hashes->end() && SensitiveHashMatches(it->second, desired);
}

DiffResult DiffAttributes(const DiffInput& in) {
  DiffResult out;
  const Value empty = Value::object();
  const Value& spec = in.spec ? *in.spec : empty;
  const Value& desired = in.desired ? *in.desired : empty;
  const bool exists = in.live != nullptr;
  for (const auto& name : ComparedAttributes(in.schema, spec)) {
    if (in.skip.count(name)) continue;
    if (exists && Ignored(in.ignore_changes, name)) continue;
    const AttributeSchema* a = FindAttr(in.schema, name);
    // By reference: most attributes are unchanged and need no copy.
    const Value* want = &kNull;
    if (auto it = desired.is_object() ? desired.find(name) : desired.end(); it != desired.end()) {
      want = &*it;
    } else if (a != nullptr && a->default_value) {
      want = &*a->default_value;
    }
    if (!exists && want->is_null()) continue;  // a create sets nothing for it: not a change
    const Value* have = &kNull;
    if (exists && in.live->is_object()) {
      if (auto it = in.live->find(name); it != in.live->end()) have = &*it;
    }
    AttributeChange c;
    c.name = name;
    c.forces_replacement = exists && a != nullptr && a->force_new;
    if (a != nullptr && a->sensitive) {
      if (exists && SensitiveUnchanged(in.sensitive_hashes, name, *want)) continue;
      c.sensitive = true;
      c.before = exists ? Value(kSensitiveMarker) : Value();
      c.after = Value(kSensitiveMarker);
    } else {
      if (exists && AttributeEqual(a, *have, *want)) continue;
      c.before = *have;
      c.after = *want;
    }
    if (c.forces_replacement) out.replace_reasons.push_back(name);
    out.changes.push_back(std::move(c));
  }
  return out;
}

}  // namespace causeway
