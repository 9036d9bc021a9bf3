// aws.sfn.state_machine through AwsProvider against the in-process sandbox: create, then observe
// (bulk and per-resource) reads back the manifest with the definition written as a YAML mapping
// and, with its keys in another order and other whitespace, as a JSON string: no diff either
// way; an out-of-band definition change is drift, fixed by update; adoption of an existing
// machine; a type change replaces; delete, and delete of a missing machine; a role Step Functions
// cannot assume is refused; definitions that are not ASL refused at validate.
#include <gtest/gtest.h>

#include "manifests/loader.h"
#include "providers/aws/aws_provider.h"
#include "tests/support/drift.h"
#include "tests/support/sandbox_fixture.h"

namespace causeway::testing {
namespace {

constexpr char kMachine[] = "aws.sfn.state_machine";
constexpr char kArn[] = "arn:aws:states:us-east-1:123456789012:stateMachine:csv-pipeline";
constexpr char kStatesTrust[] =
    R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"states.amazonaws.com"},"Action":"sts:AssumeRole"}]})";

// The manifest as a user writes it: the definition as a YAML mapping.
constexpr char kYamlManifest[] = R"(kind: aws.sfn.state_machine
name: pipeline
spec:
  name: csv-pipeline
  role: pipeline-role
  type: standard
  definition:
    Comment: CSV to Iceberg
    StartAt: Transform
    States:
      Transform:
        Type: Task
        Resource: arn:aws:states:::glue:startJobRun.sync
        Parameters: {JobName: csv-to-iceberg}
        Retry: [{ErrorEquals: [States.ALL], MaxAttempts: 2, BackoffRate: 2.0}]
        Next: Done
      Done:
        Type: Succeed
)";

// The same definition as a JSON string: other key order, other whitespace, 2 for 2.0.
constexpr char kJsonDefinition[] = R"({
  "States": {"Done": {"Type": "Succeed"},
             "Transform": {"Next": "Done", "Parameters": {"JobName": "csv-to-iceberg"},
                           "Retry": [{"MaxAttempts": 2, "BackoffRate": 2, "ErrorEquals": ["States.ALL"]}],
                           "Resource": "arn:aws:states:::glue:startJobRun.sync", "Type": "Task"}},
  "StartAt": "Transform", "Comment": "CSV to Iceberg"})";

class SfnStateMachineKindTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(fixture_.Start().ok());
    client_ = fixture_.Client();
    auto r =
        client_->Query("iam", "CreateRole",
                       {{"RoleName", "pipeline-role"}, {"AssumeRolePolicyDocument", kStatesTrust}});
    ASSERT_EQ(r.status, 200) << r.body;
    bulk_ = NewSandboxAwsProvider(&fixture_);
    per_resource_ = NewSandboxAwsProvider(&fixture_, {{"refresh_mode", "per-resource"}});
    ASSERT_TRUE(bulk_ && per_resource_);
    for (const auto& s : bulk_->schemas()) {
      if (s.kind == kMachine) schema_ = s;
    }
    ASSERT_EQ(schema_.kind, kMachine);
  }
  // The spec of the first resource of `yaml`, validated with the provider's schemas.
  LoadResult Load(const std::string& yaml) {
    SchemaSet schemas;
    for (const auto& k : bulk_->schemas()) schemas[k.kind] = k;
    return LoadManifestFiles({{"sfn.yaml", yaml}}, schemas);
  }
  Value YamlManifest() {
    LoadResult r = Load(kYamlManifest);
    EXPECT_TRUE(r.ok()) << (r.diagnostics.empty() ? "" : r.diagnostics[0].str());
    return r.set.resources.empty() ? Value::object() : r.set.resources[0].spec;
  }
  Value JsonManifest() {
    Value m = YamlManifest();
    m["definition"] = kJsonDefinition;
    m["role"] = "arn:aws:iam::123456789012:role/pipeline-role";
    return m;
  }
  SandboxReply Sfn(const std::string& op, const Value& body) {
    return client_->Json("states", "AWSStepFunctions." + op, body);
  }

  SandboxFixture fixture_;
  std::unique_ptr<SandboxClient> client_;
  std::unique_ptr<aws::AwsProvider> bulk_;
  std::unique_ptr<aws::AwsProvider> per_resource_;
  KindSchema schema_;
};

