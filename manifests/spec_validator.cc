// Schema checks of one resource spec.
#include "manifests/spec_validator.h"

#include <set>

#include "manifests/suggest.h"
#include "reconciler/core/reference.h"

namespace causeway {

namespace {

bool TypeMatches(AttrType type, const Value& v) {
  switch (type) {
    case AttrType::kString:
      return v.is_string();
    case AttrType::kNumber:
      return v.is_number();
    case AttrType::kInteger:
      return v.is_number_integer() ||
             (v.is_number_float() &&
              v.get<double>() == static_cast<double>(static_cast<int64_t>(v.get<double>())));
    case AttrType::kBool:
      return v.is_boolean();
    case AttrType::kList:
      return v.is_array();
    case AttrType::kMap:
      return v.is_object();
    case AttrType::kObject:
      return !v.is_null();
  }
  return false;
}

// A hint for the common YAML slip behind a type mismatch, or "".
std::string TypeHint(AttrType type, const Value& v) {
  if (type == AttrType::kString && (v.is_number() || v.is_boolean())) {
    return " (quote the value to keep it a string)";
  }
  if (type == AttrType::kInteger && v.is_number()) return " (a whole number)";
  if ((type == AttrType::kNumber || type == AttrType::kInteger || type == AttrType::kBool) &&
      v.is_string()) {
    Value plain = ResolveScalar(v.get<std::string>(), /*plain=*/true);
    if (TypeMatches(type, plain)) return " (remove the quotes)";
  }
  if (type == AttrType::kBool && v.is_string()) {
    for (const char* word : {"yes", "no", "on", "off", "y", "n"}) {
      if (EditDistance(v.get<std::string>(), word) == 0) return " (write true or false)";
    }
  }
  return "";
}

SourceLocation At(const std::map<std::string, SourceLocation>& m, const std::string& pointer) {
  auto it = m.find(pointer);
  return it == m.end() ? SourceLocation{} : it->second;
}

}  // namespace

bool IsWholeReference(const std::string& s) {
  auto refs = FindReferences(s, nullptr);
  return refs.size() == 1 && s == refs[0].str();
}

namespace {

bool HasReferenceText(const Value& v) {
  if (v.is_string()) return v.get_ref<const std::string&>().find("${") != std::string::npos;
  if (v.is_array() || v.is_object()) {
    for (const auto& item : v) {
      if (HasReferenceText(item)) return true;
    }
  }
  return false;
}

// What is being validated, for messages: the kind and, inside a nested value, where.
struct Scope {
  const std::string& kind;
  const std::string& address;
  std::string within;  // "" at the top level, "columns[2]" inside a list item
  const char* noun;    // "attribute" or "setting"

