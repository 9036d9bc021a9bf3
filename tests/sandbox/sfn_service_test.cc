// The Step Functions emulator over HTTP (JSON 1.0, AWSStepFunctions.*): state machine lifecycle
// (create, describe, update, delete), idempotent create and StateMachineAlreadyExists,
// ListStateMachines pagination, the Amazon States Language checks behind InvalidDefinition,
// InvalidName / InvalidArn / role checks, logging configuration, tags, and persistence.
#include <gtest/gtest.h>

#include "sandbox/aws/aws_frontend.h"
#include "sandbox/core/faults.h"
#include "sandbox/core/server.h"
#include "tests/support/fake_clock.h"
#include "tests/support/sandbox_fixture.h"

namespace causeway::testing {
namespace {

constexpr char kRoleArn[] = "arn:aws:iam::123456789012:role/sfn";
constexpr char kArn[] = "arn:aws:states:us-east-1:123456789012:stateMachine:pipeline";
constexpr char kStatesTrust[] =
    R"({"Statement":[{"Effect":"Allow","Principal":{"Service":"states.amazonaws.com"},"Action":"sts:AssumeRole"}]})";

std::string Definition() {
  return R"({"Comment": "csv to iceberg", "StartAt": "Run", "States": {
      "Run": {"Type": "Task", "Resource": "arn:aws:states:::glue:startJobRun.sync",
              "Parameters": {"JobName": "csv-to-iceberg"}, "Next": "Done"},
      "Done": {"Type": "Succeed"}}})";
}

class SfnServiceTest : public ::testing::Test {
 protected:
  SfnServiceTest() : fixture_(Options(&clock_)) {}
  static SandboxFixture::Options Options(Clock* clock) {
    SandboxFixture::Options o;
    o.clock = clock;
    return o;
  }
  void SetUp() override {
    ASSERT_TRUE(fixture_.Start().ok());
    client_ = fixture_.Client();
    auto r = client_->Query("iam", "CreateRole",
                            {{"RoleName", "sfn"}, {"AssumeRolePolicyDocument", kStatesTrust}});
    ASSERT_EQ(r.status, 200) << r.body;
  }
  SandboxReply Call(const std::string& op, const Value& body = Value::object()) {
    return client_->Json("states", "AWSStepFunctions." + op, body);
  }
  Value Must(const std::string& op, const Value& body = Value::object()) {
    auto r = Call(op, body);
    EXPECT_EQ(r.status, 200) << op << ": " << r.body;
    return r.Json();
  }
  // The message of an error reply with `code`.
  std::string Error(const SandboxReply& r, const std::string& code) {
    EXPECT_EQ(r.status, 400) << r.body;
    Value j = r.Json();
    EXPECT_EQ(j.value("__type", std::string()), code) << r.body;
    return j.value("message", std::string());
  }
  Value CreateBody(const std::string& name = "pipeline") {
    return {{"name", name}, {"definition", Definition()}, {"roleArn", kRoleArn}};
  }

  FakeClock clock_;
  SandboxFixture fixture_;
  std::unique_ptr<SandboxClient> client_;
};

