// `causeway kinds`: the committed kind reference (docs/KINDS.md) is exactly what the command
// prints, the JSON form carries every schema field, and an unknown provider is an error.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "reconciler/core/value.h"
#include "tests/support/cli_runner.h"

namespace causeway::testing {
namespace {

std::string Docs() {
  std::ifstream in(std::string(CAUSEWAY_SOURCE_DIR) + "/docs/KINDS.md");
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

TEST(KindsCommandTest, CommittedReferenceIsWhatTheCommandPrints) {
  CliRunner cli;
  CliResult r = cli.Run({"kinds"});
  ASSERT_EQ(r.exit_code, 0) << r.all();
  const std::string docs = Docs();
  const std::string first_kind = "### ";
  auto start = docs.find(first_kind);
  ASSERT_NE(start, std::string::npos) << "docs/KINDS.md has no kind";
  EXPECT_EQ(docs.substr(start), r.out)
      << "docs/KINDS.md is stale: regenerate it from `causeway kinds` (see its first lines)";
}

TEST(KindsCommandTest, JsonCarriesEverySchemaField) {
  CliRunner cli;
  CliResult r = cli.Run({"kinds", "aws", "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.all();
  Value kinds = Value::parse(r.out);
  ASSERT_TRUE(kinds.is_array());
  const Value* bucket = nullptr;
  for (const auto& k : kinds) {
    EXPECT_EQ(k["kind"].get<std::string>().rfind("aws.", 0), 0u) << k["kind"];
    if (k["kind"] == "aws.s3.bucket") bucket = &k;
  }
  ASSERT_NE(bucket, nullptr);
  EXPECT_TRUE((*bucket)["holds_data"].get<bool>());
  EXPECT_FALSE((*bucket)["description"].get<std::string>().empty());
  std::map<std::string, Value> attrs;
  for (const auto& a : (*bucket)["attributes"]) attrs[a["name"].get<std::string>()] = a;
  EXPECT_TRUE(attrs.at("bucket")["required"].get<bool>());
  EXPECT_TRUE(attrs.at("bucket")["force_new"].get<bool>());
  EXPECT_TRUE(attrs.at("arn")["computed"].get<bool>());
  EXPECT_EQ(attrs.at("versioning")["default"], false);
  ASSERT_TRUE(attrs.at("policy").contains("default")) << "a null default is still a default";
  EXPECT_TRUE(attrs.at("policy")["default"].is_null());
  EXPECT_FALSE(attrs.at("bucket").contains("default"));
}

TEST(KindsCommandTest, UnknownProviderIsAnError) {
  CliRunner cli;
  CliResult r = cli.Run({"kinds", "gcp"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_TRUE(r.out.empty()) << r.out;
  EXPECT_NE(r.err.find("no provider 'gcp'; the providers are: aws, databricks, mem"),
            std::string::npos)
      << r.err;
}

}  // namespace
}  // namespace causeway::testing
