// Reference parsing and interpolation.
#include "reconciler/core/reference.h"

namespace causeway {

namespace {

// Parses the text between ${ and }. Returns false with a message if malformed.
bool ParseExpression(const std::string& expr, Reference* ref, std::string* error) {
  std::vector<std::string> parts;
  size_t start = 0;
  while (true) {
    auto dot = expr.find('.', start);
    parts.push_back(expr.substr(start, dot == std::string::npos ? std::string::npos : dot - start));
    if (dot == std::string::npos) break;
    start = dot + 1;
  }
  for (const auto& p : parts) {
    if (p.empty() || !IsValidResourceName(p)) {
      *error = "malformed reference ${" + expr +
               "}: expected ${var.NAME} or ${KIND.NAME.ATTRIBUTE} made of letters, digits, _ and -";
      return false;
    }
  }
  ref->text = expr;
  if (parts[0] == "var") {
    if (parts.size() != 2) {
      *error = "malformed reference ${" + expr + "}: expected ${var.NAME}";
      return false;
    }
    ref->is_var = true;
    ref->var = parts[1];
    return true;
  }
  if (parts.size() < 4) {
    *error = "malformed reference ${" + expr +
             "}: expected ${KIND.NAME.ATTRIBUTE}, e.g. ${aws.iam.role.reader.arn}";
    return false;
  }
  ref->attribute = parts.back();
  ref->target.name = parts[parts.size() - 2];
  std::string kind = parts[0];
  for (size_t i = 1; i + 2 < parts.size(); ++i) kind += "." + parts[i];
  ref->target.kind = kind;
  return true;
}

struct Segment {
  bool is_ref = false;
  std::string literal;
  Reference ref;
};

// Splits a string into literal and reference segments.
std::vector<Segment> Split(const std::string& s, std::vector<std::string>* errors) {
  std::vector<Segment> out;
  std::string lit;
  size_t i = 0;
  while (i < s.size()) {
    if (s[i] == '$' && i + 2 < s.size() + 1 && s.compare(i, 3, "$${") == 0) {
      lit += "${";
      i += 3;
      continue;
    }
    if (s[i] == '$' && i + 1 < s.size() && s[i + 1] == '{') {
      auto close = s.find('}', i + 2);
      if (close == std::string::npos) {
        if (errors) errors->push_back("unterminated reference in \"" + s + "\": missing '}'");
        lit += s.substr(i);
        break;
      }
      std::string expr = s.substr(i + 2, close - i - 2);
      Reference ref;
      std::string err;
      if (ParseExpression(expr, &ref, &err)) {
        if (!lit.empty()) out.push_back({false, lit, {}});
        lit.clear();
        out.push_back({true, "", ref});
      } else {
        if (errors) errors->push_back(err);
        lit += s.substr(i, close - i + 1);
      }
      i = close + 1;
      continue;
    }
    lit += s[i++];
  }
  if (!lit.empty()) out.push_back({false, lit, {}});
  return out;
}

// RFC 6901 escaping of one JSON pointer token.
std::string EscapePointerToken(const std::string& key) {
  std::string out;
  for (char c : key) {
    if (c == '~') out += "~0";
    else if (c == '/') out += "~1";
    else out += c;
  }
  return out;
}

void Collect(const Value& v, const std::string& path, std::vector<Reference>* out,
             std::vector<std::string>* errors) {
  if (v.is_string()) {
    for (auto& seg : Split(v.get<std::string>(), errors)) {
      if (seg.is_ref) {
        seg.ref.json_path = path;
        out->push_back(seg.ref);
      }
    }
  } else if (v.is_object()) {
    for (auto it = v.begin(); it != v.end(); ++it) {
      Collect(it.value(), path + "/" + EscapePointerToken(it.key()), out, errors);
    }
  } else if (v.is_array()) {
    for (size_t i = 0; i < v.size(); ++i) Collect(v[i], path + "/" + std::to_string(i), out, errors);
  }
}

}  // namespace

std::vector<Reference> FindReferences(const std::string& s, std::vector<std::string>* errors) {
  std::vector<Reference> out;
  for (auto& seg : Split(s, errors)) {
    if (seg.is_ref) out.push_back(seg.ref);
  }
  return out;
}

std::vector<Reference> CollectReferences(const Value& v, std::vector<std::string>* errors) {
  std::vector<Reference> out;
  Collect(v, "", &out, errors);
  return out;
}

Value Interpolate(const Value& v, const ReferenceResolver& resolve) {
  if (v.is_string()) {
    const auto& s = v.get_ref<const std::string&>();
    if (s.find("${") == std::string::npos) return v;
    auto segs = Split(s, nullptr);
    if (segs.size() == 1 && segs[0].is_ref) {
      auto r = resolve(segs[0].ref);
      return r ? *r : UnknownValue();
    }
    std::string text;
    for (const auto& seg : segs) {
      if (!seg.is_ref) {
        text += seg.literal;
        continue;
      }
      auto r = resolve(seg.ref);
      if (!r || ContainsUnknown(*r)) return UnknownValue();
      text += r->is_string() ? r->get<std::string>() : CanonicalJson(*r);
    }
    return text;
  }
  if (v.is_object()) {
    Value out = Value::object();
    for (auto it = v.begin(); it != v.end(); ++it) out[it.key()] = Interpolate(it.value(), resolve);
    return out;
  }
  if (v.is_array()) {
    Value out = Value::array();
    for (const auto& e : v) out.push_back(Interpolate(e, resolve));
    return out;
  }
  return v;
}

}  // namespace causeway
