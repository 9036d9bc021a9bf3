// The sandbox admin API: request counts, state dump, reset, persistence across restarts, fault
// injection (throttling, failing the Nth call, dropped connections, latency) and the child-process
// mode of the fixture.
#include <gtest/gtest.h>

#include <filesystem>

#include "tests/support/sandbox_fixture.h"

namespace causeway::testing {
namespace {

constexpr char kTrust[] =
    R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:root"},"Action":"sts:AssumeRole"}]})";

class SandboxAdminTest : public ::testing::Test {
 protected:
  void SetUp() override {
    SandboxFixture::Options o;
    o.clock = &clock_;
    fixture_ = std::make_unique<SandboxFixture>(o);
    ASSERT_TRUE(fixture_->Start().ok());
    client_ = fixture_->Client();
  }
  SandboxReply CreateRole(const std::string& name) {
    return client_->Query("iam", "CreateRole",
                          {{"RoleName", name}, {"AssumeRolePolicyDocument", kTrust}});
  }
  Value Admin(const std::string& method, const std::string& path, const std::string& body = "") {
    auto r = client_->Raw(method, path, body, {{"content-type", "application/json"}});
    EXPECT_EQ(r.status, 200) << method << " " << path << ": " << r.body;
    return r.Json();
  }

  SandboxTestClock clock_;
  std::unique_ptr<SandboxFixture> fixture_;
  std::unique_ptr<SandboxClient> client_;
};

TEST_F(SandboxAdminTest, HealthListsServices) {
  Value h = Admin("GET", "/_sandbox/health");
  EXPECT_EQ(h["status"], "ok");
  EXPECT_EQ(h["account_id"], "123456789012");
  EXPECT_NE(std::find(h["services"].begin(), h["services"].end(), "iam"), h["services"].end());
  EXPECT_NE(std::find(h["services"].begin(), h["services"].end(), "sts"), h["services"].end());
}

TEST_F(SandboxAdminTest, CountsByServiceOperationAndMutation) {
  ASSERT_EQ(CreateRole("a").status, 200);
  ASSERT_EQ(client_->Query("iam", "GetRole", {{"RoleName", "a"}}).status, 200);
  ASSERT_EQ(client_->Query("iam", "GetRole", {{"RoleName", "missing"}}).status, 404);
  ASSERT_EQ(client_->Query("sts", "GetCallerIdentity").status, 200);
  Value c = Admin("GET", "/_sandbox/counts");
  EXPECT_EQ(c["total"], 4);
  EXPECT_EQ(c["mutating"], 1) << "only CreateRole mutates";
  EXPECT_EQ(c["by_service"]["iam"], 3);
  EXPECT_EQ(c["by_service"]["sts"], 1);
  EXPECT_EQ(c["by_operation"]["iam:GetRole"], 2);
  EXPECT_EQ(c["by_operation"]["iam:CreateRole"], 1);
  // Admin calls are not counted; reset zeroes everything.
  Value after = Admin("POST", "/_sandbox/counts/reset");
  EXPECT_EQ(after["total"], 0);
  EXPECT_TRUE(after["by_operation"].empty());
}

TEST_F(SandboxAdminTest, DumpAndResetArePersisted) {
  ASSERT_EQ(CreateRole("keep").status, 200);
  Value dump = Admin("GET", "/_sandbox/dump");
  ASSERT_TRUE(dump["iam"]["roles"].contains("keep"));
  EXPECT_EQ(dump["iam"]["roles"]["keep"]["Arn"], "arn:aws:iam::123456789012:role/keep");
  EXPECT_FALSE(dump.contains("sts")) << "STS sessions hold credentials: not in the admin dump";
  EXPECT_EQ(Admin("GET", "/_sandbox/dump?service=iam").size(), 1u);

  // Persistence: a restarted sandbox has the same state.
  ASSERT_TRUE(fixture_->Restart().ok());
  client_ = fixture_->Client();
  EXPECT_EQ(Admin("GET", "/_sandbox/dump"), dump);
  EXPECT_EQ(client_->Query("iam", "GetRole", {{"RoleName", "keep"}}).status, 200);

  Admin("POST", "/_sandbox/reset");
  EXPECT_TRUE(Admin("GET", "/_sandbox/dump")["iam"]["roles"].empty());
  ASSERT_TRUE(fixture_->Restart().ok());
  client_ = fixture_->Client();
  EXPECT_TRUE(Admin("GET", "/_sandbox/dump")["iam"]["roles"].empty()) << "reset is persisted";
}

TEST_F(SandboxAdminTest, CorruptStateFileFailsStart) {
  fixture_->Stop();
  std::filesystem::create_directories(fixture_->state_dir());
  FILE* f = std::fopen((fixture_->state_dir() + "/iam.json").c_str(), "w");
  ASSERT_NE(f, nullptr);
  std::fputs("{not json", f);
  std::fclose(f);
  Status s = fixture_->Start();
  EXPECT_EQ(s.code(), StatusCode::kCorruption) << s.ToString();
}

TEST_F(SandboxAdminTest, ThrottleRateOneThrottlesEverything) {
  Admin("POST", "/_sandbox/faults", R"({"throttle_rate":1.0})");
  auto r = client_->Query("iam", "ListRoles");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(XmlText(r.body, "Code"), "Throttling");
  Admin("DELETE", "/_sandbox/faults");
  EXPECT_EQ(client_->Query("iam", "ListRoles").status, 200);
  EXPECT_EQ(Admin("GET", "/_sandbox/counts")["throttled"], 1);
}

TEST_F(SandboxAdminTest, ThrottlingIsDeterministicForASeed) {
  auto pattern = [&]() {
    Admin("POST", "/_sandbox/faults", R"({"throttle_rate":0.5,"seed":42})");
    std::string out;
    for (int i = 0; i < 20; ++i)
      out += client_->Query("iam", "ListRoles").status == 200 ? "." : "T";
    return out;
  };
  std::string first = pattern();
  EXPECT_EQ(pattern(), first) << "same seed, same sequence";
  EXPECT_NE(first.find('T'), std::string::npos);
  EXPECT_NE(first.find('.'), std::string::npos);
}

TEST_F(SandboxAdminTest, FailNthCallOfAnOperation) {
  Admin("POST", "/_sandbox/faults",
        R"({"fail":[{"service":"iam","operation":"CreateRole","nth":2,"status":500,
            "code":"ServiceFailure","message":"injected","times":1}]})");
  EXPECT_EQ(CreateRole("one").status, 200);
  auto second = CreateRole("two");
  EXPECT_EQ(second.status, 500);
  EXPECT_EQ(XmlText(second.body, "Code"), "ServiceFailure");
  EXPECT_EQ(XmlText(second.body, "Type"), "Receiver");
  EXPECT_EQ(CreateRole("two").status, 200) << "times=1: only the 2nd call fails";
  EXPECT_EQ(client_->Query("iam", "GetRole", {{"RoleName", "one"}}).status, 200)
      << "other operations are unaffected";
  Value dump = Admin("GET", "/_sandbox/dump");
  EXPECT_TRUE(dump["iam"]["roles"].contains("two"));
  EXPECT_EQ(Admin("GET", "/_sandbox/counts")["failed"], 1);
}

