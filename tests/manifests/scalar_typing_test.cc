// ResolveScalar types plain scalars with hand-written matchers. This pins them to the YAML 1.2
// core-schema regular expressions they replace, over a table of edge cases.
#include <gtest/gtest.h>

#include <cstdint>
#include <regex>
#include <stdexcept>
#include <string>
#include <vector>

#include "manifests/yaml_value.h"

namespace causeway {
namespace {

// The former implementation, kept here as the specification.
Value ReferenceResolve(const std::string& text) {
  static const std::regex kDecimal("[-+]?[0-9]+");
  static const std::regex kOctal("0o[0-7]+");
  static const std::regex kHex("0x[0-9a-fA-F]+");
  static const std::regex kFloat("[-+]?(\\.[0-9]+|[0-9]+(\\.[0-9]*)?)([eE][-+]?[0-9]+)?");
  if (text == "true" || text == "True" || text == "TRUE") return true;
  if (text == "false" || text == "False" || text == "FALSE") return false;
  try {
    if (std::regex_match(text, kDecimal)) return static_cast<int64_t>(std::stoll(text));
    if (std::regex_match(text, kOctal)) {
      return static_cast<int64_t>(std::stoll(text.substr(2), nullptr, 8));
    }
    if (std::regex_match(text, kHex)) {
      return static_cast<int64_t>(std::stoll(text.substr(2), nullptr, 16));
    }
  } catch (const std::out_of_range&) {
    // A decimal too large for 64 bits is a float below.
  }
  if (std::regex_match(text, kDecimal) || std::regex_match(text, kFloat)) {
    try {
      return std::stod(text);
    } catch (const std::exception&) {
      return text;
    }
  }
  return text;
}

TEST(ScalarTypingTest, MatchesCoreSchemaExpressions) {
  struct Case {
    std::string text;
    std::string reason;
  };
  std::vector<Case> cases = {
      {"0", "zero"},
      {"-12", "negative"},
      {"+7", "plus sign"},
      {"-", "sign only"},
      {"+", "plus only"},
      {"", "empty"},
      {"0x", "hex prefix only"},
      {"0x1F", "hex"},
      {"0X1F", "upper X is not hex"},
      {"0xg", "bad hex digit"},
      {"0o", "octal prefix only"},
      {"0o17", "octal"},
      {"0o8", "bad octal digit"},
      {"-0x1", "signed hex is a string"},
      {"1.5", "float"},
      {".5", "leading dot"},
      {"5.", "trailing dot"},
      {".", "dot only"},
      {"-.5e3", "signed exponent float"},
      {"1e3", "exponent"},
      {"1e", "exponent without digits"},
      {"1e+", "exponent sign only"},
      {"1E-2", "upper exponent"},
      {"1.2.3", "two dots"},
      {"1_000", "underscore"},
      {" 1", "leading space"},
      {"1 ", "trailing space"},
      {"1e999", "out of double range"},
      {"99999999999999999999", "too big for 64 bits"},
      {".e1", "dot then exponent"},
      {"abc", "word"},
      {"True", "bool"},
      {"yes", "not a bool in 1.2"},
  };
  for (const auto& c : cases) {
    Value got = ResolveScalar(c.text, true);
    Value want = ReferenceResolve(c.text);
    EXPECT_EQ(got, want) << c.reason << ": '" << c.text << "'";
    EXPECT_EQ(got.type_name(), want.type_name()) << c.reason << ": '" << c.text << "'";
  }
}

TEST(ScalarTypingTest, QuotedScalarsStayStrings) {
  for (const std::string text : {"1", "0x1F", "true", "1.5"}) {
    EXPECT_EQ(ResolveScalar(text, false), Value(text)) << text;
  }
}

}  // namespace
}  // namespace causeway
