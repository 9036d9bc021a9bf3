// ReplyReader: path walking, type checks and lenient scalars.
#include "providers/kit/reply_reader.h"

#include <cmath>
#include <vector>

#include "reconciler/core/ascii.h"

namespace causeway::kit {

namespace {

std::vector<std::string_view> Segments(std::string_view path) {
  std::vector<std::string_view> out;
  size_t start = 0;
  while (start <= path.size()) {
    size_t slash = path.find('/', start);
    if (slash == std::string_view::npos) slash = path.size();
    if (slash > start) out.push_back(path.substr(start, slash - start));
    start = slash + 1;
  }
  return out;
}

// "Configuration/ResultConfiguration" -> "Configuration.ResultConfiguration", "Items/3" ->
// "Items[3]".
std::string Dotted(std::string_view path) {
  std::string out;
  for (auto seg : Segments(path)) {
    if (ParseInteger<size_t>(seg)) {
      out += "[" + std::string(seg) + "]";
    } else {
      if (!out.empty()) out += ".";
      out += seg;
    }
  }
  return out;
}

}  // namespace

std::string DescribeJsonType(const Value& v) {
  switch (v.type()) {
    case nlohmann::json::value_t::null:
      return "null";
    case nlohmann::json::value_t::boolean:
      return "a boolean";
    case nlohmann::json::value_t::string:
      return "a string";
    case nlohmann::json::value_t::array:
      return "a list";
    case nlohmann::json::value_t::object:
      return "an object";
    case nlohmann::json::value_t::number_integer:
    case nlohmann::json::value_t::number_unsigned:
      return "an integer";
    case nlohmann::json::value_t::number_float:
      return "a number";
    default:
      return "an unreadable value";
  }
}

ReplyReader::ReplyReader(const Value& root, std::string source, bool lenient_scalars)
    : root_(&root), source_(std::move(source)), lenient_(lenient_scalars) {}

ReplyReader::ReplyReader(const Value& root, std::string source, std::string prefix, bool lenient)
    : root_(&root), source_(std::move(source)), prefix_(std::move(prefix)), lenient_(lenient) {}

std::string ReplyReader::Where(std::string_view path) const {
  std::string rest = Dotted(path);
  if (prefix_.empty()) return rest.empty() ? "the reply" : rest;
  if (rest.empty()) return prefix_;
  return prefix_ + (rest[0] == '[' ? "" : ".") + rest;
}

Status ReplyReader::WrongType(std::string_view path, const char* expected, const Value& got) const {
  return Status::ProviderError(source_ + ": " + Where(path) + ": expected " + expected + ", got " +
                               DescribeJsonType(got));
}

Result<const Value*> ReplyReader::Find(std::string_view path) const {
  const Value* v = root_;
  std::string walked;
  for (auto seg : Segments(path)) {
    if (v->is_null()) return static_cast<const Value*>(nullptr);
    if (v->is_object()) {
      auto it = v->find(std::string(seg));
      if (it == v->end()) return static_cast<const Value*>(nullptr);
      v = &*it;
    } else if (v->is_array()) {
      auto index = ParseInteger<size_t>(seg);
      if (!index) return WrongType(walked, "an object", *v);
      if (*index >= v->size()) return static_cast<const Value*>(nullptr);
      v = &(*v)[*index];
    } else {
      return WrongType(walked, "an object", *v);
    }
    if (!walked.empty()) walked += "/";
    walked += seg;
  }
  if (v->is_null()) return static_cast<const Value*>(nullptr);
  return v;
}

Result<std::optional<std::string>> ReplyReader::String(std::string_view path) const {
  CW_ASSIGN_OR_RETURN(const Value* v, Find(path));
  if (v == nullptr) return std::optional<std::string>();
  if (!v->is_string()) return WrongType(path, "a string", *v);
  return std::optional<std::string>(v->get<std::string>());
}

Result<std::optional<int64_t>> ReplyReader::Integer(std::string_view path) const {
  CW_ASSIGN_OR_RETURN(const Value* v, Find(path));
  if (v == nullptr) return std::optional<int64_t>();
  if (v->is_number_integer()) return std::optional<int64_t>(v->get<int64_t>());
  if (v->is_number_float()) {
    double d = v->get<double>();
    if (std::isfinite(d) && d == std::floor(d) && std::fabs(d) < 9.2e18) {
      return std::optional<int64_t>(static_cast<int64_t>(d));
    }
  }
  if (lenient_ && v->is_string()) {
    if (auto n = ParseInteger<int64_t>(v->get_ref<const std::string&>())) return std::optional(*n);
  }
  return WrongType(path, "an integer", *v);
}

Result<std::optional<double>> ReplyReader::Number(std::string_view path) const {
  CW_ASSIGN_OR_RETURN(const Value* v, Find(path));
  if (v == nullptr) return std::optional<double>();
  if (v->is_number()) return std::optional<double>(v->get<double>());
  if (lenient_ && v->is_string()) {
    const std::string& s = v->get_ref<const std::string&>();
    char* end = nullptr;
    double d = std::strtod(s.c_str(), &end);
    if (!s.empty() && end == s.c_str() + s.size() && std::isfinite(d)) return std::optional(d);
  }
  return WrongType(path, "a number", *v);
}

Result<std::optional<bool>> ReplyReader::Bool(std::string_view path) const {
  CW_ASSIGN_OR_RETURN(const Value* v, Find(path));
  if (v == nullptr) return std::optional<bool>();
  if (v->is_boolean()) return std::optional<bool>(v->get<bool>());
  if (lenient_ && v->is_string()) {
    const std::string& s = v->get_ref<const std::string&>();
    if (s == "true") return std::optional<bool>(true);
    if (s == "false") return std::optional<bool>(false);
  }
  return WrongType(path, "a boolean", *v);
}

Result<const Value*> ReplyReader::Object(std::string_view path) const {
  CW_ASSIGN_OR_RETURN(const Value* v, Find(path));
  if (v != nullptr && !v->is_object()) return WrongType(path, "an object", *v);
  return v;
}

Result<const Value*> ReplyReader::List(std::string_view path) const {
  CW_ASSIGN_OR_RETURN(const Value* v, Find(path));
  if (v != nullptr && !v->is_array()) return WrongType(path, "a list", *v);
  return v;
}

Result<std::string> ReplyReader::StringOr(std::string_view path, std::string fallback) const {
  CW_ASSIGN_OR_RETURN(auto s, String(path));
  return s ? std::move(*s) : std::move(fallback);
}

Result<std::string> ReplyReader::RequiredString(std::string_view path) const {
  CW_ASSIGN_OR_RETURN(auto s, String(path));
  if (!s) return Status::ProviderError(source_ + ": " + Where(path) + ": missing");
  return std::move(*s);
}

Result<bool> ReplyReader::BoolOr(std::string_view path, bool fallback) const {
  CW_ASSIGN_OR_RETURN(auto b, Bool(path));
  return b.value_or(fallback);
}

Result<Value> ReplyReader::Typed(std::string_view path, AttrType type) const {
  switch (type) {
    case AttrType::kString: {
      CW_ASSIGN_OR_RETURN(auto s, String(path));
      return s ? Value(*s) : Value();
    }
    case AttrType::kInteger: {
      CW_ASSIGN_OR_RETURN(auto n, Integer(path));
      return n ? Value(*n) : Value();
    }
    case AttrType::kNumber: {
      CW_ASSIGN_OR_RETURN(const Value* v, Find(path));
      if (v != nullptr && v->is_number()) return *v;  // keeps integers integers
      CW_ASSIGN_OR_RETURN(auto n, Number(path));
      return n ? Value(*n) : Value();
    }
    case AttrType::kBool: {
      CW_ASSIGN_OR_RETURN(auto b, Bool(path));
      return b ? Value(*b) : Value();
    }
    case AttrType::kList: {
      CW_ASSIGN_OR_RETURN(const Value* v, List(path));
      return v ? *v : Value();
    }
    case AttrType::kMap: {
      CW_ASSIGN_OR_RETURN(const Value* v, Object(path));
      return v ? *v : Value();
    }
    case AttrType::kObject: {
      CW_ASSIGN_OR_RETURN(const Value* v, Find(path));
      return v ? *v : Value();
    }
  }
  return Status::Internal("unknown attribute type");
}

Result<ReplyReader> ReplyReader::At(std::string_view path) const {
  static const Value kEmptyObject = Value::object();
  CW_ASSIGN_OR_RETURN(const Value* v, Object(path));
  return ReplyReader(v ? *v : kEmptyObject, source_, Where(path), lenient_);
}

Status ReplyReader::ForEach(std::string_view path,
                            const std::function<Status(const ReplyReader&)>& each) const {
  CW_ASSIGN_OR_RETURN(const Value* list, List(path));
  if (list == nullptr) return Status::Ok();
  for (size_t i = 0; i < list->size(); ++i) {
    std::string item_path = Where(path) + "[" + std::to_string(i) + "]";
    CW_RETURN_IF_ERROR(each(ReplyReader((*list)[i], source_, item_path, lenient_)));
  }
  return Status::Ok();
}

}  // namespace causeway::kit