TEST_F(SfnStateMachineKindTest, LifecycleDriftAndAdoption) {
  Value yaml = YamlManifest();
  ASSERT_TRUE(yaml["definition"].is_object()) << yaml.dump();
  auto created = bulk_->create(CreateRequest{Address{kMachine, "pipeline"}, yaml});
  ASSERT_TRUE(created.ok()) << created.status().ToString();
  EXPECT_EQ(created->outputs["arn"], kArn);
  auto described = Sfn("DescribeStateMachine", {{"stateMachineArn", kArn}});
  ASSERT_EQ(described.status, 200) << described.body;
  EXPECT_EQ(described.Json()["roleArn"], "arn:aws:iam::123456789012:role/pipeline-role");

  for (Provider* p :
       {static_cast<Provider*>(bulk_.get()), static_cast<Provider*>(per_resource_.get())}) {
    Observation o = ObserveOne(*p, kMachine, "csv-pipeline", yaml);
    ASSERT_TRUE(o.exists);
    EXPECT_EQ(o.outputs["arn"], kArn);
    // No-op re-plan whether the definition is written in YAML or as a JSON string.
    EXPECT_TRUE(NoDrift(schema_, yaml, o.attributes)) << o.attributes.dump();
    EXPECT_TRUE(NoDrift(schema_, JsonManifest(), o.attributes)) << o.attributes.dump();
  }

  // Out of band: the retry count changed.
  Value changed = Value::parse(kJsonDefinition);
  changed["States"]["Transform"]["Retry"][0]["MaxAttempts"] = 5;
  auto oob = Sfn("UpdateStateMachine", {{"stateMachineArn", kArn}, {"definition", changed.dump()}});
  ASSERT_EQ(oob.status, 200) << oob.body;
  Observation drifted = ObserveOne(*bulk_, kMachine, "csv-pipeline", yaml);
  std::vector<std::string> drift = Drift(schema_, yaml, drifted.attributes);
  EXPECT_EQ(drift, (std::vector<std::string>{"definition"}));
  auto updated = bulk_->update(UpdateRequest{Address{kMachine, "pipeline"}, "csv-pipeline",
                                             drifted.attributes, yaml, drift});
  ASSERT_TRUE(updated.ok()) << updated.status().ToString();
  EXPECT_TRUE(
      NoDrift(schema_, yaml, ObserveOne(*bulk_, kMachine, "csv-pipeline", yaml).attributes));

  // Logging: turned on by update, read back.
  const std::string group = "arn:aws:logs:us-east-1:123456789012:log-group:/sfn/pipeline:*";
  Value logged = yaml;
  logged["logging_level"] = "error";
  logged["logging_include_execution_data"] = true;
  logged["logging_destinations"] = Value::array({group});
  Observation before = ObserveOne(*per_resource_, kMachine, "csv-pipeline", logged);
  drift = Drift(schema_, logged, before.attributes);
  EXPECT_EQ(drift, (std::vector<std::string>{"logging_destinations",
                                             "logging_include_execution_data", "logging_level"}));
  ASSERT_TRUE(bulk_
                  ->update(UpdateRequest{Address{kMachine, "pipeline"}, "csv-pipeline",
                                         before.attributes, logged, drift})
                  .ok());
  EXPECT_TRUE(NoDrift(schema_, logged,
                      ObserveOne(*per_resource_, kMachine, "csv-pipeline", logged).attributes));

  // A second create (say, after the state was lost) adopts the machine as the manifest says.
  ASSERT_TRUE(bulk_->create(CreateRequest{Address{kMachine, "pipeline"}, JsonManifest()}).ok());
  Observation adopted = ObserveOne(*bulk_, kMachine, "csv-pipeline", yaml);
  EXPECT_TRUE(NoDrift(schema_, yaml, adopted.attributes)) << adopted.attributes.dump();

  // The type cannot change in place: a change replaces.
  Value express = yaml;
  express["type"] = "EXPRESS";
  DiffResult diff = DiffManifest(schema_, express, adopted.attributes);
  EXPECT_EQ(diff.replace_reasons, (std::vector<std::string>{"type"}));

  ASSERT_TRUE(
      bulk_->remove(DeleteRequest{Address{kMachine, "pipeline"}, "csv-pipeline", yaml}).ok());
  EXPECT_FALSE(ObserveOne(*bulk_, kMachine, "csv-pipeline", yaml).exists);
  EXPECT_FALSE(ObserveOne(*per_resource_, kMachine, "csv-pipeline", yaml).exists);
  EXPECT_TRUE(
      bulk_->remove(DeleteRequest{Address{kMachine, "pipeline"}, "csv-pipeline", yaml}).ok());
}

