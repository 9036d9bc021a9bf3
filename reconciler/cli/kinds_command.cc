// kinds: every resource kind the built-in providers manage, with its attributes, as a Markdown
// table (the README's kind reference is generated with it) or as JSON.
#include <iostream>
#include <set>

#include "reconciler/cli/commands.h"
#include "reconciler/cli/terminal.h"

namespace causeway {

namespace {

std::string Flags(const AttributeSchema& a) {
  std::string f;
  auto add = [&f](const std::string& s) { f += (f.empty() ? "" : ", ") + s; };
  if (a.required) add("required");
  if (a.computed) add("computed");
  if (a.force_new) add("forces replacement");
  if (a.updatable_after_create) add("updatable after create");
  if (a.sensitive) add("sensitive");
  if (a.default_value && !a.default_value->is_null()) add("default " + a.default_value->dump());
  return f;
}

// A Markdown table cell: '|' would end the cell.
std::string Cell(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == '|') out += '\\';
    out += c;
  }
  return out;
}

// "list of {name, type, comment}" for a typed nested attribute, else the type's name.
std::string TypeText(const AttributeSchema& a) {
  if (a.fields.empty()) return AttrTypeName(a.type);
  std::string names;
  for (const auto& f : a.fields) {
    names += (names.empty() ? "" : ", ") + f.name + (f.required ? "" : "?");
  }
  return std::string(a.type == AttrType::kList ? "list of " : "") + "{" + names + "}";
}

Value AttributeJson(const AttributeSchema& a) {
  Value attr = {{"name", a.name},
                {"type", AttrTypeName(a.type)},
                {"description", a.description},
                {"required", a.required},
                {"computed", a.computed},
                {"force_new", a.force_new},
                {"sensitive", a.sensitive},
                {"updatable_after_create", a.updatable_after_create}};
  if (a.default_value) attr["default"] = *a.default_value;  // present, even when null
  if (!a.fields.empty()) {
    attr["fields"] = Value::array();
    for (const auto& f : a.fields) attr["fields"].push_back(AttributeJson(f));
  }
  return attr;
}

}  // namespace

int KindsCommand(const GlobalOptions& g, const std::string& provider, bool json) {
  Workspace ws(g.workspace);
  std::set<std::string> providers;
  for (const auto& [kind, schema] : ws.registry().schemas()) {
    providers.insert(Address{kind, ""}.provider());
  }
  if (!provider.empty() && providers.count(provider) == 0) {
    std::string names;
    for (const auto& p : providers) names += (names.empty() ? "" : ", ") + p;
    PrintError("no provider '" + provider + "'; the providers are: " + names);
    return 1;
  }
  Value out = Value::array();
  for (const auto& [kind, schema] : ws.registry().schemas()) {
    if (!provider.empty() && kind.rfind(provider + ".", 0) != 0) continue;
    if (json) {
      Value k = {{"kind", kind},
                 {"description", schema.description},
                 {"holds_data", schema.holds_data},
                 {"exclusive_removes", schema.exclusive_removes},
                 {"natural_key", schema.natural_key},
                 {"attributes", Value::array()}};
      for (const auto& a : schema.attributes) k["attributes"].push_back(AttributeJson(a));
      out.push_back(k);
      continue;
    }
    std::cout << "### " << kind << (schema.holds_data ? " (holds data)" : "") << "\n\n";
    if (!schema.description.empty()) std::cout << schema.description << "\n\n";
    if (!schema.natural_key.empty()) {
      std::string key;
      for (const auto& k : schema.natural_key) key += (key.empty() ? "" : " + ") + k;
      std::cout << "Natural key: " << key << "\n\n";
    }
    if (!schema.exclusive_removes.empty()) {
      std::cout << "`lifecycle: { exclusive: true }` removes " << schema.exclusive_removes
                << ".\n\n";
    }
    std::cout << "| attribute | type | notes | description |\n| --- | --- | --- | --- |\n";
    for (const auto& a : schema.attributes) {
      std::cout << "| " << a.name << " | " << Cell(TypeText(a)) << " | " << Flags(a) << " | "
                << Cell(a.description) << " |\n";
    }
    std::cout << "\n";
  }
  if (json) std::cout << out.dump(2) << "\n";
  return 0;
}

}  // namespace causeway
