// ValueDiff: which changes read as line diffs, the marks of an appended list item and a changed
// member, elision of far-away unchanged lines, and the whole-value fallback for huge values.
#include "reconciler/plan/value_diff.h"

#include <gtest/gtest.h>

namespace causeway {
namespace {

std::string Show(const std::vector<DiffLine>& lines) {
  std::string out;
  for (const auto& l : lines) out += std::string(1, l.mark) + l.text + "\n";
  return out;
}

TEST(ValueDiffTest, NestedChangesOnly) {
  EXPECT_TRUE(IsNestedChange(Value::parse(R"({"a":1})"), Value::parse(R"({"a":2})")));
  EXPECT_TRUE(IsNestedChange(Value(), Value::parse("[1]")));
  EXPECT_FALSE(IsNestedChange(Value("a"), Value("b")));
  EXPECT_FALSE(IsNestedChange(Value(), Value()));
  EXPECT_FALSE(IsNestedChange(Value::parse("[1]"), UnknownValue()));
}

TEST(ValueDiffTest, AppendedItemIsOneAddedLine) {
  auto d = DiffValues(Value::parse(R"(["id"])"), Value::parse(R"(["id","fare"])"));
  EXPECT_EQ(Show(d), " [\n   \"id\"\n+  \"fare\"\n ]\n");
}

TEST(ValueDiffTest, ChangedMemberAndElision) {
  Value before = Value::object();
  for (int i = 0; i < 20; ++i) before["k" + std::to_string(10 + i)] = i;
  Value after = before;
  after["k20"] = "changed";
  auto d = DiffValues(before, after, /*context=*/1);
  EXPECT_EQ(Show(d),
            ".(10 unchanged lines)\n"
            "   \"k19\": 9\n"
            "-  \"k20\": 10\n"
            "+  \"k20\": \"changed\"\n"
            "   \"k21\": 11\n"
            ".(9 unchanged lines)\n");
}

TEST(ValueDiffTest, HugeValuesShownWhole) {
  Value big = Value::array();
  for (size_t i = 0; i <= kMaxDiffLines; ++i) big.push_back(static_cast<int>(i));
  Value other = big;
  other.push_back(-1);
  auto d = DiffValues(big, other);
  size_t removed = 0;
  for (const auto& l : d) removed += l.mark == '-' ? 1 : 0;
  EXPECT_EQ(removed, kMaxDiffLines + 3) << "every line of before, brackets included";
}

}  // namespace
}  // namespace causeway
