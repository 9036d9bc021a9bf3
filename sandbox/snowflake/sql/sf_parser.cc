// SfParser: cursor primitives and property lists.
#include "sandbox/snowflake/sql/sf_parser.h"

#include "reconciler/core/ascii.h"
#include "sandbox/snowflake/engine/sql_errors.h"

namespace causeway::sandbox::snowflake {

SfParser::SfParser(std::string sql) : sql_(std::move(sql)) {
  auto tokens = LexSnowflake(sql_);
  if (tokens.ok()) {
    tokens_ = std::move(tokens).value();
  } else {
    status_ = tokens.status();
    tokens_.push_back(SfToken{});
  }
}

const SfToken& SfParser::Peek(size_t ahead) const {
  const size_t k = pos_ + ahead;
  return k < tokens_.size() ? tokens_[k] : tokens_.back();
}

bool SfParser::Accept(const char* keyword) {
  if (!Peek().Is(keyword)) return false;
  ++pos_;
  return true;
}

bool SfParser::AcceptAll(std::initializer_list<const char*> keywords) {
  size_t k = 0;
  for (const char* word : keywords) {
    if (!Peek(k).Is(word)) return false;
    ++k;
  }
  pos_ += k;
  return true;
}

bool SfParser::AcceptPunct(const char* p) {
  if (!Peek().IsPunct(p)) return false;
  ++pos_;
  return true;
}

Status SfParser::Expect(const char* keyword) { return Accept(keyword) ? Status::Ok() : Error(); }

Status SfParser::ExpectPunct(const char* p) { return AcceptPunct(p) ? Status::Ok() : Error(); }

Status SfParser::Error() const { return SyntaxErrorAt(sql_, Peek().offset, ""); }

Status SfParser::ExpectEnd() const { return AtEnd() ? Status::Ok() : Error(); }

Result<std::string> SfParser::Identifier() {
  const SfToken& t = Peek();
  if (t.kind == SfToken::Kind::kQuotedIdentifier) {
    if (t.text.empty()) return SyntaxErrorAt(sql_, t.offset, "identifier is empty");
    ++pos_;
    return t.text;
  }
  if (t.kind == SfToken::Kind::kWord) {
    ++pos_;
    return Upper(t.text);
  }
  return Error();
}

Result<std::vector<std::string>> SfParser::Name(size_t max_parts) {
  std::vector<std::string> parts;
  while (true) {
    auto part = Identifier();
    if (!part.ok()) return part.status();
    parts.push_back(*part);
    if (parts.size() >= max_parts || !Peek().IsPunct(".")) break;
    ++pos_;
  }
  return parts;
}

Result<std::string> SfParser::String() {
  if (Peek().kind != SfToken::Kind::kString) return Error();
  return tokens_[pos_++].text;
}

Result<Value> SfParser::PropertyValue() {
  const SfToken& t = Peek();
  switch (t.kind) {
    case SfToken::Kind::kString:
    case SfToken::Kind::kQuotedIdentifier:
      ++pos_;
      return Value(t.text);
    case SfToken::Kind::kWord:
      ++pos_;
      return Value(Upper(t.text));
    case SfToken::Kind::kNumber: {
      ++pos_;
      if (auto i = ParseInteger<int64_t>(t.text)) return Value(*i);
      return Value(t.text);
    }
    case SfToken::Kind::kPunct:
      if (t.IsPunct("-") && Peek(1).kind == SfToken::Kind::kNumber) {
        ++pos_;
        auto v = PropertyValue();
        if (v.ok() && v->is_number_integer()) return Value(-v->get<int64_t>());
        return v;
      }
      if (t.IsPunct("(")) {
        ++pos_;
        // Nested properties when the list starts with KEY =.
        if (Peek().kind == SfToken::Kind::kWord && Peek(1).IsPunct("=")) {
          Value nested = Value::object();
          CW_RETURN_IF_ERROR(Properties(&nested));
          CW_RETURN_IF_ERROR(ExpectPunct(")"));
          return nested;
        }
        Value list = Value::array();
        if (AcceptPunct(")")) return list;
        while (true) {
          auto item = PropertyValue();
          if (!item.ok()) return item.status();
          list.push_back(std::move(*item));
          if (AcceptPunct(")")) return list;
          CW_RETURN_IF_ERROR(ExpectPunct(","));
        }
      }
      return Error();
    case SfToken::Kind::kEnd:
      return Error();
  }
  return Error();
}

Status SfParser::Properties(Value* into) {
  while (Peek().kind == SfToken::Kind::kWord && Peek(1).IsPunct("=")) {
    const std::string key = Upper(Peek().text);
    pos_ += 2;
    auto value = PropertyValue();
    if (!value.ok()) return value.status();
    (*into)[key] = std::move(*value);
    AcceptPunct(",");
  }
  return Status::Ok();
}

std::string SfParser::TextFrom(size_t first) const {
  if (first >= pos_) return "";
  return sql_.substr(tokens_[first].offset, tokens_[pos_ - 1].end - tokens_[first].offset);
}

Status SfParser::SkipParenthesised() {
  CW_RETURN_IF_ERROR(ExpectPunct("("));
  int depth = 1;
  while (depth > 0) {
    if (AtEnd()) return Error();
    if (Peek().IsPunct("(")) ++depth;
    if (Peek().IsPunct(")")) --depth;
    ++pos_;
  }
  return Status::Ok();
}

}  // namespace causeway::sandbox::snowflake
