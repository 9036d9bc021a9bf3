// AWS value checks: each rule accepts what AWS accepts and refuses the rest with what was
// expected, and `validate` of an AWS manifest reports a bad name at its file:line:column
// before anything is contacted.
#include "providers/aws/value_checks.h"

#include <gtest/gtest.h>

#include "manifests/loader.h"
#include "providers/aws/aws_provider.h"

namespace causeway {
namespace {

void ExpectAccepts(const ValueCheck& check, const std::vector<Value>& values) {
  for (const auto& v : values) EXPECT_EQ(check(v), "") << v.dump();
}
void ExpectRefuses(const ValueCheck& check, const std::vector<Value>& values) {
  for (const auto& v : values) EXPECT_NE(check(v), "") << v.dump();
}

TEST(AwsValueChecksTest, S3BucketNamesFollowS3sRules) {
  ValueCheck check = S3BucketName();
  ExpectAccepts(check, {"abc", "acme-lake", "my.bucket.2024", "1bucket", std::string(63, 'a'),
                        "192.168.5", "xn-single", "ends-with-s3"});
  ExpectRefuses(check, {"ab",          std::string(64, 'a'),
                        "Acme",        "under_score",
                        "a b",         "-lead",
                        "trail-",      ".dot",
                        "dot.",        "a..b",
                        "192.168.5.4", "xn--idn",
                        "sthree-x",    "amzn-s3-demo-bucket",
                        "x-s3alias",   "x--ol-s3",
                        "x.mrap",      "x--x-s3",
                        "x--table-s3", "../../evil",
                        "caf\xc3\xa9", 3});
  EXPECT_EQ(check(Value("a..b")),
            "a bucket name of 3 to 63 lowercase letters, digits, '.' and '-', starting and "
            "ending with a letter or digit, with no \"..\"");
}

TEST(AwsValueChecksTest, IamNamesAndPathsFollowTheModelsPatterns) {
  // roleNameType: [\w+=,.@-]+, 1 to 64.
  ExpectAccepts(IamName(64), {"r", "Lake_Crawler+=,.@-1", std::string(64, 'R')});
  ExpectRefuses(IamName(64), {"", std::string(65, 'R'), "with space", "slash/", "caf\xc3\xa9"});
  ExpectAccepts(IamName(128), {std::string(128, 'p')});
  ExpectRefuses(IamName(128), {std::string(129, 'p')});
  // pathType: "/" or "/" + printable ASCII + "/", up to 512.
  ExpectAccepts(IamPath(), {"/", "/service-role/", "/a/b/"});
  ExpectRefuses(IamPath(), {"", "a/", "/a", "/with space/", "/" + std::string(511, 'a') + "/"});
}

TEST(AwsValueChecksTest, AthenaWorkGroupNames) {
  ExpectAccepts(AthenaWorkGroupName(), {"primary", "a.b_c-d", std::string(128, 'w')});
  ExpectRefuses(AthenaWorkGroupName(), {"", "with space", "a/b", std::string(129, 'w')});
}

TEST(AwsValueChecksTest, WorkgroupLocation) {
  ExpectAccepts(S3UrlOrEmpty(), {"", "s3://acme-lake/athena/"});
  ExpectRefuses(S3UrlOrEmpty(), {"s3://", "https://x/", "acme-lake/athena/", 5});
}

TEST(AwsValueChecksTest, TagsAreStringsWithinAwsLimits) {
  ExpectAccepts(AwsTags(), {Value::object(),
                            {{"team", "data"}, {"cost_center", "1234"}},
                            {{std::string(128, 'k'), std::string(256, 'v')}},
                            {{"k", ""}}});
  ExpectRefuses(AwsTags(), {{{"cost_center", 1234}},
                            {{"enabled", true}},
                            {{"k", Value()}},
                            {{"aws:reserved", "x"}},
                            {{std::string(129, 'k'), "v"}},
                            {{"k", std::string(257, 'v')}},
                            {{"", "v"}}});
  EXPECT_NE(AwsTags()(Value{{"team", "data"}, {"cost_center", 1234}})
                .find("tag 'cost_center' is not a string"),
            std::string::npos);
}

TEST(AwsValueChecksTest, ValidateReportsABadNameWhereItIsWritten) {
  SchemaSet schemas;
  for (auto& k : aws::AwsProvider().schemas()) schemas[k.kind] = k;
  const std::string manifest =
      "kind: aws.s3.bucket\n"
      "name: lake\n"
      "spec:\n"
      "  bucket: Acme_Lake\n"
      "---\n"
      "kind: aws.iam.role\n"
      "name: crawler\n"
      "spec:\n"
      "  role_name: lake crawler\n"
      "  assume_role_policy: {Version: \"2012-10-17\", Statement: []}\n"
      "  max_session_duration: 60\n"
      "  tags: {team: data, cost_center: 1234}\n";
  LoadResult r = LoadManifestFiles({{"main.yaml", manifest}}, schemas);
  std::vector<std::string> got;
  for (const auto& d : r.diagnostics) got.push_back(d.str());
  EXPECT_EQ(got, (std::vector<std::string>{
                     "main.yaml:4:11: invalid value for attribute 'bucket' of aws.s3.bucket: "
                     "\"Acme_Lake\"; expected a bucket name of 3 to 63 lowercase letters, digits, "
                     "'.' and '-', starting and ending with a letter or digit",
                     "main.yaml:9:14: invalid value for attribute 'role_name' of aws.iam.role: "
                     "\"lake crawler\"; expected 1 to 64 letters, digits and _+=,.@- characters",
                     "main.yaml:11:25: invalid value for attribute 'max_session_duration' of "
                     "aws.iam.role: 60; expected a whole number from 3600 to 43200",
                     "main.yaml:12:9: invalid value for attribute 'tags' of aws.iam.role: "
                     "{\"cost_center\":1234,\"team\":\"data\"}; expected tags with string values "
                     "(quote numbers and booleans, e.g. cost_center: \"1234\"), keys of 1 to 128 "
                     "characters not starting with aws:, values of up to 256; tag 'cost_center' is "
                     "not a string"}));
}

}  // namespace
}  // namespace causeway
