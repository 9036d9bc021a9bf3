// Reference parsing and interpolation.
#include "reconciler/core/reference.h"

#include <cctype>

namespace causeway {

namespace {

// Parses the text between ${ and }. Returns false with a message if malformed. Works on
// positions rather than a vector of parts: it runs for every reference of every plan.
bool ParseExpression(const std::string& expr, Reference* ref, std::string* error) {
  // Dots split the expression into parts; each must be a valid name.
  size_t parts = 0;
  size_t last_dot = std::string::npos, second_last_dot = std::string::npos;
  size_t start = 0;
  bool valid = true;
  while (true) {
    auto dot = expr.find('.', start);
    size_t end = dot == std::string::npos ? expr.size() : dot;
    if (valid) {
      // IsValidResourceName on the part, without copying it.
      if (end == start) {
        valid = false;
      } else {
        unsigned char c0 = static_cast<unsigned char>(expr[start]);
        valid = std::isalpha(c0) || c0 == '_';
        for (size_t i = start; valid && i < end; ++i) {
          unsigned char c = static_cast<unsigned char>(expr[i]);
          valid = std::isalnum(c) || c == '_' || c == '-';
        }
      }
    }
    ++parts;
    if (dot == std::string::npos) break;
    second_last_dot = last_dot;
    last_dot = dot;
    start = dot + 1;
  }
  if (!valid) {
    *error = "malformed reference ${" + expr +
             "}: expected ${var.NAME} or ${KIND.NAME.ATTRIBUTE} made of letters, digits, _ and -";
    return false;
  }
  ref->text = expr;
  const size_t first_dot = expr.find('.');
  if (expr.compare(0, first_dot, "var") == 0) {  // the first part is "var"
    if (parts != 2) {
      *error = "malformed reference ${" + expr + "}: expected ${var.NAME}";
      return false;
    }
    ref->is_var = true;
    ref->var = expr.substr(first_dot + 1);
    return true;
  }
  if (parts < 4) {
    *error = "malformed reference ${" + expr +
             "}: expected ${KIND.NAME.ATTRIBUTE}, e.g. ${aws.iam.role.reader.arn}";
    return false;
  }
  ref->attribute = expr.substr(last_dot + 1);
  ref->target.name = expr.substr(second_last_dot + 1, last_dot - second_last_dot - 1);
  ref->target.kind = expr.substr(0, second_last_dot);
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
        out.push_back({true, "", std::move(ref)});
      } else {
        if (errors) errors->push_back(err);
        lit += s.substr(i, close - i + 1);
      }
      i = close + 1;
      continue;
    }
    // Plain text up to the next '$' in one append.
    size_t next = s.find('$', i + 1);
    if (next == std::string::npos) next = s.size();
    lit.append(s, i, next - i);
    i = next;
  }
  if (!lit.empty()) out.push_back({false, std::move(lit), {}});
  return out;
}

// RFC 6901 escaping of one JSON pointer token.
std::string EscapePointerToken(const std::string& key) {
  std::string out;
  for (char c : key) {
    if (c == '~')
      out += "~0";
    else if (c == '/')
      out += "~1";
    else
      out += c;
  }
  return out;
}

// `path` is a buffer holding the JSON pointer of `v`; children append to it and restore it, so
// walking a value allocates only when a reference is found.
void Collect(const Value& v, std::string* path, std::vector<Reference>* out,
             std::vector<std::string>* errors) {
  if (v.is_string()) {
    const auto& s = v.get_ref<const std::string&>();
    if (s.find("${") == std::string::npos) return;  // no reference and nothing malformed
    for (auto& seg : Split(s, errors)) {
      if (seg.is_ref) {
        seg.ref.json_path = *path;
        out->push_back(std::move(seg.ref));
      }
    }
  } else if (v.is_object()) {
    const size_t len = path->size();
    for (auto it = v.begin(); it != v.end(); ++it) {
      *path += '/';
      *path += EscapePointerToken(it.key());
      Collect(it.value(), path, out, errors);
      path->resize(len);
    }
  } else if (v.is_array()) {
    const size_t len = path->size();
    for (size_t i = 0; i < v.size(); ++i) {
      *path += '/';
      *path += std::to_string(i);
      Collect(v[i], path, out, errors);
      path->resize(len);
    }
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
  std::string path;
  Collect(v, &path, &out, errors);
  return out;
}

Value Interpolate(const Value& v, const ReferenceResolver& resolve) {
  if (v.is_string()) {
    const auto& s = v.get_ref<const std::string&>();
    if (s.find("${") == std::string::npos) return v;
    auto segs = Split(s, nullptr);
    if (segs.size() == 1 && segs[0].is_ref) {
      auto r = resolve(segs[0].ref);
      return r ? std::move(*r) : UnknownValue();
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
    auto& members = out.get_ref<Value::object_t&>();
    for (auto it = v.begin(); it != v.end(); ++it) {  // keys arrive sorted: append at the end
      members.emplace_hint(members.end(), it.key(), Interpolate(it.value(), resolve));
    }
    return out;
  }
  if (v.is_array()) {
    Value out = Value::array();
    out.get_ref<Value::array_t&>().reserve(v.size());
    for (const auto& e : v) out.push_back(Interpolate(e, resolve));
    return out;
  }
  return v;
}

}  // namespace causeway
