// Reference parsing and interpolation.
#include "reconciler/core/reference.h"

#include <gtest/gtest.h>

namespace causeway {
namespace {

TEST(ReferenceTest, ParsesResourceAndVarReferences) {
  std::vector<std::string> errors;
  auto refs = FindReferences("arn:${aws.iam.role.reader.arn}/${var.prefix}", &errors);
  ASSERT_TRUE(errors.empty());
  ASSERT_EQ(refs.size(), 2u);
  EXPECT_FALSE(refs[0].is_var);
  EXPECT_EQ(refs[0].target.kind, "aws.iam.role");
  EXPECT_EQ(refs[0].target.name, "reader");
  EXPECT_EQ(refs[0].attribute, "arn");
  EXPECT_TRUE(refs[1].is_var);
  EXPECT_EQ(refs[1].var, "prefix");
}

TEST(ReferenceTest, ReportsMalformedReferences) {
  struct Case {
    std::string input;
    std::string reason;
  } cases[] = {
      {"${aws.role}", "too few segments"},
      {"${var.a.b}", "var with a path"},
      {"${aws..role.x.y}", "empty segment"},
      {"${aws.iam.role.x.arn", "unterminated"},
  };
  for (const auto& c : cases) {
    std::vector<std::string> errors;
    auto refs = FindReferences(c.input, &errors);
    EXPECT_TRUE(refs.empty()) << c.reason;
    EXPECT_EQ(errors.size(), 1u) << c.reason;
  }
}

TEST(ReferenceTest, CollectsJsonPaths) {
  Value v = Value::parse(R"({"a": {"b": ["x", "${mem.role.r.arn}"]}})");
  auto refs = CollectReferences(v, nullptr);
  ASSERT_EQ(refs.size(), 1u);
  EXPECT_EQ(refs[0].json_path, "/a/b/1");
}

TEST(ReferenceTest, InterpolatesWholeValuesWithTheirType) {
  Value v = Value::parse(R"({"list": "${var.l}", "text": "s3://${var.b}/p", "esc": "$${literal}"})");
  auto out = Interpolate(v, [](const Reference& r) -> std::optional<Value> {
    if (r.var == "l") return Value::array({1, 2});
    if (r.var == "b") return Value("bucket");
    return std::nullopt;
  });
  EXPECT_EQ(out["list"], Value::array({1, 2}));
  EXPECT_EQ(out["text"], "s3://bucket/p");
  EXPECT_EQ(out["esc"], "${literal}");
}

TEST(ReferenceTest, UnresolvedBecomesUnknown) {
  Value v = "prefix-${mem.role.r.arn}";
  auto out = Interpolate(v, [](const Reference&) -> std::optional<Value> { return std::nullopt; });
  EXPECT_TRUE(IsUnknown(out));
}

}  // namespace
}  // namespace causeway