TEST_F(SfnServiceTest, CreateDescribeUpdateDelete) {
  Value body = CreateBody();
  body["type"] = "EXPRESS";
  Value created = Must("CreateStateMachine", body);
  EXPECT_EQ(created["stateMachineArn"], kArn);
  EXPECT_TRUE(created["creationDate"].is_number());

  Value d = Must("DescribeStateMachine", {{"stateMachineArn", kArn}});
  EXPECT_EQ(d["name"], "pipeline");
  EXPECT_EQ(d["definition"], Definition());
  EXPECT_EQ(d["roleArn"], kRoleArn);
  EXPECT_EQ(d["type"], "EXPRESS");
  EXPECT_EQ(d["status"], "ACTIVE");
  EXPECT_EQ(d["loggingConfiguration"],
            Value::parse(R"({"level":"OFF","includeExecutionData":false})"));

  const std::string pass = R"({"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}})";
  const std::string logs = "arn:aws:logs:us-east-1:123456789012:log-group:/sfn/pipeline:*";
  Value logging = {{"level", "ERROR"},
                   {"includeExecutionData", true},
                   {"destinations", {{{"cloudWatchLogsLogGroup", {{"logGroupArn", logs}}}}}}};
  Value updated =
      Must("UpdateStateMachine",
           {{"stateMachineArn", kArn}, {"definition", pass}, {"loggingConfiguration", logging}});
  EXPECT_TRUE(updated["updateDate"].is_number());
  d = Must("DescribeStateMachine", {{"stateMachineArn", kArn}});
  EXPECT_EQ(d["definition"], pass);
  EXPECT_EQ(d["loggingConfiguration"], logging);
  EXPECT_EQ(d["type"], "EXPRESS");  // update cannot change the type

  EXPECT_EQ(
      Error(Call("UpdateStateMachine", {{"stateMachineArn", kArn}}), "MissingRequiredParameter")
          .find("Either the definition"),
      0u);
  Must("DeleteStateMachine", {{"stateMachineArn", kArn}});
  EXPECT_EQ(
      Error(Call("DescribeStateMachine", {{"stateMachineArn", kArn}}), "StateMachineDoesNotExist"),
      std::string("State Machine Does Not Exist: '") + kArn + "'");
  Error(Call("UpdateStateMachine", {{"stateMachineArn", kArn}, {"definition", pass}}),
        "StateMachineDoesNotExist");
  Must("DeleteStateMachine", {{"stateMachineArn", kArn}});  // missing is fine, as on AWS
}

TEST_F(SfnServiceTest, CreateIsIdempotentOnlyForTheSameDefinition) {
  Value first = Must("CreateStateMachine", CreateBody());
  Value again = Must("CreateStateMachine", CreateBody());
  EXPECT_EQ(again["stateMachineArn"], first["stateMachineArn"]);
  EXPECT_EQ(again["creationDate"], first["creationDate"]);
  Value other = CreateBody();
  other["definition"] = R"({"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}})";
  EXPECT_EQ(Error(Call("CreateStateMachine", other), "StateMachineAlreadyExists"),
            std::string("State Machine Already Exists: '") + kArn + "'");
  Value express = CreateBody();
  express["type"] = "EXPRESS";
  Error(Call("CreateStateMachine", express), "StateMachineAlreadyExists");
}

