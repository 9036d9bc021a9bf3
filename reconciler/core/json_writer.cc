// JsonWriter: fast path for plain ASCII strings and integers; nlohmann's serializer for the rest.
#include "reconciler/core/json_writer.h"

#include <charconv>

namespace causeway {

namespace {

// True when nlohmann would write `s` unchanged between quotes: printable ASCII, no '"' or '\'.
bool Plain(const std::string& s) {
  for (unsigned char c : s) {
    if (c < 0x20 || c >= 0x7f || c == '"' || c == '\\') return false;
  }
  return true;
}

template <typename T>
void AppendInteger(std::string* out, T n) {
  char buf[24];
  auto [end, ec] = std::to_chars(buf, buf + sizeof(buf), n);
  out->append(buf, static_cast<size_t>(end - buf));
}

}  // namespace

struct JsonWriter::Fallback {
  explicit Fallback(std::string* out)
      : serializer(nlohmann::detail::output_adapter<char, std::string>(*out), ' ',
                   nlohmann::detail::error_handler_t::replace) {}
  nlohmann::detail::serializer<Value> serializer;
};

JsonWriter::JsonWriter(std::string* out, int indent) : out_(out), indent_(indent) {}

JsonWriter::~JsonWriter() = default;

void JsonWriter::Delegate(const Value& v, int current_indent) {
  if (fallback_ == nullptr) fallback_ = std::make_unique<Fallback>(out_);
  fallback_->serializer.dump(v, indent_ >= 0, false, indent_ < 0 ? 0 : indent_, current_indent);
}

void JsonWriter::WriteString(const std::string& s) {
  if (!Plain(s)) {
    Delegate(Value(s), 0);
    return;
  }
  out_->reserve(out_->size() + s.size() + 2);
  *out_ += '"';
  *out_ += s;
  *out_ += '"';
}

void JsonWriter::Write(const Value& v, int current_indent) {
  switch (v.type()) {
    case Value::value_t::object: {
      const auto& members = v.get_ref<const Value::object_t&>();
      if (members.empty()) {
        *out_ += "{}";
        return;
      }
      if (indent_ < 0) {
        *out_ += '{';
        bool first = true;
        for (const auto& [key, value] : members) {
          if (!first) *out_ += ',';
          first = false;
          WriteString(key);
          *out_ += ':';
          Write(value, 0);
        }
        *out_ += '}';
        return;
      }
      const int inner = current_indent + indent_;
      *out_ += "{\n";
      bool first = true;
      for (const auto& [key, value] : members) {
        if (!first) *out_ += ",\n";
        first = false;
        out_->append(static_cast<size_t>(inner), ' ');
        WriteString(key);
        *out_ += ": ";
        Write(value, inner);
      }
      *out_ += '\n';
      out_->append(static_cast<size_t>(current_indent), ' ');
      *out_ += '}';
      return;
    }
    case Value::value_t::array: {
      const auto& elements = v.get_ref<const Value::array_t&>();
      if (elements.empty()) {
        *out_ += "[]";
        return;
      }
      if (indent_ < 0) {
        *out_ += '[';
        for (size_t i = 0; i < elements.size(); ++i) {
          if (i > 0) *out_ += ',';
          Write(elements[i], 0);
        }
        *out_ += ']';
        return;
      }
      const int inner = current_indent + indent_;
      *out_ += "[\n";
      for (size_t i = 0; i < elements.size(); ++i) {
        if (i > 0) *out_ += ",\n";
        out_->append(static_cast<size_t>(inner), ' ');
        Write(elements[i], inner);
      }
      *out_ += '\n';
      out_->append(static_cast<size_t>(current_indent), ' ');
      *out_ += ']';
      return;
    }
    case Value::value_t::string:
      WriteString(v.get_ref<const std::string&>());
      return;
    case Value::value_t::boolean:
      *out_ += v.get<bool>() ? "true" : "false";
      return;
    case Value::value_t::number_integer:
      AppendInteger(out_, v.get<int64_t>());
      return;
    case Value::value_t::number_unsigned:
      AppendInteger(out_, v.get<uint64_t>());
      return;
    case Value::value_t::null:
      *out_ += "null";
      return;
    default:  // floating point, binary, discarded: exactly as nlohmann writes them
      Delegate(v, current_indent);
      return;
  }
}

std::string ToJsonText(const Value& v, int indent) {
  std::string out;
  JsonWriter(&out, indent).Write(v);
  return out;
}

}  // namespace causeway
