// Parsing and schema-checking one resource document.
#include "manifests/resource_document.h"

#include "manifests/spec_validator.h"
#include "manifests/suggest.h"
#include "reconciler/core/address.h"

namespace causeway {

namespace {

const std::vector<std::string> kResourceKeys = {"kind", "name", "spec", "depends_on", "lifecycle"};
const std::vector<std::string> kLifecycleKeys = {"prevent_destroy", "allow_destroy",
                                                 "ignore_changes", "exclusive"};

void ReportUnknownKind(const RawDocument& doc, const SchemaSet& schemas,
                       std::vector<Diagnostic>* diagnostics) {
  std::vector<std::string> kinds;
  std::string same_provider;
  const std::string provider = Address{doc.kind, ""}.provider();
  for (const auto& [kind, schema] : schemas) {
    kinds.push_back(kind);
    if (Address{kind, ""}.provider() == provider) {
      same_provider += (same_provider.empty() ? "" : ", ") + kind;
    }
  }
  std::string message = "unknown kind '" + doc.kind + "'";
  std::string suggestion = DidYouMean(doc.kind, kinds);
  if (!suggestion.empty()) {
    message += suggestion;
  } else if (!same_provider.empty()) {
    message += "; provider '" + provider + "' has: " + same_provider;
  } else {
    message += ": no provider '" + provider + "' is registered";
  }
  diagnostics->push_back({doc.kind_value_at, message});
}

std::optional<bool> ScalarBool(const YamlNode& node) {
  if (!node.IsScalar()) return std::nullopt;
  Value v = ResolveScalar(node.Scalar(), node.Tag() == "?");
  if (!v.is_boolean()) return std::nullopt;
  return v.get<bool>();
}

// "lifecycle.exclusive on KIND removes nothing ..." with the kinds of the same provider it does
// apply to.
std::string NotAContainer(const std::string& kind, const SchemaSet& schemas) {
  const std::string provider = Address{kind, ""}.provider();
  std::string containers;
  for (const auto& [other, schema] : schemas) {
    if (schema.exclusive_removes.empty() || Address{other, ""}.provider() != provider) continue;
    containers += (containers.empty() ? "" : ", ") + other;
  }
  return "lifecycle.exclusive on " + kind +
         " would remove nothing: the provider reports nothing undeclared inside this kind; it "
         "applies to containers" +
         (containers.empty() ? std::string(" (none of provider '" + provider + "')")
                             : ": " + containers);
}

void ParseLifecycle(const RawDocument& doc, const Member& member, const KindSchema* schema,
                    const SchemaSet& schemas, Lifecycle* out,
                    std::vector<Diagnostic>* diagnostics) {
  if (!member.value.IsMap()) {
    diagnostics->push_back({member.value_at, "'lifecycle' must be a mapping of " +
                                                 JoinOr(kLifecycleKeys) + ", got " +
                                                 YamlShapeName(member.value)});
    return;
  }
  for (auto it = member.value.begin(); it != member.value.end(); ++it) {
    const YamlNode key_node = it->first;
    const YamlNode value = it->second;
    SourceLocation key_at = LocationOf(doc.file, key_node.Mark());
    SourceLocation value_at = value.IsNull() ? key_at : LocationOf(doc.file, value.Mark());
    const std::string key = key_node.IsScalar() ? key_node.Scalar() : "";
    if (key == "prevent_destroy" || key == "allow_destroy" || key == "exclusive") {
      auto b = ScalarBool(value);
      if (!b) {
        diagnostics->push_back(
            {value_at, "lifecycle." + key + " must be true or false, got " + YamlShapeName(value)});
        continue;
      }
      if (key == "exclusive" && *b && schema != nullptr && schema->exclusive_removes.empty()) {
        diagnostics->push_back({key_at, NotAContainer(schema->kind, schemas)});
        continue;
      }
      (key == "prevent_destroy" ? out->prevent_destroy
       : key == "allow_destroy" ? out->allow_destroy
                                : out->exclusive) = *b;
    } else if (key == "ignore_changes") {
      if (!value.IsSequence()) {
        diagnostics->push_back(
            {value_at, "lifecycle.ignore_changes must be a list of attribute names, got " +
                           YamlShapeName(value)});
        continue;
      }
      std::vector<std::string> names;
      if (schema != nullptr) {
        for (const auto& a : schema->attributes) names.push_back(a.name);
      }
      for (const auto& item : value) {
        SourceLocation item_at = LocationOf(doc.file, item.Mark());
        if (!item.IsScalar()) {
          diagnostics->push_back({item_at,
                                  "lifecycle.ignore_changes entries must be attribute "
                                  "names, got " +
                                      YamlShapeName(item)});
          continue;
        }
        const std::string attr = item.Scalar();
        if (schema != nullptr && schema->Find(attr) == nullptr) {
          diagnostics->push_back({item_at, "ignore_changes names unknown attribute '" + attr +
                                               "' of " + schema->kind + DidYouMean(attr, names)});
          continue;
        }
        out->ignore_changes.push_back(attr);
      }
    } else {
      std::string suggestion = DidYouMean(key, kLifecycleKeys);
      diagnostics->push_back(
          {key_at, "unknown lifecycle key '" + key + "'" +
                       (suggestion.empty() ? "; expected " + JoinOr(kLifecycleKeys) : suggestion)});
    }
  }
  if (out->prevent_destroy && out->allow_destroy) {
    diagnostics->push_back({member.key_at,
                            "lifecycle sets both prevent_destroy and allow_destroy; they "
                            "contradict each other, keep one"});
  }
}

void ParseDependsOn(const RawDocument& doc, const Member& member, ParsedResource* out,
                    std::vector<Diagnostic>* diagnostics) {
  if (!member.value.IsSequence()) {
    diagnostics->push_back({member.value_at,
                            "'depends_on' must be a list of resource addresses such as "
                            "mem.role.reader, got " +
                                YamlShapeName(member.value)});
    return;
  }
  for (const auto& item : member.value) {
    SourceLocation at = LocationOf(doc.file, item.Mark());
    if (!item.IsScalar() || !Address::Parse(item.Scalar())) {
      diagnostics->push_back(
          {at, "depends_on entry " +
                   (item.IsScalar() ? "'" + item.Scalar() + "'" : YamlShapeName(item)) +
                   " is not a resource address: expected KIND.NAME such as mem.role.reader"});
      continue;
    }
    out->depends_on.push_back({item.Scalar(), at});
  }
}

}  // namespace

std::optional<ParsedResource> ParseResourceDocument(const RawDocument& doc,
                                                    const SchemaSet& schemas, const VarTable& vars,
                                                    std::vector<Diagnostic>* diagnostics) {
  CheckDocumentKeys(doc, kResourceKeys, "resource document", diagnostics);
  ParsedResource out;
  auto schema_it = schemas.find(doc.kind);
  if (schema_it == schemas.end()) {
    ReportUnknownKind(doc, schemas, diagnostics);
  } else {
    out.schema = &schema_it->second;
  }
  out.decl.location = doc.at;
  out.decl.address.kind = doc.kind;

  // Without a usable name the rest is still checked (under KIND.NAME) so that every problem of
  // the document is reported at once.
  bool name_ok = false;
  auto name = FindMember(doc, "name");
  if (!name) {
    diagnostics->push_back({doc.at, "missing 'name' for " + doc.kind +
                                        ": expected a resource name made of letters, digits, _ "
                                        "and -"});
  } else if (!name->value.IsScalar() || !IsValidResourceName(name->value.Scalar())) {
    diagnostics->push_back(
        {name->value_at, "invalid resource name " +
                             (name->value.IsScalar() ? "'" + name->value.Scalar() + "'"
                                                     : YamlShapeName(name->value)) +
                             ": expected letters, digits, _ and -, starting with a letter or _"});
  } else {
    name_ok = true;
  }
  out.decl.address.name = name_ok ? name->value.Scalar() : "NAME";
  const std::string address = out.decl.address.str();

  auto spec = FindMember(doc, "spec");
  if (!spec) {
    diagnostics->push_back(
        {doc.at, "missing 'spec' for " + address + ": expected a mapping of attributes"});
  } else if (!spec->value.IsMap()) {
    diagnostics->push_back({spec->value_at, "'spec' of " + address +
                                                " must be a mapping of attributes, got " +
                                                YamlShapeName(spec->value)});
  } else {
    Value raw =
        YamlToValue(spec->value, doc.file, "", spec->key_at, &out.spec_locations, diagnostics);
    out.decl.spec = SubstituteVars(std::move(raw), vars, out.spec_locations, "", diagnostics);
    InheritLocations(out.decl.spec, "", &out.spec_locations);
    if (out.schema != nullptr) {
      ValidateSpec(out.decl.spec, *out.schema, address, out.spec_locations, diagnostics);
    }
    // Only the value locations are needed after this (reference checks).
    out.spec_locations.written.clear();
  }

  if (auto depends_on = FindMember(doc, "depends_on")) {
    ParseDependsOn(doc, *depends_on, &out, diagnostics);
  }
  if (auto lifecycle = FindMember(doc, "lifecycle")) {
    ParseLifecycle(doc, *lifecycle, out.schema, schemas, &out.decl.lifecycle, diagnostics);
  }
  if (!name_ok) return std::nullopt;
  return out;
}

}  // namespace causeway
