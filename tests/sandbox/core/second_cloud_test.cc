// A second cloud beside AWS: a tiny fake front end that claims /api/fake/... requests, with one
// key-value service. Shows that the core routes, authenticates, counts, faults and persists a
// cloud it knows nothing about, formatting errors the fake cloud's way, while AWS requests on
// the same port keep working — what Snowflake and Databricks front ends will rely on.
#include <gtest/gtest.h>

#include <filesystem>

#include "sandbox/core/frontend.h"
#include "sandbox/core/operation_table.h"
#include "tests/support/sandbox_fixture.h"

namespace causeway::testing {
namespace {

using sandbox::SandboxContext;
using sandbox::SandboxRequest;
using sandbox::SandboxResponse;

SandboxResponse FakeJson(int status, const Value& body) {
  SandboxResponse r;
  r.status = status;
  r.content_type = "application/json";
  r.body = body.dump();
  return r;
}

// Stores strings by key: POST /api/fake/Put?key=K (body = value), GET /api/fake/Get?key=K.
class FakeKeyValueService : public sandbox::SandboxService {
 public:
  std::string name() const override { return "fakekv"; }
  std::string cloud() const override { return "fake"; }
  std::string OperationName(const SandboxRequest& r) const override {
    return r.path.substr(r.path.rfind('/') + 1);
  }
  SandboxResponse Handle(const SandboxRequest& r, SandboxContext& c) override {
    static const sandbox::OperationTable<FakeKeyValueService, const SandboxRequest&,
                                         SandboxContext&>
        table = {{"Put", &FakeKeyValueService::Put}, {"Get", &FakeKeyValueService::Get}};
    if (auto handler = table.Find(r.operation)) return (this->*handler)(r, c);
    return FakeJson(404, {{"fake_error", "NoSuchOperation"}});
  }
  Value Dump() const override { return Value(values_); }
  Status Load(const Value& state) override {
    values_ = state.get<std::map<std::string, std::string>>();
    return Status::Ok();
  }
  void Reset() override { values_.clear(); }

 private:
  SandboxResponse Put(const SandboxRequest& r, SandboxContext&) {
    values_[r.QueryParam("key")] = r.body;
    return FakeJson(200, {{"stored", r.QueryParam("key")}, {"by", r.principal.name}});
  }
  SandboxResponse Get(const SandboxRequest& r, SandboxContext&) {
    auto it = values_.find(r.QueryParam("key"));
    if (it == values_.end()) return FakeJson(404, {{"fake_error", "NoSuchKey"}});
    return FakeJson(200, {{"value", it->second}});
  }

  std::map<std::string, std::string> values_;
};

class FakeFrontend : public sandbox::Frontend {
 public:
  std::string cloud() const override { return "fake"; }
  sandbox::FrontendMatch Match(const SandboxRequest& r,
                               const std::vector<const sandbox::SandboxService*>&) const override {
    if (r.path.rfind("/api/fake/", 0) != 0) return {};
    return {sandbox::MatchStrength::kCertain, "fakekv", ""};
  }
  std::optional<SandboxResponse> Authenticate(SandboxRequest* r, const sandbox::SandboxService&,
                                              SandboxContext&) const override {
    if (r->Header("authorization") != "Fake let-me-in") {
      return FakeJson(401, {{"fake_error", "Unauthorized"}});
    }
    r->principal.credential_id = "let-me-in";
    r->principal.name = "fake-user";
    return std::nullopt;
  }
  SandboxResponse FormatError(const SandboxRequest&, const sandbox::SandboxService*,
                              const sandbox::ErrorReply& e) const override {
    return FakeJson(e.status, {{"fake_error", e.code}, {"detail", e.message}});
  }
  SandboxResponse Throttled(const SandboxRequest&, const sandbox::SandboxService&) const override {
    return FakeJson(429, {{"fake_error", "SlowDown"}});
  }
  void FinishReply(const SandboxRequest& r, const sandbox::SandboxService*,
                   const sandbox::ReplyFaults& faults, SandboxResponse* reply) const override {
    reply->AddHeader("x-fake-request", r.request_id);
    if (faults.null_unset_members) {
      Value body = Value::parse(reply->body);
      body["unset"] = nullptr;
      reply->body = body.dump();
    }
  }
  Value TestCredentials(const std::string&) const override { return {{"token", "let-me-in"}}; }
  sandbox::ToolSetup ToolSetupFor(const std::string& url) const override {
    return {{{"FAKE_URL", url}}, {}};
  }
};

class SecondCloudTest : public ::testing::Test {
 protected:
  void SetUp() override {
    SandboxFixture::Options o;
    o.add_clouds = [](sandbox::SandboxServer* server) {
      server->AddFrontend(std::make_unique<FakeFrontend>());
      server->AddService(std::make_unique<FakeKeyValueService>());
    };
    fixture_ = std::make_unique<SandboxFixture>(o);
    ASSERT_TRUE(fixture_->Start().ok());
    client_ = fixture_->Client();
  }
  SandboxReply Fake(const std::string& method, const std::string& op, const std::string& key,
                    const std::string& body = "", bool signed_in = true) {
    std::vector<std::pair<std::string, std::string>> headers;
    if (signed_in) headers.emplace_back("authorization", "Fake let-me-in");
    return client_->Raw(method, "/api/fake/" + op + "?key=" + key, body, headers);
  }
  Value Admin(const std::string& method, const std::string& path, const std::string& body = "") {
    auto r = client_->Raw(method, path, body, {{"content-type", "application/json"}});
    EXPECT_EQ(r.status, 200) << method << " " << path << ": " << r.body;
    return r.Json();
  }

