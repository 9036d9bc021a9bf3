// Schemas a provider publishes for its kinds: which attributes a resource of that kind has, their
// types, which are required, computed (outputs), force a replacement when changed, are secret,
// may be bootstrapped at create and updated later, and how to compare two values semantically.
// The engine validates manifests, diffs and plans only through these. Thread-safety: immutable
// after the provider builds them; share freely.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "reconciler/core/value.h"

namespace causeway {

enum class AttrType {
  kString,
  kNumber,
  kInteger,  // a whole number (a JSON number without a fractional part)
  kBool,
  kList,    // JSON array; with `fields`, a list of objects of that shape (columns, grants)
  kMap,     // JSON object with arbitrary keys
  kObject,  // any JSON (documents such as IAM policies); with `fields`, an object of that shape
};

const char* AttrTypeName(AttrType t);

// Turns a value into its canonical form for comparison (e.g. JSON policy documents with sorted
// statements, upper-cased identifiers, type aliases resolved). Must be pure and idempotent.
using Normalizer = std::function<Value(const Value&)>;
using ValueCheck = std::function<std::string(const Value&)>;

struct AttributeSchema {
  std::string name;
  AttrType type = AttrType::kString;
  bool required = false;   // must be set in the manifest
  bool computed = false;   // output only: set by the provider, never by the manifest
  bool force_new = false;  // a change means delete + create (replace)
  bool sensitive = false;  // never stored, logged or printed; state keeps a salted hash
  // May be created with `bootstrap` when its references are not yet known (a dependency cycle),
  // then updated in a deferred-update step once they are.
  bool updatable_after_create = false;
  Value bootstrap;                     // used only when updatable_after_create breaks a cycle
  std::optional<Value> default_value;  // what the provider uses when the manifest omits it
  Normalizer normalize;                // null means compare as-is
  // Checks a value of the attribute's type: returns "" when valid, otherwise what was expected,
  // e.g. "3 to 63 lowercase letters, digits, '.' and '-'". Validation runs it on the values the
  // manifests give literally, apply on every resolved value before the provider is called, so a
  // provider need not repeat the rule. Null accepts every value of the type. Pure; called from
  // any thread.
  ValueCheck check;
  std::string description;
  // The attributes of each item of a kList, or of a kObject, when the value has a fixed shape
  // (Glue columns: name, type, comment). Validated like top-level attributes, each problem at
  // its own file:line:column; `computed`, `force_new` and `updatable_after_create` are
  // meaningless here. Empty: any items / any JSON.
  std::vector<AttributeSchema> fields;

  const AttributeSchema* Field(const std::string& field) const {
    for (const auto& f : fields) {
      if (f.name == field) return &f;
    }
    return nullptr;
  }
};

struct KindSchema {
  std::string kind;  // "aws.iam.role"
  std::string description;
  std::vector<AttributeSchema> attributes;
  // Holds data (tables, buckets, databases, catalogs, schemas): delete/replace needs an opt-in.
  bool holds_data = false;
  // Why a delete or replace needs that opt-in when it is not the data the object holds (a
  // storage integration: re-creating it changes its external id); the plan's refusal says it
  // in place of "holds data".
  std::string destroy_note;
  // What `lifecycle: { exclusive: true }` removes from an object of this kind: the security
  // drift its provider reports inside it (Provider::undeclared), in words ("inline and attached
  // policies"). Empty: the kind holds nothing its provider reports, and validation refuses
  // exclusive on it.
  std::string exclusive_removes;
  // A deleted object of this kind can be re-created by rollback from its attributes.
  bool recreatable = true;
  // Shown in the plan beside every create/update/replace of this kind (e.g. that IAM changes
  // take seconds to propagate and dependent steps will wait for them).
  std::string change_note;
  // The attributes that name an object uniquely within its account (role_name; database + name
  // of a Glue table). An object whose id is not known yet (crash recovery, adoption) is found by
  // these. Empty: the kind has no natural key and is found by id only.
  std::vector<std::string> natural_key;

  const AttributeSchema* Find(const std::string& attr) const {
    for (const auto& a : attributes) {
      if (a.name == attr) return &a;
    }
    return nullptr;
  }
};

// All kinds known to the registered providers, by kind.
using SchemaSet = std::map<std::string, KindSchema>;

// The settings of one provider's block in the `providers:` document (region, profile, account,
// host...), validated like a resource's attributes: unknown keys with a suggestion, wrong types,
// value checks, each at its file:line:column. `kind` is the provider's name.
using ProviderSettingsSchema = KindSchema;
// By provider name.
using ProviderSettingsSchemas = std::map<std::string, ProviderSettingsSchema>;

// Runs `a.check` on `v`: "" when there is no check or the value passes, otherwise
// "invalid value for attribute 'NAME' of KIND: VALUE; expected WHAT" (a sensitive value is not
// shown). Used by validation on literal values and by apply on resolved ones.
inline std::string CheckAttribute(const std::string& kind, const AttributeSchema& a,
                                  const Value& v) {
  if (!a.check) return "";
  std::string expected = a.check(v);
  if (expected.empty()) return "";
  return "invalid value for attribute '" + a.name + "' of " + kind + ": " +
         (a.sensitive ? "(not shown: it is sensitive)" : v.dump()) + "; expected " + expected;
}

inline const char* AttrTypeName(AttrType t) {
  switch (t) {
    case AttrType::kString:
      return "string";
    case AttrType::kNumber:
      return "number";
    case AttrType::kInteger:
      return "integer";
    case AttrType::kBool:
      return "bool";
    case AttrType::kList:
      return "list";
    case AttrType::kMap:
      return "map";
    case AttrType::kObject:
      return "object";
  }
  return "unknown";
}

// Normalises `v` with the attribute's normaliser if it has one.
inline Value NormalizeAttr(const AttributeSchema* a, const Value& v) {
  if (a == nullptr || !a->normalize || v.is_null() || IsUnknown(v)) return v;
  return a->normalize(v);
}

}  // namespace causeway