TEST_F(SfnServiceTest, InvalidDefinitions) {
  auto refused = [&](const std::string& definition) {
    Value b = CreateBody();
    b["definition"] = definition;
    return Error(Call("CreateStateMachine", b), "InvalidDefinition");
  };
  EXPECT_EQ(
      refused("{not json").rfind("Invalid State Machine Definition: 'INVALID_JSON_DESCRIPTION", 0),
      0u);
  EXPECT_NE(refused(R"({"States":{"A":{"Type":"Pass","End":true}}})")
                .find("These fields are required: [StartAt] at /"),
            std::string::npos);
  EXPECT_NE(refused(R"({"StartAt":"A","States":{}})").find("'States' should be a non-empty object"),
            std::string::npos);
  EXPECT_NE(refused(R"({"StartAt":"B","States":{"A":{"Type":"Pass","End":true}}})")
                .find("MISSING_TRANSITION_TARGET: Missing 'Next' target: B at /StartAt"),
            std::string::npos);
  EXPECT_NE(refused(R"({"StartAt":"A","States":{"A":{"Type":"Sleep","End":true}}})")
                .find("The field 'Type' should have one of these values"),
            std::string::npos);
  EXPECT_NE(refused(R"({"StartAt":"A","States":{"A":{"Type":"Pass"}}})")
                .find("Exactly one of these fields is required: [Next, End] at /States/A"),
            std::string::npos);
  EXPECT_NE(refused(R"({"StartAt":"A","States":{"A":{"Type":"Pass","Next":"Z"}}})")
                .find("Missing 'Next' target: Z at /States/A/Next"),
            std::string::npos);
  EXPECT_NE(
      refused(R"({"StartAt":"A","States":{"A":{"Type":"Task","End":true}}})").find("[Resource]"),
      std::string::npos);
  EXPECT_NE(refused(R"({"StartAt":"C","States":{"C":{"Type":"Choice","Choices":[{"Next":"Y"}]}}})")
                .find("Missing 'Next' target: Y at /States/C/Choices/0/Next"),
            std::string::npos);
  EXPECT_NE(refused(R"({"StartAt":"P","States":{"P":{"Type":"Parallel","End":true,
                "Branches":[{"StartAt":"X","States":{"Y":{"Type":"Succeed"}}}]}}})")
                .find("at /States/P/Branches/0/StartAt"),
            std::string::npos);
  EXPECT_NE(refused("[1, 2]").find("should be a JSON object"), std::string::npos);
  // Every state type in a valid machine.
  Value ok = CreateBody("all-types");
  ok["definition"] = R"({"StartAt":"P","States":{
      "P":{"Type":"Pass","Next":"W"},
      "W":{"Type":"Wait","Seconds":1,"Next":"C"},
      "C":{"Type":"Choice","Choices":[{"Variable":"$.x","IsPresent":true,"Next":"M"}],"Default":"F"},
      "M":{"Type":"Map","ItemProcessor":{"StartAt":"I","States":{"I":{"Type":"Pass","End":true}}},"Next":"Par"},
      "Par":{"Type":"Parallel","Branches":[{"StartAt":"B","States":{"B":{"Type":"Succeed"}}}],"Next":"T"},
      "T":{"Type":"Task","Resource":"arn:aws:lambda:us-east-1:123456789012:function:f","End":true},
      "F":{"Type":"Fail","Error":"E"}}})";
  Must("CreateStateMachine", ok);
  // Update checks the definition the same way and leaves the machine as it was.
  const std::string arn = "arn:aws:states:us-east-1:123456789012:stateMachine:all-types";
  Error(Call("UpdateStateMachine", {{"stateMachineArn", arn}, {"definition", "{}"}}),
        "InvalidDefinition");
  EXPECT_EQ(Must("DescribeStateMachine", {{"stateMachineArn", arn}})["definition"],
            ok["definition"]);
}

TEST_F(SfnServiceTest, NamesArnsRolesAndLogging) {
  for (const char* bad : {"has space", "a/b", "x:y", "x*"}) {
    EXPECT_EQ(Error(Call("CreateStateMachine", CreateBody(bad)), "InvalidName"),
              "Invalid Name: '" + std::string(bad) + "'");
  }
  EXPECT_EQ(Error(Call("CreateStateMachine", CreateBody(std::string(81, 'a'))), "InvalidName"),
            "Invalid Name: '" + std::string(81, 'a') + "'");
  Value bad_role = CreateBody();
  bad_role["roleArn"] = "sfn";
  EXPECT_EQ(Error(Call("CreateStateMachine", bad_role), "InvalidArn"),
            "Invalid Arn: 'Invalid ARN prefix: sfn'");
  bad_role["roleArn"] = "arn:aws:iam::123456789012:user/sfn";
  Error(Call("CreateStateMachine", bad_role), "InvalidArn");
  bad_role["roleArn"] = "arn:aws:iam::123456789012:role/nobody";
  EXPECT_NE(Error(Call("CreateStateMachine", bad_role), "AccessDeniedException")
                .find("Neither the global service principal states.amazonaws.com"),
            std::string::npos);
  Error(Call("DescribeStateMachine", {{"stateMachineArn", "arn:aws:glue:us-east-1:1:job/x"}}),
        "InvalidArn");
  Error(Call("DescribeStateMachine", {{"stateMachineArn", "pipeline"}}), "InvalidArn");
  Value bad_type = CreateBody();
  bad_type["type"] = "FAST";
  Error(Call("CreateStateMachine", bad_type), "ValidationException");

  Value no_destination = CreateBody();
  no_destination["loggingConfiguration"] = {{"level", "ALL"}};
  EXPECT_EQ(Error(Call("CreateStateMachine", no_destination), "InvalidLoggingConfiguration"),
            "Invalid Logging Configuration: Must specify exactly one Log Destination.");
  Value bad_level = CreateBody();
  bad_level["loggingConfiguration"] = {{"level", "DEBUG"}};
  Error(Call("CreateStateMachine", bad_level), "ValidationException");
  EXPECT_TRUE(Must("ListStateMachines")["stateMachines"].empty()) << "nothing was created";
}