  std::unique_ptr<SandboxFixture> fixture_;
  std::unique_ptr<SandboxClient> client_;
};

TEST_F(SecondCloudTest, RoutesItsRequestsBesideAwsAndCountsThem) {
  auto put = Fake("POST", "Put", "a", "alpha");
  ASSERT_EQ(put.status, 200) << put.body;
  EXPECT_EQ(put.Json()["by"], "fake-user") << "the front end's principal reaches the service";
  EXPECT_FALSE(put.headers["x-fake-request"].empty()) << "the fake front end finished the reply";
  EXPECT_EQ(put.headers.count("x-amzn-requestid"), 0u) << "AWS's header is AWS's alone";
  EXPECT_EQ(Fake("GET", "Get", "a").Json()["value"], "alpha");
  EXPECT_EQ(client_->Query("iam", "ListRoles").status, 200) << "AWS still answers on the port";

  Value counts = Admin("GET", "/_sandbox/counts");
  EXPECT_EQ(counts["by_service"]["fakekv"], 2);
  EXPECT_EQ(counts["by_operation"]["fakekv:Put"], 1);
  EXPECT_EQ(counts["mutating"], 1) << "Put mutates, Get does not";
  EXPECT_EQ(counts["by_service"]["iam"], 1);
}

TEST_F(SecondCloudTest, RefusesTheUnauthenticatedItsOwnWay) {
  auto r = Fake("POST", "Put", "a", "alpha", /*signed_in=*/false);
  EXPECT_EQ(r.status, 401);
  EXPECT_EQ(r.Json()["fake_error"], "Unauthorized");
  EXPECT_FALSE(r.headers["x-fake-request"].empty());
}

TEST_F(SecondCloudTest, InjectedFaultsAreFormattedByEachCloud) {
  Admin("POST", "/_sandbox/faults",
        R"({"fail":[{"service":"fakekv","operation":"Get","status":503,"code":"Busy",
            "message":"injected"}]})");
  auto failed = Fake("GET", "Get", "a");
  EXPECT_EQ(failed.status, 503);
  EXPECT_EQ(failed.Json()["fake_error"], "Busy");
  EXPECT_EQ(failed.Json()["detail"], "injected");

  Admin("POST", "/_sandbox/faults", R"({"throttle_rate":1.0})");
  auto fake = Fake("GET", "Get", "a");
  EXPECT_EQ(fake.status, 429);
  EXPECT_EQ(fake.Json()["fake_error"], "SlowDown");
  auto aws = client_->Query("iam", "ListRoles");
  EXPECT_EQ(aws.status, 400);
  EXPECT_EQ(XmlText(aws.body, "Code"), "Throttling") << "AWS throttles in AWS's format";

  Admin("POST", "/_sandbox/faults",
        R"({"drop_connection":[{"service":"fakekv","operation":"Get"}]})");
  SandboxClient fresh(fixture_->endpoint(), SandboxFixture::DefaultCredentials());
  auto dropped = fresh.Raw("GET", "/api/fake/Get?key=a", "", {{"authorization", "Fake let-me-in"}});
  EXPECT_EQ(dropped.status, 0) << "no HTTP response at all";

  Admin("POST", "/_sandbox/faults", R"({"null_unset_members":true})");
  ASSERT_EQ(Fake("POST", "Put", "b", "beta").status, 200);
  Value got = Fake("GET", "Get", "b").Json();
  EXPECT_TRUE(got.contains("unset") && got["unset"].is_null())
      << "the reply fault reaches the fake front end: " << got.dump();
  Admin("DELETE", "/_sandbox/faults");
  EXPECT_EQ(Admin("GET", "/_sandbox/counts")["failed"], 1);
}

TEST_F(SecondCloudTest, ItsStateIsPersistedDumpedAndReset) {
  ASSERT_EQ(Fake("POST", "Put", "k", "kept").status, 200);
  EXPECT_TRUE(std::filesystem::exists(fixture_->state_dir() + "/fakekv.json"));
  EXPECT_EQ(Admin("GET", "/_sandbox/dump?service=fakekv")["fakekv"]["k"], "kept");

  ASSERT_TRUE(fixture_->Restart().ok());
  client_ = fixture_->Client();
  EXPECT_EQ(Fake("GET", "Get", "k").Json()["value"], "kept") << "loaded from fakekv.json";

  Admin("POST", "/_sandbox/reset");
  EXPECT_EQ(Fake("GET", "Get", "k").status, 404);
}

TEST_F(SecondCloudTest, CloudsListEachFrontEndsCredentialsAndTools) {
  Value clouds = Admin("GET", "/_sandbox/clouds");
  EXPECT_EQ(clouds["fake"]["credentials"]["token"], "let-me-in");
  EXPECT_EQ(clouds["fake"]["environment"]["FAKE_URL"], fixture_->endpoint());
  EXPECT_EQ(clouds["aws"]["credentials"]["access_key_id"],
            SandboxFixture::DefaultCredentials().access_key_id);
  EXPECT_EQ(clouds["aws"]["environment"]["AWS_ENDPOINT_URL"], fixture_->endpoint());
  Value health = Admin("GET", "/_sandbox/health");
  EXPECT_NE(std::find(health["services"].begin(), health["services"].end(), "fakekv"),
            health["services"].end());
}

}  // namespace
}  // namespace causeway::testing
