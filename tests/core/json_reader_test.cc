// ParseJson must return exactly the Value that Value::parse returns, for every kind of value,
// including the number types (unsigned for non-negative integers), text only nlohmann accepts,
// and nlohmann's error messages for text neither accepts.
#include "reconciler/core/json_reader.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace causeway {
namespace {

// Equal values with the same number types all the way down (Value's == treats 5 and 5u as
// equal, so the types are compared separately).
void ExpectIdentical(const Value& got, const Value& want, const std::string& path = "") {
  ASSERT_EQ(got.type(), want.type()) << "at " << (path.empty() ? "/" : path);
  ASSERT_EQ(got, want) << "at " << (path.empty() ? "/" : path);
  if (want.is_object()) {
    for (auto it = want.begin(); it != want.end(); ++it) {
      ASSERT_TRUE(got.contains(it.key())) << path << "/" << it.key();
      ExpectIdentical(got.at(it.key()), it.value(), path + "/" + it.key());
    }
  } else if (want.is_array()) {
    for (size_t i = 0; i < want.size(); ++i) {
      ExpectIdentical(got[i], want[i], path + "/" + std::to_string(i));
    }
  }
}

TEST(JsonReaderTest, SameValueAsValueParse) {
  const std::vector<std::string> texts = {
      R"({
        "zeta": [1, -2, 0, 3000000000, 9223372036854775807, 9223372036854775808,
                 18446744073709551615, -9223372036854775808, 0.5, -1.5e-7, 1e300, 1E2, 2.0],
        "alpha": {"nested": {"deep": [[], {}, [null], {"k": true}]}, "empty": "", "f": false},
        "quote\"key": "a \"quoted\" \\ backslash \/ slash",
        "ctrl": "tab\there\nnewline\u0001\u001f\b\f\r",
        "unicode": "é ü 雪 😀 \u00e9 \ud83d\ude00",
        "del": "\u007f",
        "arr": [{"a": 1, "b": [2, 3]}, "x", 1.25]
      })",
      "[]",
      "{}",
      "null",
      "true",
      "false",
      "0",
      "42",
      "-7",
      "0.1",
      R"("s")",
      "  \n[1,\t2 ]\r\n",
      R"({"dup": 1, "dup": 2, "a": {"dup": [1], "dup": [2, 3]}})",  // the last of duplicates
      R"({"b": 1, "a": 2, "c": {"z": 0, "y": 1}})",                 // any key order
  };
  for (const auto& text : texts) {
    SCOPED_TRACE(text);
    auto got = ParseJson(text);
    ASSERT_TRUE(got.ok()) << got.status().message();
    ExpectIdentical(*got, Value::parse(text));
  }
}

TEST(JsonReaderTest, MinusZeroIsZero) {
  // The one difference json_reader.h owns up to: simdjson cannot tell the integer -0 from 0, so
  // it reads as number_unsigned where Value::parse has number_integer. Both are 0: equal, and
  // written alike.
  auto got = ParseJson("[-0]");
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(*got, Value::parse("[-0]"));
  EXPECT_EQ(got->dump(), Value::parse("[-0]").dump());
}

TEST(JsonReaderTest, AcceptsWhatOnlyNlohmannAccepts) {
  // Beyond 64 bits: Value::parse reads a float, simdjson refuses; the fallback keeps parity.
  for (std::string text : {"[18446744073709551616]", "[-9223372036854775809]",
                           "{\"n\": 123456789012345678901234567890}"}) {
    SCOPED_TRACE(text);
    auto got = ParseJson(text);
    ASSERT_TRUE(got.ok()) << got.status().message();
    ExpectIdentical(*got, Value::parse(text));
  }
}

TEST(JsonReaderTest, RefusesWhatValueParseRefusesWithItsMessage) {
  for (std::string text : {"", "{", "[1,]", "{\"a\" 1}", "nul", "[1] [2]", "\"\\ud800\"",
                           "\"\\udc00\"", "\"tab\there\"", "\"\xff\"", "[01]", "{'a': 1}"}) {
    SCOPED_TRACE(text);
    auto got = ParseJson(text);
    ASSERT_FALSE(got.ok()) << "accepted as " << got->dump();
    std::string want;
    try {
      Value accepted = Value::parse(text);
      ADD_FAILURE() << "Value::parse accepts it as " << accepted.dump();
    } catch (const Value::parse_error& e) {
      want = e.what();
    }
    EXPECT_EQ(got.status().message(), want);
  }
}

TEST(JsonReaderTest, NestingBeyondSimdjsonsLimitStillParses) {
  std::string deep(100000, '[');
  deep += std::string(100000, ']');
  // simdjson refuses it (deeper than its limit) and the fallback, nlohmann, parses it without
  // recursion; destroying the result must not overflow the stack either (value_destroy.cc).
  auto got = ParseJson(deep);
  ASSERT_TRUE(got.ok()) << got.status().message();
  EXPECT_TRUE(got->is_array());
}

}  // namespace
}  // namespace causeway
