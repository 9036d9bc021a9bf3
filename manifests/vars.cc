// Variable declarations, overrides and ${var.x} substitution.
#include "manifests/vars.h"

#include "manifests/suggest.h"
#include "reconciler/core/address.h"
#include "reconciler/core/filesystem.h"
#include "reconciler/core/reference.h"
#include "reconciler/core/utf8.h"

namespace causeway {

namespace {

// Stands in for "$${" while Interpolate runs so that escapes survive for the planner.
constexpr char kEscapeMark[] = "\x01{";

std::string ReplaceAll(std::string s, const std::string& from, const std::string& to) {
  size_t pos = 0;
  while ((pos = s.find(from, pos)) != std::string::npos) {
    s.replace(pos, from.size(), to);
    pos += to.size();
  }
  return s;
}

std::vector<std::string> DeclaredNames(const VarTable& vars) {
  std::vector<std::string> names;
  for (const auto& [name, value] : vars.values) names.push_back(name);
  return names;
}

SourceLocation LocationAt(const NodeLocations& locations, const std::string& pointer) {
  auto it = locations.value.find(pointer);
  return it == locations.value.end() ? SourceLocation{} : it->second;
}

Value SubstituteString(const std::string& s, const VarTable& vars, const SourceLocation& at,
                       std::vector<Diagnostic>* diagnostics) {
  std::vector<std::string> errors;
  auto refs = FindReferences(s, &errors);
  for (const auto& e : errors) diagnostics->push_back({at, e});
  bool has_var = false;
  for (const auto& r : refs) {
    if (!r.is_var) continue;
    has_var = true;
    if (vars.values.count(r.var) == 0) {
      diagnostics->push_back({at, "unknown variable '" + r.var + "' in " + r.str() +
                                      DidYouMean(r.var, DeclaredNames(vars))});
    }
  }
  if (!has_var) return s;
  Value out = Interpolate(Value(ReplaceAll(s, "$${", kEscapeMark)),
                          [&vars](const Reference& r) -> std::optional<Value> {
                            if (r.is_var) {
                              auto it = vars.values.find(r.var);
                              if (it != vars.values.end()) return it->second;
                            }
                            return Value(r.str());  // kept for the planner / already reported
                          });
  if (out.is_string()) return ReplaceAll(out.get<std::string>(), kEscapeMark, "$${");
  return out;
}

}  // namespace

void DeclareVars(const YamlNode& spec, const std::string& file, VarTable* vars,
                 std::vector<Diagnostic>* diagnostics) {
  for (auto it = spec.begin(); it != spec.end(); ++it) {
    SourceLocation at = LocationOf(file, it->first.Mark());
    if (!it->first.IsScalar()) {
      diagnostics->push_back({at, "variable names must be plain strings"});
      continue;
    }
    const std::string name = it->first.Scalar();
    if (!IsValidResourceName(name)) {
      diagnostics->push_back({at, "invalid variable name '" + name +
                                      "': expected letters, digits, _ and -, starting with a "
                                      "letter or _"});
      continue;
    }
    auto prev = vars->declared_at.find(name);
    if (prev != vars->declared_at.end()) {
      diagnostics->push_back(
          {at, "duplicate variable '" + name + "': already declared at " + prev->second.str()});
      continue;
    }
    NodeLocations ignored;
    vars->values[name] = YamlToValue(it->second, file, "", at, &ignored, diagnostics);
    vars->declared_at[name] = at;
  }
}

Value ParseVarText(const std::string& text) {
  if (text.empty()) return text;
  YamlStream parsed = ParseYamlFirstDocument(text);  // not YAML: the text itself
  if (parsed.error) return text;
  const YamlNode& node = parsed.documents.front().root;
  if (node.IsScalar()) return ResolveScalar(node.Scalar(), node.Tag() == "?");
  return text;
}

void ApplyVarOverrides(const LoadOptions& options, VarTable* vars,
                       std::vector<Diagnostic>* diagnostics) {
  auto undeclared = [vars](const std::string& name) {
    return "variable '" + name + "' is not declared in any vars document" +
           DidYouMean(name, DeclaredNames(*vars));
  };
  for (const auto& path : options.var_files) {
    auto content = RealFileSystem()->ReadFile(path);
    if (!content.ok()) {
      diagnostics->push_back(
          FileDiagnostic(path, "cannot read var file: " + content.status().message()));
      continue;
    }
    YamlStream parsed = ParseYamlFirstDocument(*content);
    if (parsed.error) {
      diagnostics->push_back(
          {LocationOf(path, parsed.error->mark),
           (parsed.error->syntax ? "YAML syntax error: " : "cannot read YAML: ") +
               parsed.error->message});
      continue;
    }
    const YamlNode root = parsed.documents.front().root;
    if (root.IsNull()) continue;  // an empty file sets nothing
    if (!root.IsMap()) {
      diagnostics->push_back(
          {LocationOf(path, root.Mark()),
           "a var file must be a mapping of variable names to values, got " + YamlShapeName(root)});
      continue;
    }
    for (auto it = root.begin(); it != root.end(); ++it) {
      SourceLocation at = LocationOf(path, it->first.Mark());
      const std::string name = it->first.IsScalar() ? it->first.Scalar() : "";
      if (vars->values.count(name) == 0) {
        diagnostics->push_back({at, undeclared(name)});
        continue;
      }
      NodeLocations ignored;
      vars->values[name] = YamlToValue(it->second, path, "", at, &ignored, diagnostics);
    }
  }
  for (const auto& [name, text] : options.var_overrides) {
    if (vars->values.count(name) == 0) {
      diagnostics->push_back(FileDiagnostic("--var", undeclared(name)));
      continue;
    }
    if (!IsUtf8(text)) {
      diagnostics->push_back(
          FileDiagnostic("--var", "the value of '" + name + "' is not UTF-8 text"));
      continue;
    }
    vars->values[name] = ParseVarText(text);
  }
  for (const auto& [name, value] : vars->values) {
    if (value.is_null()) {
      diagnostics->push_back(
          {vars->declared_at[name], "variable '" + name +
                                        "' has no value: give it a default or set it "
                                        "with --var " +
                                        name + "=VALUE or in a --var-file"});
    }
  }
}

namespace {

void SubstituteInPlace(Value* v, const VarTable& vars, const NodeLocations& locations,
                       const std::string& pointer, std::vector<Diagnostic>* diagnostics) {
  if (v->is_string()) {
    const std::string& s = v->get_ref<const std::string&>();
    if (s.find("${") == std::string::npos) return;  // no reference, nothing to report
    Value replaced = SubstituteString(s, vars, LocationAt(locations, pointer), diagnostics);
    *v = std::move(replaced);
  } else if (v->is_object()) {
    for (auto it = v->begin(); it != v->end(); ++it) {
      SubstituteInPlace(&it.value(), vars, locations, pointer + "/" + EscapePointerToken(it.key()),
                        diagnostics);
    }
  } else if (v->is_array()) {
    for (size_t i = 0; i < v->size(); ++i) {
      SubstituteInPlace(&(*v)[i], vars, locations, pointer + "/" + std::to_string(i), diagnostics);
    }
  }
}

}  // namespace

Value SubstituteVars(Value v, const VarTable& vars, const NodeLocations& locations,
                     const std::string& pointer, std::vector<Diagnostic>* diagnostics) {
  SubstituteInPlace(&v, vars, locations, pointer, diagnostics);
  return v;
}

}  // namespace causeway
