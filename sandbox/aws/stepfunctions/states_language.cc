// Amazon States Language definition checks (see states_language.h).
#include "sandbox/aws/stepfunctions/states_language.h"

#include <set>
#include <vector>

#include "reconciler/core/value.h"

namespace causeway::sandbox {

namespace {

const std::set<std::string>& StateTypes() {
  static const std::set<std::string> kTypes = {"Task",    "Pass", "Choice",   "Wait",
                                               "Succeed", "Fail", "Parallel", "Map"};
  return kTypes;
}

std::string Problem(const std::string& code, const std::string& detail, const std::string& at) {
  return code + ": " + detail + " at " + (at.empty() ? "/" : at);
}

// Checks one machine (the top level, a Parallel branch, a Map processor) at JSON pointer `at`;
// appends problems to `out`.
void CheckMachine(const Value& m, const std::string& at, std::vector<std::string>* out) {
  if (!m.is_object()) {
    out->push_back(Problem("SCHEMA_VALIDATION_FAILED", "Expected an object", at));
    return;
  }
  std::vector<std::string> missing;
  for (const char* f : {"StartAt", "States"}) {
    if (!m.contains(f)) missing.push_back(f);
  }
  if (!missing.empty()) {
    std::string list;
    for (const auto& f : missing) list += (list.empty() ? "" : ", ") + f;
    out->push_back(
        Problem("SCHEMA_VALIDATION_FAILED", "These fields are required: [" + list + "]", at));
    return;
  }
  const Value& states = m["States"];
  if (!states.is_object() || states.empty()) {
    out->push_back(Problem("SCHEMA_VALIDATION_FAILED",
                           "The field 'States' should be a non-empty object", at + "/States"));
    return;
  }
  if (!m["StartAt"].is_string()) {
    out->push_back(Problem("SCHEMA_VALIDATION_FAILED", "The field 'StartAt' should be a string",
                           at + "/StartAt"));
  } else if (!states.contains(m["StartAt"].get<std::string>())) {
    out->push_back(Problem("MISSING_TRANSITION_TARGET",
                           "Missing 'Next' target: " + m["StartAt"].get<std::string>(),
                           at + "/StartAt"));
  }
  auto target = [&](const Value& next, const std::string& where) {
    if (!next.is_string()) {
      out->push_back(
          Problem("SCHEMA_VALIDATION_FAILED", "The field 'Next' should be a string", where));
    } else if (!states.contains(next.get<std::string>())) {
      out->push_back(Problem("MISSING_TRANSITION_TARGET",
                             "Missing 'Next' target: " + next.get<std::string>(), where));
    }
  };
  for (const auto& [name, s] : states.items()) {
    const std::string here = at + "/States/" + name;
    if (name.empty() || name.size() > 80) {
      out->push_back(
          Problem("SCHEMA_VALIDATION_FAILED", "State names must be 1 to 80 characters long", here));
    }
    if (!s.is_object()) {
      out->push_back(Problem("SCHEMA_VALIDATION_FAILED", "Expected an object", here));
      continue;
    }
    if (!s.contains("Type")) {
      out->push_back(
          Problem("SCHEMA_VALIDATION_FAILED", "These fields are required: [Type]", here));
      continue;
    }
    const Value& type = s["Type"];
    if (!type.is_string() || !StateTypes().count(type.get<std::string>())) {
      out->push_back(Problem("SCHEMA_VALIDATION_FAILED",
                             "The field 'Type' should have one of these values: [Task, Wait, "
                             "Pass, Succeed, Fail, Choice, Parallel, Map]",
                             here + "/Type"));
      continue;
    }
    const std::string t = type.get<std::string>();
    bool terminal_type = t == "Succeed" || t == "Fail" || t == "Choice";
    if (terminal_type) {
      for (const char* f : {"Next", "End"}) {
        if (s.contains(f)) {
          out->push_back(Problem("SCHEMA_VALIDATION_FAILED",
                                 "Field '" + std::string(f) + "' is not supported",
                                 here + "/" + f));
        }
      }
    } else if (s.contains("Next") == s.contains("End")) {
      out->push_back(Problem("SCHEMA_VALIDATION_FAILED",
                             "Exactly one of these fields is required: [Next, End]", here));
    } else if (s.contains("Next")) {
      target(s["Next"], here + "/Next");
    } else if (s["End"] != true) {
      out->push_back(Problem("SCHEMA_VALIDATION_FAILED",
                             "The value of the field 'End' should be true", here + "/End"));
    }
    if (t == "Task" && !s.contains("Resource")) {
      out->push_back(
          Problem("SCHEMA_VALIDATION_FAILED", "These fields are required: [Resource]", here));
    } else if (t == "Choice") {
      const Value& choices = s.value("Choices", Value());
      if (!choices.is_array() || choices.empty()) {
        out->push_back(Problem("SCHEMA_VALIDATION_FAILED",
                               "The field 'Choices' should be a non-empty array", here));
      } else {
        for (size_t i = 0; i < choices.size(); ++i) {
          std::string where = here + "/Choices/" + std::to_string(i);
          if (!choices[i].is_object() || !choices[i].contains("Next")) {
            out->push_back(
                Problem("SCHEMA_VALIDATION_FAILED", "These fields are required: [Next]", where));
          } else {
            target(choices[i]["Next"], where + "/Next");
          }
        }
      }
      if (s.contains("Default")) target(s["Default"], here + "/Default");
    } else if (t == "Wait") {
      int given = 0;
      for (const char* f : {"Seconds", "Timestamp", "SecondsPath", "TimestampPath"}) {
        given += s.contains(f) ? 1 : 0;
      }
      if (given != 1) {
        out->push_back(
            Problem("SCHEMA_VALIDATION_FAILED",
                    "Exactly one of these fields is required: [Seconds, Timestamp, SecondsPath, "
                    "TimestampPath]",
                    here));
      }
    } else if (t == "Parallel") {
      const Value& branches = s.value("Branches", Value());
      if (!branches.is_array() || branches.empty()) {
        out->push_back(Problem("SCHEMA_VALIDATION_FAILED",
                               "The field 'Branches' should be a non-empty array", here));
      } else {
        for (size_t i = 0; i < branches.size(); ++i) {
          CheckMachine(branches[i], here + "/Branches/" + std::to_string(i), out);
        }
      }
    } else if (t == "Map") {
      const char* field = s.contains("ItemProcessor") ? "ItemProcessor" : "Iterator";
      if (!s.contains(field)) {
        out->push_back(Problem("SCHEMA_VALIDATION_FAILED",
                               "These fields are required: [ItemProcessor]", here));
      } else {
        CheckMachine(s[field], here + "/" + field, out);
      }
    }
  }
}

}  // namespace

std::string CheckStatesLanguage(const std::string& definition) {
  const std::string prefix = "Invalid State Machine Definition: '";
  Value m;
  try {
    m = Value::parse(definition);
  } catch (const nlohmann::json::exception& e) {
    return prefix + "INVALID_JSON_DESCRIPTION: " + e.what() + "'";
  }
  if (!m.is_object()) {
    return prefix + "SCHEMA_VALIDATION_FAILED: The definition should be a JSON object at /'";
  }
  std::vector<std::string> problems;
  CheckMachine(m, "", &problems);
  if (problems.empty()) return "";
  std::string joined;
  for (const auto& p : problems) joined += (joined.empty() ? "" : ", ") + p;
  return prefix + joined + "'";
}

}  // namespace causeway::sandbox
