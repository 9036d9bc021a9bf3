// ASCII case folding and whole-text integer parsing (reconciler/core/ascii.h).
#include "reconciler/core/ascii.h"

#include <gtest/gtest.h>

#include <cstdint>

namespace causeway {
namespace {

TEST(AsciiTest, CaseFoldingTouchesOnlyAsciiLetters) {
  EXPECT_EQ(Lower("AbC-9_Z"), "abc-9_z");
  EXPECT_EQ(Upper("abc-9_z"), "ABC-9_Z");
  EXPECT_EQ(Upper("caf\xc3\xa9"), "CAF\xc3\xa9");  // UTF-8 bytes pass through unchanged
  EXPECT_TRUE(EqualsIgnoringCase("Content-Type", "content-type"));
  EXPECT_FALSE(EqualsIgnoringCase("Content-Type", "content-typ"));
}

TEST(AsciiTest, ParseIntegerNeedsTheWholeText) {
  struct Case {
    const char* text;
    int base;
    std::optional<int64_t> want;
    const char* reason;
  };
  const Case cases[] = {
      {"42", 10, 42, "plain"},
      {"-7", 10, -7, "negative"},
      {"ff", 16, 255, "hex chunk size"},
      {"", 10, std::nullopt, "empty"},
      {"12abc", 10, std::nullopt, "trailing text"},
      {" 12", 10, std::nullopt, "leading space"},
      {"+12", 10, std::nullopt, "plus sign"},
      {"99999999999999999999", 10, std::nullopt, "overflow"},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(ParseInteger<int64_t>(c.text, c.base), c.want) << c.reason;
  }
  EXPECT_EQ(ParseInteger<unsigned>("-1"), std::nullopt) << "no sign for unsigned";
  EXPECT_EQ(ParseInteger<int>("3000000000"), std::nullopt) << "overflows int";
}

}  // namespace
}  // namespace causeway