TEST_F(SandboxAdminTest, DropConnection) {
  Admin("POST", "/_sandbox/faults",
        R"({"drop_connection":[{"service":"iam","operation":"ListRoles","nth":1}]})");
  // A fresh client: libcurl silently retries a request once when a *reused* connection dies.
  SandboxClient fresh(fixture_->endpoint(), SandboxFixture::DefaultCredentials(), &clock_);
  auto dropped = fresh.Query("iam", "ListRoles");
  EXPECT_EQ(dropped.status, 0) << "no HTTP response at all";
  EXPECT_FALSE(dropped.transport_error.empty());
  EXPECT_EQ(client_->Query("iam", "ListRoles").status, 200);
  EXPECT_EQ(Admin("GET", "/_sandbox/counts")["dropped"], 1);
}

TEST_F(SandboxAdminTest, LatencyIsAddedPerRequest) {
  Admin("POST", "/_sandbox/faults", R"({"latency_ms":50})");
  for (int i = 0; i < 3; ++i) ASSERT_EQ(client_->Query("iam", "ListRoles").status, 200);
  EXPECT_EQ(clock_.slept(), std::chrono::milliseconds(150)) << "slept through the sandbox clock";
  EXPECT_EQ(Admin("GET", "/_sandbox/counts")["injected_latency_ms"], 150);
}

