// Issue 17: nothing a server sends may abort the process. One object of every AWS kind is created
// on the sandbox; a session of bulk observe, per-resource observe and list is recorded; then the
// session is replayed once per reply mutation (every JSON member and XML element removed, set to
// null or emptied, or given the wrong type) through a fresh provider. Each replay must end in an
// observation or a clean error that says which reply was wrong, never in an abort (a crash names
// the mutation that caused it). A null member is what AWS-compatible emulators send for unset
// members, and must read exactly like an absent one.
#include <gtest/gtest.h>

#include <functional>
#include <map>

#include "providers/aws/aws_provider.h"
#include "tests/support/reply_mutations.h"
#include "tests/support/sandbox_fixture.h"

namespace causeway::testing {
namespace {

constexpr char kTrust[] =
    R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"glue.amazonaws.com"},"Action":"sts:AssumeRole"}]})";
constexpr char kS3Read[] =
    R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::shapes-lake/*"}]})";

struct Item {
  std::string kind;
  Value attributes;
};

class ReplyShapesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(fixture_.Start().ok());
    auto p = NewSandboxAwsProvider(&fixture_);
    ASSERT_NE(p, nullptr);
    auto role = p->create({Address{"aws.iam.role", "r"},
                           {{"role_name", "shapes-role"},
                            {"assume_role_policy", Value::parse(kTrust)},
                            {"description", "d"},
                            {"tags", {{"team", "data"}}}}});
    ASSERT_TRUE(role.ok()) << role.status().ToString();
    std::string role_arn = role->outputs["arn"].get<std::string>();
    items_ = {
        {"aws.iam.role", role->attributes},
        {"aws.iam.role_policy",
         {{"role", "shapes-role"}, {"policy_name", "read"}, {"policy", Value::parse(kS3Read)}}},
        {"aws.iam.policy",
         {{"policy_name", "shapes-managed"}, {"policy", Value::parse(kS3Read)},
          {"tags", {{"a", "b"}}}}},
        {"aws.s3.bucket",
         {{"bucket", "shapes-lake"}, {"versioning", true}, {"tags", {{"team", "data"}}},
          {"policy",
           Value::parse(R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow",)"
                        R"("Principal":{"AWS":")" +
                        role_arn + R"("},"Action":"s3:GetObject","Resource":"arn:aws:s3:::shapes-lake/*"}]})")}}},
        {"aws.glue.database",
         {{"name", "shapes_db"}, {"description", "d"}, {"location_uri", "s3://shapes-lake/db/"},
          {"parameters", {{"k", "v"}}}}},
        {"aws.glue.table",
         {{"database", "shapes_db"},
          {"name", "trips"},
          {"columns", Value::array({{{"name", "id"}, {"type", "string"}, {"comment", "c"}}})},
          {"partition_keys", Value::array({{{"name", "date"}, {"type", "string"}}})},
          {"location", "s3://shapes-lake/trips/"},
          {"serde",
           {{"serialization_library",
             "org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe"}}},
          {"parameters", {{"classification", "parquet"}}}}},
        {"aws.glue.crawler",
         {{"name", "shapes-crawler"},
          {"role", role_arn},
          {"database_name", "shapes_db"},
          {"s3_targets", Value::array({{{"path", "s3://shapes-lake/raw/"}}})}}},
        {"aws.lakeformation.resource",
         {{"arn", "arn:aws:s3:::shapes-lake/trips"}, {"role_arn", role_arn}}},
        {"aws.lakeformation.permissions",
         {{"principal", role_arn},
          {"resource", {{"database", {{"name", "shapes_db"}}}}},
          {"permissions", Value::array({"ALTER", "DROP"})}}},
        {"aws.athena.workgroup",
         {{"name", "shapes-wg"}, {"description", "d"},
          {"output_location", "s3://shapes-lake/athena/"},
          {"bytes_scanned_cutoff_per_query", 10000000000}}},
    };
    for (auto& item : items_) {
      if (item.kind == "aws.iam.role") continue;
      auto r = p->create({Address{item.kind, "x"}, item.attributes});
      ASSERT_TRUE(r.ok()) << item.kind << ": " << r.status().ToString();
      item.attributes = r->attributes;
      ids_[item.kind] = r->id;
    }
    ids_["aws.iam.role"] = role->id;
    auto attach = p->create({Address{"aws.iam.role_policy_attachment", "x"},
                             {{"role", "shapes-role"}, {"policy_arn", ids_["aws.iam.policy"]}}});
    ASSERT_TRUE(attach.ok()) << attach.status().ToString();
    items_.push_back({"aws.iam.role_policy_attachment", attach->attributes});
    ids_["aws.iam.role_policy_attachment"] = attach->id;
  }

  // Runs the session through a provider on `http`: observe with ids, observe by natural key (no
  // ids), and a list of every kind. Returns the first error; `observed` receives the observations
  // with ids.
  Status Session(HttpClient* http, const std::string& mode,
                 std::vector<Observation>* observed = nullptr) {
    aws::AwsProviderOptions o;
    o.http = http;
    aws::AwsProvider p(o);
    aws::Credentials c = SandboxFixture::DefaultCredentials();
    CW_RETURN_IF_ERROR(p.configure({{"endpoint", fixture_.endpoint()},
                                    {"access_key_id", c.access_key_id},
                                    {"secret_access_key", c.secret_access_key},
                                    {"region", "us-east-1"},
                                    {"refresh_mode", mode}}));
    std::vector<ObserveItem> with_ids, by_key;
    for (const auto& item : items_) {
      with_ids.push_back({Address{item.kind, "x"}, ids_[item.kind], item.attributes});
      by_key.push_back({Address{item.kind, "x"}, "", item.attributes});
    }
    Status first;
    for (const auto* batch : {&with_ids, &by_key}) {
      auto obs = p.observe(*batch);
      if (!obs.ok() && first.ok()) first = obs.status();
      if (obs.ok() && observed != nullptr && batch == &with_ids) *observed = *obs;
    }
    for (const auto& item : items_) {
      Value scope = Value::object();
      if (item.kind == "aws.glue.table") scope = {{"database", "shapes_db"}};
      auto listed = p.list({item.kind, scope});
      if (!listed.ok() && first.ok()) first = listed.status();
    }
    return first;
  }

  void ReplayEveryMutation(const std::string& mode) {
    auto curl = NewCurlHttpClient();
    RecordingHttpClient recorder(curl.get());
    Status clean = Session(&recorder, mode);
    ASSERT_TRUE(clean.ok()) << "the unmutated session must succeed: " << clean.ToString();
    std::vector<Exchange> recorded = recorder.exchanges();
    {
      ReplayHttpClient replay(recorded, std::nullopt);
      Status again = Session(&replay, mode);
      ASSERT_TRUE(again.ok()) << "the replay without mutation must succeed: " << again.ToString();
    }
    std::vector<ReplyMutation> mutations = MutationsOf(recorded);
    ASSERT_GT(mutations.size(), 300u) << "the session covers every kind's replies";
    size_t errors = 0;
    for (const auto& m : mutations) {
      std::string what = m.Describe(recorded);
      SetCurrentMutation(what);
      ReplayHttpClient replay(recorded, m);
      Status s = Session(&replay, mode);
      if (s.ok()) continue;
      ++errors;
      EXPECT_FALSE(s.message().empty()) << what;
      EXPECT_NE(s.code(), StatusCode::kInternal) << what << ": " << s.ToString();
    }
    SetCurrentMutation("");
    // Most mutations hit members the provider reads; some must be refused with an error.
    EXPECT_GT(errors, 0u);
    RecordProperty("mutations", static_cast<int>(mutations.size()));
    RecordProperty("errors", static_cast<int>(errors));
  }

  SandboxFixture fixture_;
  std::vector<Item> items_;
  std::map<std::string, std::string> ids_;
};

TEST_F(ReplyShapesTest, BulkObserveAndListSurviveEveryReplyShape) { ReplayEveryMutation("bulk"); }

TEST_F(ReplyShapesTest, PerResourceObserveSurvivesEveryReplyShape) {
  ReplayEveryMutation("per-resource");
}

// A null member is not a different value from an absent one: when every member AWS leaves out
// of a reply (a database's unset description, location and parameters) is sent as null instead,
// as several AWS-compatible emulators do, the observations are exactly the same.
TEST_F(ReplyShapesTest, NullMembersReadAsAbsent) {
  auto p = NewSandboxAwsProvider(&fixture_);
  ASSERT_NE(p, nullptr);
  ASSERT_TRUE(p->create({Address{"aws.glue.database", "bare"}, {{"name", "bare_db"}}}).ok());
  items_.push_back({"aws.glue.database", {{"name", "bare_db"}}});
  ids_.erase("aws.glue.database");  // observe both databases by name
  auto curl = NewCurlHttpClient();
  RecordingHttpClient recorder(curl.get());
  std::vector<Observation> original;
  ASSERT_TRUE(Session(&recorder, "bulk", &original).ok());
  std::vector<Exchange> recorded = recorder.exchanges();
  size_t nulled = 0;
  for (auto& e : recorded) {
    Value v = Value::parse(e.response.body, nullptr, false);
    if (v.is_discarded() || !v.is_object()) continue;
    std::function<void(Value&)> null_unset = [&](Value& node) {
      if (node.is_object()) {
        if (node.contains("Name") && node.contains("CreateTime") && !node.contains("Columns")) {
          for (const char* m : {"Description", "LocationUri", "Parameters", "CatalogId"}) {
            if (!node.contains(m)) {
              node[m] = nullptr;
              ++nulled;
            }
          }
        }
        for (auto& [_, child] : node.items()) null_unset(child);
      } else if (node.is_array()) {
        for (auto& child : node) null_unset(child);
      }
    };
    null_unset(v);
    e.response.body = v.dump();
  }
  ASSERT_GT(nulled, 0u) << "the bare database's reply has unset members";
  ReplayHttpClient replay(recorded, std::nullopt);
  std::vector<Observation> with_nulls;
  Status s = Session(&replay, "bulk", &with_nulls);
  ASSERT_TRUE(s.ok()) << s.ToString();
  ASSERT_EQ(with_nulls.size(), original.size());
  for (size_t i = 0; i < original.size(); ++i) {
    EXPECT_EQ(with_nulls[i].exists, original[i].exists) << original[i].address.str();
    EXPECT_EQ(with_nulls[i].attributes, original[i].attributes) << original[i].address.str();
    EXPECT_EQ(with_nulls[i].outputs, original[i].outputs) << original[i].address.str();
  }
}

}  // namespace
}  // namespace causeway::testing
