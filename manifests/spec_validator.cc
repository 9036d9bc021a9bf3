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
  if ((type == AttrType::kNumber || type == AttrType::kBool) && v.is_string()) {
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

void ValidateSpec(const Value& spec, const KindSchema& schema, const std::string& address,
                  const NodeLocations& locations, std::vector<Diagnostic>* diagnostics) {
  std::vector<std::string> names;
  std::string settable;
  for (const auto& a : schema.attributes) {
    names.push_back(a.name);
    if (!a.computed) settable += (settable.empty() ? "" : ", ") + a.name;
  }
  std::set<std::string> suggested;  // not also reported missing: one slip, one message
  for (auto it = spec.begin(); it != spec.end(); ++it) {
    const std::string& key = it.key();
    const std::string pointer = "/" + EscapePointerToken(key);
    const AttributeSchema* attr = schema.Find(key);
    if (attr == nullptr) {
      std::string suggestion = DidYouMean(key, names);
      suggested.insert(Nearest(key, names));
      diagnostics->push_back(
          {At(locations.written, pointer),
           "unknown attribute '" + key + "' for " + schema.kind +
               (suggestion.empty() ? "; expected one of: " + settable : suggestion)});
      continue;
    }
    if (attr->computed) {
      diagnostics->push_back({At(locations.written, pointer),
                              "attribute '" + key + "' of " + schema.kind +
                                  " is computed by the provider and cannot be set; reference it "
                                  "as ${" +
                                  address + "." + key + "}"});
      continue;
    }
    const Value& v = it.value();
    if (v.is_string() && IsWholeReference(v.get<std::string>())) continue;
    if (!TypeMatches(attr->type, v)) {
      diagnostics->push_back({At(locations.value, pointer),
                              "wrong type for attribute '" + key + "' of " + schema.kind +
                                  ": expected " + AttrTypeName(attr->type) + ", got " +
                                  ValueTypeName(v) + TypeHint(attr->type, v)});
      continue;
    }
    // A string with a reference inside is known only when applying (step_runner.cc checks it).
    if (!attr->check ||
        (v.is_string() && v.get_ref<const std::string&>().find("${") != std::string::npos)) {
      continue;
    }
    if (std::string invalid = CheckAttribute(schema.kind, *attr, v); !invalid.empty()) {
      diagnostics->push_back({At(locations.value, pointer), invalid});
    }
  }
  for (const auto& a : schema.attributes) {
    if (a.required && !a.computed && !spec.contains(a.name) && suggested.count(a.name) == 0) {
      diagnostics->push_back({At(locations.written, ""),
                              "missing required attribute '" + a.name + "' for " + address});
    }
  }
}

}  // namespace causeway