// Moving the emulators' clock ends a crawl at once, whatever the load: the awscli fidelity
// script relies on it instead of on wall-clock timing.
TEST_F(SandboxAdminTest, ClockAdvancesTheEmulatorsTimeWithinTheSkewSigV4Allows) {
  Value before = Admin("GET", "/_sandbox/clock");
  EXPECT_EQ(before["advanced_ms"], 0);
  Value after = Admin("POST", "/_sandbox/clock", R"({"advance_ms": 300000})");
  EXPECT_EQ(after["advanced_ms"], 300000);
  EXPECT_GT(after["now"].get<std::string>(), before["now"].get<std::string>());
  EXPECT_EQ(CreateRole("after-the-jump").status, 200) << "signed requests still verify";
  auto too_far = client_->Raw("POST", "/_sandbox/clock", R"({"advance_ms": 400000})");
  EXPECT_EQ(too_far.status, 400) << "more than 10 minutes in all would break SigV4";
  EXPECT_EQ(client_->Raw("POST", "/_sandbox/clock", R"({"advance_ms": -1})").status, 400);
  EXPECT_EQ(client_->Raw("POST", "/_sandbox/clock", "later").status, 400);
}

TEST_F(SandboxAdminTest, InvalidFaultsAreRejected) {
  struct Case {
    std::string reason;
    std::string body;
  };
  for (const auto& c : std::vector<Case>{
           {"not JSON", "{"},
           {"rate above one", R"({"throttle_rate":1.5})"},
           {"unknown setting", R"({"explode":true})"},
           {"nth below one", R"({"fail":[{"nth":0}]})"},
           {"status not an error", R"({"fail":[{"status":200}]})"},
       }) {
    SCOPED_TRACE(c.reason);
    auto r = client_->Raw("POST", "/_sandbox/faults", c.body);
    EXPECT_EQ(r.status, 400) << r.body;
  }
  EXPECT_EQ(client_->Raw("GET", "/_sandbox/nope").status, 404);
}

TEST_F(SandboxAdminTest, ConsistencyDelayIsReported) {
  Value f = Admin("POST", "/_sandbox/faults", R"({"consistency_delay_ms":2500})");
  EXPECT_EQ(f["consistency_delay_ms"], 2500);
  EXPECT_EQ(Admin("GET", "/_sandbox/faults")["consistency_delay_ms"], 2500);
}

TEST(SandboxChildProcessTest, BinaryServesAndPersists) {
  SandboxFixture::Options o;
  o.child_process = true;
  SandboxFixture fixture(o);
  Status s = fixture.Start();
  if (s.IsNotFound()) GTEST_SKIP() << s.ToString();
  ASSERT_TRUE(s.ok()) << s.ToString();
  auto client = fixture.Client();
  auto r = client->Query("iam", "CreateRole",
                         {{"RoleName", "child"}, {"AssumeRolePolicyDocument", kTrust}});
  ASSERT_EQ(r.status, 200) << r.body;
  ASSERT_TRUE(fixture.Restart().ok());
  client = fixture.Client();
  EXPECT_EQ(client->Query("iam", "GetRole", {{"RoleName", "child"}}).status, 200);
}

}  // namespace
}  // namespace causeway::testing

namespace causeway::testing {
namespace {

TEST(SandboxWriteBehindTest, CoalescedWritesSurviveStop) {
  SandboxFixture::Options o;
  o.persist_delay = std::chrono::milliseconds(50);  // the causeway-sandbox default
  SandboxFixture fixture(o);
  ASSERT_TRUE(fixture.Start().ok());
  auto client = fixture.Client();
  for (int i = 0; i < 200; ++i) {
    auto r = client->Query(
        "iam", "CreateRole",
        {{"RoleName", "bulk-" + std::to_string(i)}, {"AssumeRolePolicyDocument", kTrust}});
    ASSERT_EQ(r.status, 200) << r.body;
  }
  // Stop flushes whatever the writer has not written yet.
  ASSERT_TRUE(fixture.Restart().ok());
  client = fixture.Client();
  Value dump = client->Raw("GET", "/_sandbox/dump?service=iam").Json();
  EXPECT_EQ(dump["iam"]["roles"].size(), 200u);
}

}  // namespace
}  // namespace causeway::testing
