// Policy document validation and trust-policy evaluation.
#include "sandbox/aws/policy_document.h"

#include <algorithm>
#include <cctype>

#include "reconciler/core/ascii.h"

namespace causeway::sandbox {

namespace {

std::vector<std::string> AsStrings(const Value& v) {
  std::vector<std::string> out;
  if (v.is_string()) {
    out.push_back(v.get<std::string>());
  } else if (v.is_array()) {
    for (const auto& e : v) {
      if (e.is_string()) out.push_back(e.get<std::string>());
    }
  }
  return out;
}

bool IsStringOrStringList(const Value& v) {
  if (v.is_string()) return true;
  if (!v.is_array() || v.empty()) return false;
  return std::all_of(v.begin(), v.end(), [](const Value& e) { return e.is_string(); });
}

std::string ValidateStatement(const Value& st, PolicyKind kind) {
  if (!st.is_object()) return "Syntax errors in policy.";
  for (const auto& [key, value] : st.items()) {
    static const char* kKnown[] = {"Sid",       "Effect",       "Action",
                                   "NotAction", "Resource",     "NotResource",
                                   "Principal", "NotPrincipal", "Condition"};
    if (std::find_if(std::begin(kKnown), std::end(kKnown),
                     [&](const char* k) { return key == k; }) == std::end(kKnown)) {
      return "Syntax errors in policy.";
    }
    (void)value;
  }
  if (!st.contains("Effect") || !st["Effect"].is_string() ||
      (st["Effect"] != "Allow" && st["Effect"] != "Deny")) {
    return "Syntax errors in policy.";
  }
  bool has_action = st.contains("Action") || st.contains("NotAction");
  if (!has_action) return "Policy statement must contain actions.";
  for (const char* k : {"Action", "NotAction", "Resource", "NotResource"}) {
    if (st.contains(k) && !IsStringOrStringList(st[k])) return "Syntax errors in policy.";
  }
  for (const auto& a : AsStrings(st.contains("Action") ? st["Action"] : st["NotAction"])) {
    if (a != "*" && a.find(':') == std::string::npos) {
      return "Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.";
    }
  }
  if (st.contains("Condition") && !st["Condition"].is_object()) return "Syntax errors in policy.";
  const bool has_principal = st.contains("Principal") || st.contains("NotPrincipal");
  if (kind == PolicyKind::kIdentity) {
    if (has_principal) return "Policy document should not specify a principal.";
    if (!st.contains("Resource") && !st.contains("NotResource")) {
      return "Policy statement must contain resources.";
    }
  } else {
    if (st.contains("Resource") || st.contains("NotResource")) {
      return "Has prohibited field Resource";
    }
    if (!has_principal) return "AssumeRolepolicy contained an invalid principal: Missing principal";
    const Value& p = st.contains("Principal") ? st["Principal"] : st["NotPrincipal"];
    if (p.is_string()) {
      if (p != "*") return "Invalid principal in policy: \"" + p.get<std::string>() + "\"";
    } else if (p.is_object()) {
      for (const auto& [ptype, pv] : p.items()) {
        if (ptype != "AWS" && ptype != "Service" && ptype != "Federated" &&
            ptype != "CanonicalUser") {
          return "Invalid principal in policy: \"" + ptype + "\"";
        }
        if (!IsStringOrStringList(pv)) return "Syntax errors in policy.";
        if (ptype == "AWS") {
          for (const auto& a : AsStrings(pv)) {
            bool account = a.size() == 12 && std::all_of(a.begin(), a.end(), ::isdigit);
            if (a != "*" && !account && a.rfind("arn:aws:", 0) != 0) {
              return "Invalid principal in policy: \"AWS\":\"" + a + "\"";
            }
          }
        }
      }
    } else {
      return "Syntax errors in policy.";
    }
  }
  return "";
}

bool ActionMatches(const Value& st, const std::string& action) {
  bool not_action = !st.contains("Action");
  auto patterns = AsStrings(not_action ? st["NotAction"] : st["Action"]);
  bool any = std::any_of(patterns.begin(), patterns.end(), [&](const std::string& p) {
    return WildcardMatch(Lower(p), Lower(action));
  });
  return not_action ? !any : any;
}

bool PrincipalMatches(const Value& principal, const TrustCaller& caller) {
  if (principal.is_string()) return principal == "*";
  if (!principal.is_object()) return false;
  for (const auto& [ptype, pv] : principal.items()) {
    for (const auto& p : AsStrings(pv)) {
      if (ptype == "AWS") {
        if (p == "*") return true;
        if (p == caller.account_id || p == "arn:aws:iam::" + caller.account_id + ":root") {
          if (caller.service.empty()) return true;
        }
        for (const auto& arn : caller.arns) {
          if (p == arn) return true;
        }
      } else if (ptype == "Service") {
        if (!caller.service.empty() && p == caller.service) return true;
      }
    }
  }
  return false;
}

bool ConditionHolds(const Value& condition, const std::map<std::string, std::string>& context) {
  if (!condition.is_object()) return false;
  for (const auto& [op_raw, clauses] : condition.items()) {
    std::string op = op_raw;
    bool if_exists = false;
    if (op.size() > 8 && op.compare(op.size() - 8, 8, "IfExists") == 0) {
      if_exists = true;
      op = op.substr(0, op.size() - 8);
    }
    if (!clauses.is_object()) return false;
    for (const auto& [key, expected] : clauses.items()) {
      auto it = std::find_if(context.begin(), context.end(), [&](const auto& kv) {
        return Lower(kv.first) == Lower(key);  // condition keys are case-insensitive
      });
      if (it == context.end()) {
        if (if_exists) continue;
        if (op == "StringNotEquals" || op == "StringNotLike") continue;
        return false;
      }
      auto values = AsStrings(expected);
      bool match;
      if (op == "StringEquals" || op == "StringNotEquals") {
        match = std::find(values.begin(), values.end(), it->second) != values.end();
      } else if (op == "StringLike" || op == "StringNotLike") {
        match = std::any_of(values.begin(), values.end(),
                            [&](const std::string& p) { return WildcardMatch(p, it->second); });
      } else {
        return false;  // unsupported operator: conservatively not satisfied
      }
      bool negated = op == "StringNotEquals" || op == "StringNotLike";
      if (match == negated) return false;
    }
  }
  return true;
}

}  // namespace

bool WildcardMatch(const std::string& pattern, const std::string& text) {
  size_t p = 0, t = 0, star = std::string::npos, mark = 0;
  while (t < text.size()) {
    if (p < pattern.size() && (pattern[p] == '?' || pattern[p] == text[t])) {
      ++p;
      ++t;
    } else if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      mark = t;
    } else if (star != std::string::npos) {
      p = star + 1;
      t = ++mark;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}

std::string ValidatePolicyDocument(const std::string& text, PolicyKind kind) {
  Value doc = Value::parse(text, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded()) return "This policy contains invalid Json";
  if (!doc.is_object()) return "Syntax errors in policy.";
  for (const auto& [key, value] : doc.items()) {
    if (key != "Version" && key != "Statement" && key != "Id") return "Syntax errors in policy.";
    (void)value;
  }
  if (doc.contains("Version") &&
      (!doc["Version"].is_string() ||
       (doc["Version"] != "2012-10-17" && doc["Version"] != "2008-10-17"))) {
    return "The policy failed legacy parsing";
  }
  if (!doc.contains("Statement")) return "Syntax errors in policy.";
  const Value& statements = doc["Statement"];
  if (statements.is_object()) return ValidateStatement(statements, kind);
  if (!statements.is_array() || statements.empty()) return "Syntax errors in policy.";
  for (const auto& st : statements) {
    std::string err = ValidateStatement(st, kind);
    if (!err.empty()) return err;
  }
  return "";
}

bool TrustPolicyAllows(const std::string& policy_text, const TrustCaller& caller,
                       const std::string& action,
                       const std::map<std::string, std::string>& context) {
  Value doc = Value::parse(policy_text, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded() || !doc.is_object() || !doc.contains("Statement")) return false;
  Value statements = doc["Statement"];
  if (statements.is_object()) statements = Value::array({statements});
  if (!statements.is_array()) return false;
  bool allowed = false;
  for (const auto& st : statements) {
    if (!st.is_object() || !st.contains("Effect")) continue;
    if (!ActionMatches(st, action)) continue;
    bool principal_ok;
    if (st.contains("Principal")) {
      principal_ok = PrincipalMatches(st["Principal"], caller);
    } else if (st.contains("NotPrincipal")) {
      principal_ok = !PrincipalMatches(st["NotPrincipal"], caller);
    } else {
      continue;
    }
    if (!principal_ok) continue;
    if (st.contains("Condition") && !ConditionHolds(st["Condition"], context)) continue;
    if (st["Effect"] == "Deny") return false;
    if (st["Effect"] == "Allow") allowed = true;
  }
  return allowed;
}

}  // namespace causeway::sandbox