  std::string Name(const std::string& key) const {
    return within.empty() ? std::string(noun) + " '" + key + "' of " + kind
                          : "field '" + key + "' of " + within + " in " + kind;
  }
};

void ValidateAttributes(const Value& object, const std::vector<AttributeSchema>& attributes,
                        const Scope& scope, const std::string& prefix,
                        const NodeLocations& locations, std::vector<Diagnostic>* diagnostics);

// Checks a value of a known attribute: type, value check, nested shape.
void ValidateValue(const Value& v, const AttributeSchema& attr, const std::string& key,
                   const Scope& scope, const std::string& pointer, const NodeLocations& locations,
                   std::vector<Diagnostic>* diagnostics) {
  if (v.is_string() && IsWholeReference(v.get<std::string>())) return;
  if (!TypeMatches(attr.type, v)) {
    diagnostics->push_back(
        {At(locations.value, pointer), "wrong type for " + scope.Name(key) + ": expected " +
                                           AttrTypeName(attr.type) + ", got " + ValueTypeName(v) +
                                           TypeHint(attr.type, v)});
    return;
  }
  if (!attr.fields.empty()) {
    if (attr.type == AttrType::kList) {
      for (size_t i = 0; i < v.size(); ++i) {
        const Value& item = v[i];
        const std::string item_pointer = pointer + "/" + std::to_string(i);
        if (item.is_string() && IsWholeReference(item.get<std::string>())) continue;
        Scope inner{
            scope.kind, scope.address,
            (scope.within.empty() ? key : scope.within + "." + key) + "[" + std::to_string(i) + "]",
            scope.noun};
        if (!item.is_object()) {
          diagnostics->push_back({At(locations.value, item_pointer),
                                  "wrong type for " + inner.within + " in " + scope.kind +
                                      ": expected an object with " + attr.fields.front().name +
                                      (attr.fields.size() > 1 ? ", ..." : "") + ", got " +
                                      ValueTypeName(item)});
          continue;
        }
        ValidateAttributes(item, attr.fields, inner, item_pointer, locations, diagnostics);
      }
    } else if (v.is_object()) {
      Scope inner{scope.kind, scope.address, scope.within.empty() ? key : scope.within + "." + key,
                  scope.noun};
      ValidateAttributes(v, attr.fields, inner, pointer, locations, diagnostics);
    }
  }
  // A value with a reference inside is known only when applying (step_runner.cc checks it).
  if (!attr.check || HasReferenceText(v)) return;
  if (std::string expected = attr.check(v); !expected.empty()) {
    // CheckAttribute's wording, naming a nested field or a provider setting as such.
    diagnostics->push_back({At(locations.value, pointer),
                            "invalid value for " + scope.Name(key) + ": " +
                                (attr.sensitive ? "(not shown: it is sensitive)" : v.dump()) +
                                "; expected " + expected});
  }
}

void ValidateAttributes(const Value& object, const std::vector<AttributeSchema>& attributes,
                        const Scope& scope, const std::string& prefix,
                        const NodeLocations& locations, std::vector<Diagnostic>* diagnostics) {
  std::vector<std::string> names;
  std::string settable;
  for (const auto& a : attributes) {
    names.push_back(a.name);
    if (!a.computed) settable += (settable.empty() ? "" : ", ") + a.name;
  }
  std::set<std::string> suggested;  // not also reported missing: one slip, one message
  for (auto it = object.begin(); it != object.end(); ++it) {
    const std::string& key = it.key();
    const std::string pointer = prefix + "/" + EscapePointerToken(key);
    const AttributeSchema* attr = nullptr;
    for (const auto& a : attributes) {
      if (a.name == key) attr = &a;
    }
    if (attr == nullptr) {
      std::string suggestion = DidYouMean(key, names);
      suggested.insert(Nearest(key, names));
      std::string what =
          scope.within.empty()
              ? "unknown " + std::string(scope.noun) + " '" + key + "' for " + scope.kind
              : "unknown field '" + key + "' in " + scope.within + " of " + scope.kind;
      diagnostics->push_back(
          {At(locations.written, pointer),
           what + (suggestion.empty() ? "; expected one of: " + settable : suggestion)});
      continue;
    }
    if (attr->computed) {
      diagnostics->push_back({At(locations.written, pointer),
                              scope.Name(key) +
                                  " is computed by the provider and cannot be set; reference it "
                                  "as ${" +
                                  scope.address + "." + key + "}"});
      continue;
    }
    ValidateValue(it.value(), *attr, key, scope, pointer, locations, diagnostics);
  }
  for (const auto& a : attributes) {
    if (a.required && !a.computed && !object.contains(a.name) && suggested.count(a.name) == 0) {
      diagnostics->push_back({At(locations.written, prefix),
                              scope.within.empty() ? "missing required " + std::string(scope.noun) +
                                                         " '" + a.name + "' for " + scope.address
                                                   : "missing required field '" + a.name + "' in " +
                                                         scope.within + " of " + scope.address});
    }
  }
}

}  // namespace

void ValidateSpec(const Value& spec, const KindSchema& schema, const std::string& address,
                  const NodeLocations& locations, std::vector<Diagnostic>* diagnostics,
                  const SpecValidation& how) {
  ValidateAttributes(spec, schema.attributes, Scope{schema.kind, address, "", how.noun},
                     how.pointer_prefix, locations, diagnostics);
}

}  // namespace causeway
