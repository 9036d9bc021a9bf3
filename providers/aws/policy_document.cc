// IAM policy documents: decoding, encoding and the canonical form used for comparison.
#include "providers/aws/policy_document.h"

#include <algorithm>
#include <cctype>
#include <set>

#include "reconciler/core/ascii.h"

namespace causeway::aws {

namespace {

constexpr char kDefaultVersion[] = "2012-10-17";

bool IsAccountId(const std::string& s) {
  return s.size() == 12 &&
         std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isdigit(c) != 0; });
}

// A scalar as IAM compares it: strings as they are, other scalars as their JSON text.
std::string ScalarText(const Value& v) {
  if (v.is_string()) return v.get<std::string>();
  return v.dump();
}

// A string or list of scalars as a sorted, de-duplicated list of strings. `transform` is applied
// to each element. Anything else (objects, nested lists) is returned unchanged.
template <typename F>
Value SortedList(const Value& v, F transform) {
  std::set<std::string> items;
  if (v.is_array()) {
    for (const auto& e : v) {
      if (e.is_object() || e.is_array()) return v;
      items.insert(transform(ScalarText(e)));
    }
  } else if (v.is_object()) {
    return v;
  } else {
    items.insert(transform(ScalarText(v)));
  }
  return Value(std::vector<std::string>(items.begin(), items.end()));
}

std::string Same(const std::string& s) { return s; }

Value NormalizePrincipal(const Value& p) {
  if (p.is_string()) {
    if (p == "*") return Value{{"AWS", Value::array({"*"})}};
    return p;
  }
  if (!p.is_object()) return p;
  Value out = Value::object();
  for (auto it = p.begin(); it != p.end(); ++it) {
    if (it.key() == "AWS") {
      out[it.key()] = SortedList(it.value(), [](const std::string& s) {
        return IsAccountId(s) ? "arn:aws:iam::" + s + ":root" : s;
      });
    } else {
      out[it.key()] = SortedList(it.value(), Same);
    }
  }
  return out;
}

Value NormalizeCondition(const Value& c) {
  if (!c.is_object()) return c;
  Value out = Value::object();
  for (auto op = c.begin(); op != c.end(); ++op) {
    if (!op.value().is_object()) {
      out[op.key()] = op.value();
      continue;
    }
    Value clauses = Value::object();
    for (auto k = op.value().begin(); k != op.value().end(); ++k) {
      std::string key = Lower(k.key());
      Value values = SortedList(k.value(), Same);
      if (clauses.contains(key) && clauses[key].is_array() && values.is_array()) {
        // Two spellings of one key: their values are merged, as IAM would read them.
        std::set<std::string> merged;
        for (const auto& e : clauses[key]) merged.insert(e.get<std::string>());
        for (const auto& e : values) merged.insert(e.get<std::string>());
        values = Value(std::vector<std::string>(merged.begin(), merged.end()));
      }
      clauses[key] = values;
    }
    out[op.key()] = clauses;
  }
  return out;
}

Value NormalizeStatement(const Value& st) {
  if (!st.is_object()) return st;
  Value out = Value::object();
  for (auto it = st.begin(); it != st.end(); ++it) {
    const std::string& k = it.key();
    const Value& v = it.value();
    if (k == "Sid") {
      if (!(v.is_string() && v.get<std::string>().empty())) out[k] = v;
    } else if (k == "Action" || k == "NotAction") {
      out[k] = SortedList(v, Lower);
    } else if (k == "Resource" || k == "NotResource") {
      out[k] = SortedList(v, Same);
    } else if (k == "Principal" || k == "NotPrincipal") {
      out[k] = NormalizePrincipal(v);
    } else if (k == "Condition") {
      out[k] = NormalizeCondition(v);
    } else {
      out[k] = v;
    }
  }
  return out;
}

Value NormalizeObject(const Value& doc) {
  if (!doc.is_object() || !doc.contains("Statement")) return doc;
  Value out = doc;
  if (!out.contains("Version")) out["Version"] = kDefaultVersion;
  Value statements = doc["Statement"];
  if (statements.is_object()) statements = Value::array({statements});
  if (!statements.is_array()) return out;
  std::vector<std::pair<std::string, Value>> sorted;
  for (const auto& st : statements) {
    Value n = NormalizeStatement(st);
    sorted.emplace_back(CanonicalJson(n), std::move(n));
  }
  std::sort(sorted.begin(), sorted.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
  Value list = Value::array();
  for (auto& [_, st] : sorted) list.push_back(std::move(st));
  out["Statement"] = std::move(list);
  return out;
}

}  // namespace

std::string UrlDecode(const std::string& s) {
  auto hex = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size()) {
      int h = hex(s[i + 1]), l = hex(s[i + 2]);
      if (h >= 0 && l >= 0) {
        out += static_cast<char>(h * 16 + l);
        i += 2;
        continue;
      }
    }
    out += s[i];
  }
  return out;
}

Result<Value> ParseIamPolicyDocument(const std::string& encoded) {
  Value doc = Value::parse(UrlDecode(encoded), nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded()) {
    // Some endpoints return documents unencoded; accept those as they are.
    doc = Value::parse(encoded, nullptr, /*allow_exceptions=*/false);
  }
  if (doc.is_discarded()) {
    return Status::InvalidArgument("IAM returned a policy document that is not JSON");
  }
  if (!doc.is_object()) {  // `5` or `[]` is JSON, but no policy: it would only read as drift
    return Status::InvalidArgument("IAM returned a policy document that is not a JSON object");
  }
  return doc;
}

Result<std::string> PolicyDocumentText(const Value& policy, const std::string& attribute) {
  if (policy.is_string()) return policy.get<std::string>();
  if (policy.is_object()) return policy.dump();
  return Status::InvalidArgument(attribute + " must be a policy document (an object or JSON text)");
}

Value NormalizePolicyDocument(const Value& policy) {
  try {
    if (policy.is_string()) {
      const std::string& text = policy.get_ref<const std::string&>();
      Value doc = Value::parse(text, nullptr, /*allow_exceptions=*/false);
      if (doc.is_discarded()) doc = Value::parse(UrlDecode(text), nullptr, false);
      if (doc.is_discarded() || !doc.is_object()) return policy;
      return NormalizeObject(doc);
    }
    return NormalizeObject(policy);
  } catch (const nlohmann::json::exception&) {
    return policy;
  }
}

bool PolicyDocumentsEqual(const Value& a, const Value& b) {
  return NormalizePolicyDocument(a) == NormalizePolicyDocument(b);
}

}  // namespace causeway::aws