// AWS's create returns an identical machine as it is, whatever role it is given: the kind sets
// the manifest's role on the adopted machine.
TEST_F(SfnStateMachineKindTest, AdoptsAnIdenticalMachineWithAnotherRole) {
  auto role = client_->Query(
      "iam", "CreateRole", {{"RoleName", "old-role"}, {"AssumeRolePolicyDocument", kStatesTrust}});
  ASSERT_EQ(role.status, 200) << role.body;
  Value yaml = YamlManifest();
  auto made = Sfn("CreateStateMachine", {{"name", "csv-pipeline"},
                                         {"definition", yaml["definition"].dump()},
                                         {"type", "STANDARD"},
                                         {"roleArn", "arn:aws:iam::123456789012:role/old-role"}});
  ASSERT_EQ(made.status, 200) << made.body;
  auto created = bulk_->create(CreateRequest{Address{kMachine, "pipeline"}, yaml});
  ASSERT_TRUE(created.ok()) << created.status().ToString();
  Observation o = ObserveOne(*bulk_, kMachine, "csv-pipeline", yaml);
  EXPECT_EQ(o.attributes["role"], "arn:aws:iam::123456789012:role/pipeline-role");
  EXPECT_TRUE(NoDrift(schema_, yaml, o.attributes)) << o.attributes.dump();
}

TEST_F(SfnStateMachineKindTest, BulkObserveReadsOnlyManagedMachinesAndListSeesAll) {
  Value a = YamlManifest(), b = YamlManifest();
  b["name"] = "other";
  ASSERT_TRUE(bulk_->create(CreateRequest{Address{kMachine, "a"}, a}).ok());
  ASSERT_TRUE(bulk_->create(CreateRequest{Address{kMachine, "b"}, b}).ok());
  Value before = client_->Raw("GET", "/_sandbox/counts").Json();
  Observation o = ObserveOne(*bulk_, kMachine, "csv-pipeline", a);
  EXPECT_TRUE(o.exists);
  Value after = client_->Raw("GET", "/_sandbox/counts").Json();
  auto count = [](const Value& c, const char* op) { return c["by_operation"].value(op, 0); };
  EXPECT_EQ(
      count(after, "states:DescribeStateMachine") - count(before, "states:DescribeStateMachine"),
      1);
  EXPECT_EQ(count(after, "states:ListStateMachines") - count(before, "states:ListStateMachines"),
            1);

  auto listed = bulk_->list(ListRequest{kMachine});
  ASSERT_TRUE(listed.ok()) << listed.status().ToString();
  std::vector<std::string> ids;
  for (const auto& l : *listed) ids.push_back(l.id);
  EXPECT_EQ(ids, (std::vector<std::string>{"csv-pipeline", "other"}));
}

TEST_F(SfnStateMachineKindTest, RefusedRoleAndValidation) {
  Value m = YamlManifest();
  m["role"] = "nobody";
  auto refused = NewSandboxAwsProvider(&fixture_, {{"propagation_timeout_seconds", 0}})
                     ->create(CreateRequest{Address{kMachine, "pipeline"}, m});
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.status().message().find("states.amazonaws.com"), std::string::npos)
      << refused.status().message();

  const AttributeSchema& def = *schema_.Find("definition");
  EXPECT_EQ(CheckAttribute(kMachine, def, Value(kJsonDefinition)), "");
  EXPECT_NE(CheckAttribute(kMachine, def, Value("{\"StartAt\": ")).find("not valid JSON"),
            std::string::npos);
  EXPECT_NE(CheckAttribute(kMachine, def, Value::parse(R"({"States": {"A": {"Type": "Pass"}}})"))
                .find("StartAt missing"),
            std::string::npos);
  EXPECT_NE(CheckAttribute(kMachine, def, Value::parse(R"({"StartAt": "B",
                "States": {"A": {"Type": "Pass", "End": true}}})"))
                .find("StartAt names no state"),
            std::string::npos);
  EXPECT_NE(CheckAttribute(kMachine, def, Value::array({1})).find("not a mapping"),
            std::string::npos);
  EXPECT_NE(CheckAttribute(kMachine, *schema_.Find("type"), Value("FAST")), "");
  EXPECT_NE(CheckAttribute(kMachine, *schema_.Find("name"), Value("has space")), "");
  EXPECT_NE(CheckAttribute(kMachine, *schema_.Find("logging_level"), Value("DEBUG")), "");

  // `causeway validate`: the mistake is reported at the definition, naming the attribute.
  std::string yaml = kYamlManifest;
  yaml.replace(yaml.find("StartAt: Transform"), 18, "StartAt: Nowhere");
  LoadResult r = Load(yaml);
  ASSERT_EQ(r.diagnostics.size(), 1u);
  EXPECT_NE(r.diagnostics[0].str().find("sfn.yaml:8:"), std::string::npos)
      << r.diagnostics[0].str();
  EXPECT_NE(r.diagnostics[0].str().find("invalid value for attribute 'definition' of "
                                        "aws.sfn.state_machine"),
            std::string::npos)
      << r.diagnostics[0].str();
}

}  // namespace
}  // namespace causeway::testing
