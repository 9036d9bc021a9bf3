// The kit's generic value checks: an enum compared without case, a lower bound and a whole-number
// range accept what they name and refuse the rest (wrong types included) with what was expected.
#include <gtest/gtest.h>

#include "providers/kit/value_checks.h"

namespace causeway::kit {
namespace {

void ExpectAccepts(const ValueCheck& check, const std::vector<Value>& values) {
  for (const auto& v : values) EXPECT_EQ(check(v), "") << v.dump();
}
void ExpectRefuses(const ValueCheck& check, const std::vector<Value>& values) {
  for (const auto& v : values) EXPECT_NE(check(v), "") << v.dump();
}

TEST(KitValueChecksTest, OneOfIgnoringCase) {
  ExpectAccepts(OneOfIgnoringCase({"ENABLED", "DISABLED"}), {"ENABLED", "disabled", "Enabled"});
  ExpectRefuses(OneOfIgnoringCase({"ENABLED", "DISABLED"}), {"ON", "", "ENABLEDX", true});
  EXPECT_EQ(OneOfIgnoringCase({"A", "B", "C"})(Value("x")), "A, B or C");
}

TEST(KitValueChecksTest, AtLeast) {
  ExpectAccepts(AtLeast(10000000), {10000000, 1e12});
  ExpectRefuses(AtLeast(10000000), {9999999, -1, "10000000"});
  EXPECT_EQ(AtLeast(10000000)(Value(1)), "a number of at least 10000000");
}

TEST(KitValueChecksTest, IntegerBetween) {
  ExpectAccepts(IntegerBetween(3600, 43200), {3600, 43200, 7200});
  ExpectRefuses(IntegerBetween(3600, 43200), {3599, 43201, -1, 3600.5, "3600"});
  EXPECT_EQ(IntegerBetween(900, 43200)(Value(1)), "a whole number from 900 to 43200");
}

}  // namespace
}  // namespace causeway::kit