TEST_F(SfnServiceTest, RoleTrustedMomentsAgoIsRefusedUntilItPropagates) {
  sandbox::FaultConfig f;
  f.consistency_delay = std::chrono::milliseconds(10000);
  fixture_.server()->SetFaults(f);
  auto r = client_->Query("iam", "CreateRole",
                          {{"RoleName", "fresh"}, {"AssumeRolePolicyDocument", kStatesTrust}});
  ASSERT_EQ(r.status, 200) << r.body;
  Value body = CreateBody();
  body["roleArn"] = "arn:aws:iam::123456789012:role/fresh";
  Error(Call("CreateStateMachine", body), "AccessDeniedException");
  clock_.Advance(std::chrono::milliseconds(10000));
  Must("CreateStateMachine", body);
}

TEST_F(SfnServiceTest, ListPaginatesAndTags) {
  for (const char* n : {"c", "a", "b"}) Must("CreateStateMachine", CreateBody(n));
  std::vector<std::string> names;
  Value req = {{"maxResults", 2}};
  int pages = 0;
  while (true) {
    Value page = Must("ListStateMachines", req);
    ++pages;
    for (const auto& m : page["stateMachines"]) {
      names.push_back(m["name"].get<std::string>());
      EXPECT_EQ(m["type"], "STANDARD");
    }
    if (!page.contains("nextToken")) break;
    req["nextToken"] = page["nextToken"];
  }
  EXPECT_EQ(pages, 2);
  EXPECT_EQ(names, (std::vector<std::string>{"a", "b", "c"}));
  EXPECT_EQ(Must("ListStateMachines", {{"maxResults", 0}})["stateMachines"].size(), 3u);
  Error(Call("ListStateMachines", {{"nextToken", "bogus"}}), "InvalidToken");
  Error(Call("ListStateMachines", {{"maxResults", 1001}}), "ValidationException");

  const std::string a = "arn:aws:states:us-east-1:123456789012:stateMachine:a";
  Must("TagResource", {{"resourceArn", a}, {"tags", {{{"key", "team"}, {"value", "data"}}}}});
  Must("TagResource", {{"resourceArn", a}, {"tags", {{{"key", "team"}, {"value", "lake"}}}}});
  EXPECT_EQ(Must("ListTagsForResource", {{"resourceArn", a}})["tags"],
            Value::parse(R"([{"key":"team","value":"lake"}])"));
  auto missing = Call("ListTagsForResource",
                      {{"resourceArn", "arn:aws:states:us-east-1:123456789012:stateMachine:zz"}});
  Error(missing, "ResourceNotFound");
  EXPECT_EQ(missing.Json()["resourceName"],
            "arn:aws:states:us-east-1:123456789012:stateMachine:zz");
}

TEST_F(SfnServiceTest, StateSurvivesRestart) {
  Value body = CreateBody();
  body["tags"] = {{{"key", "team"}, {"value", "data"}}};
  Must("CreateStateMachine", body);
  ASSERT_TRUE(fixture_.Restart().ok());
  client_ = fixture_.Client();
  Value d = Must("DescribeStateMachine", {{"stateMachineArn", kArn}});
  EXPECT_EQ(d["definition"], Definition());
  EXPECT_EQ(Must("ListTagsForResource", {{"resourceArn", kArn}})["tags"].size(), 1u);
}

}  // namespace
}  // namespace causeway::testing
