// `causeway drift` over the mem provider: no drift after apply (exit 0); an attribute changed out
// of band, an object deleted out of band and a manifest edit not applied yet, each in its class
// (exit 2) in text, JSON and Markdown, --out; drift changes nothing; --notify posts the JSON
// report (with its chat `text`) to a local webhook, retrying a 503, with the URL from env:NAME;
// a webhook that keeps failing is exit 1.
#include <gtest/gtest.h>

#include <atomic>
#include <cstdlib>
#include <mutex>

#include "sandbox/core/http_server.h"
#include "tests/support/cli_runner.h"

namespace causeway::testing {
namespace {

constexpr const char* kProviders = R"(kind: providers
spec:
  mem:
    path: .causeway-live.json
)";

constexpr const char* kResources = R"(kind: mem.bucket
name: landing
lifecycle: { allow_destroy: true }
spec:
  bucket: acme-landing
---
kind: mem.database
name: analytics
spec:
  name: analytics
  comment: curated
)";

constexpr const char* kMoreResources = R"(---
kind: mem.database
name: staging
spec:
  name: staging
)";

// A webhook receiver on loopback: records bodies; answers `failures` 503s first.
class Webhook {
 public:
  explicit Webhook(int failures)
      : failures_(failures), server_([this](const auto& r) {
          std::lock_guard<std::mutex> lock(mu_);
          bodies_.push_back(r.body);
          sandbox::HttpServerResponse resp;
          resp.status = failures_-- > 0 ? 503 : 200;
          return resp;
        }) {}
  std::string Url() {
    auto port = server_.Start("127.0.0.1", 0);
    EXPECT_TRUE(port.ok());
    return "http://127.0.0.1:" + std::to_string(port.ok() ? *port : 0) + "/hooks/T0KEN";
  }
  std::vector<std::string> Bodies() {
    std::lock_guard<std::mutex> lock(mu_);
    return bodies_;
  }

 private:
  std::mutex mu_;
  std::vector<std::string> bodies_;
  std::atomic<int> failures_;
  sandbox::HttpServer server_;
};

class DriftCommandTest : public ::testing::Test {
 protected:
  void SetUp() override {
    cli_.Write("providers.yaml", kProviders);
    cli_.Write("main.yaml", kResources);
    ASSERT_EQ(cli_.Run({"apply", "--auto-approve"}).exit_code, 0);
  }
  // The comment changed by hand, the bucket deleted by hand, a database added to the manifests.
  void MakeDrift() {
    Value live = Value::parse(cli_.ReadFile(".causeway-live.json"));
    live["objects"]["mem.database"]["ANALYTICS"]["attributes"]["comment"] = "changed by hand";
    live["objects"]["mem.bucket"].erase("acme-landing");
    cli_.Write(".causeway-live.json", live.dump());
    cli_.Write("main.yaml", std::string(kResources) + kMoreResources);
  }
  CliRunner cli_;
};

TEST_F(DriftCommandTest, NoDriftAfterApply) {
  auto r = cli_.Run({"drift"});
  EXPECT_EQ(r.exit_code, 0) << r.all();
  EXPECT_NE(r.out.find("No drift."), std::string::npos) << r.out;
}

TEST_F(DriftCommandTest, EachClassOfDriftInEveryFormat) {
  MakeDrift();
  const std::string live_before = cli_.ReadFile(".causeway-live.json");
  const std::string history_before = cli_.Run({"state", "history"}).out;

  auto text = cli_.Run({"drift"});
  ASSERT_EQ(text.exit_code, 2) << text.all();
  EXPECT_NE(
      text.out.find("Drift: 1 changed out of band, 1 deleted out of band, 1 not applied yet."),
      std::string::npos)
      << text.out;
  EXPECT_NE(text.out.find("comment: state \"curated\", live \"changed by hand\" (manifest "
                          "\"curated\")"),
            std::string::npos)
      << text.out;

  auto json = cli_.Run({"drift", "--format", "json", "--out", "drift.json"});
  ASSERT_EQ(json.exit_code, 2) << json.all();
  Value j = Value::parse(json.out);
  EXPECT_EQ(j["format_version"], 2);
  EXPECT_EQ(j["drift"], true);
  EXPECT_EQ(j["summary"],
            Value::parse(R"({"changed": 1, "deleted": 1, "not_applied": 1, "unmanaged": 0})"));
  std::map<std::string, std::string> classes;
  for (const auto& r : j["resources"]) classes[r["address"]] = r["class"];
  EXPECT_EQ(classes, (std::map<std::string, std::string>{{"mem.database.analytics", "changed"},
                                                         {"mem.bucket.landing", "deleted"},
                                                         {"mem.database.staging", "not_applied"}}));
  EXPECT_EQ(Value::parse(cli_.ReadFile("drift.json")), j) << "--out holds the same report";

  auto md = cli_.Run({"drift", "--format", "markdown"});
  EXPECT_EQ(md.exit_code, 2);
  EXPECT_NE(md.out.find("| `mem.database.analytics` | changed out of band | `comment` |"),
            std::string::npos)
      << md.out;

  EXPECT_EQ(cli_.ReadFile(".causeway-live.json"), live_before) << "drift must not change objects";
  EXPECT_EQ(cli_.Run({"state", "history"}).out, history_before) << "drift must not commit state";
}

TEST_F(DriftCommandTest, NotifyPostsTheReportAndRetries) {
  MakeDrift();
  Webhook hook(/*failures=*/1);
  setenv("CAUSEWAY_TEST_HOOK", hook.Url().c_str(), 1);
  auto r = cli_.Run({"drift", "--notify", "env:CAUSEWAY_TEST_HOOK"});
  unsetenv("CAUSEWAY_TEST_HOOK");
  EXPECT_EQ(r.exit_code, 2) << r.all();
  auto bodies = hook.Bodies();
  ASSERT_EQ(bodies.size(), 2u) << "one 503, then the retry";
  Value posted = Value::parse(bodies.back());
  EXPECT_EQ(posted["text"],
            "Drift: 1 changed out of band, 1 deleted out of band, 1 not applied yet.");
  EXPECT_EQ(posted["summary"]["changed"], 1);
  EXPECT_EQ(r.all().find("T0KEN"), std::string::npos) << "the webhook URL may hold a secret";
}

TEST_F(DriftCommandTest, FailingWebhookIsAnError) {
  MakeDrift();
  Webhook hook(/*failures=*/100);
  auto r = cli_.Run({"drift", "--notify", hook.Url()});
  EXPECT_EQ(r.exit_code, 1) << r.all();
  EXPECT_NE(r.err.find("answered HTTP 503"), std::string::npos) << r.err;
  EXPECT_EQ(r.all().find("T0KEN"), std::string::npos) << "the webhook URL may hold a secret";
  EXPECT_EQ(cli_.Run({"drift", "--notify", "env:CAUSEWAY_UNSET_HOOK"}).exit_code, 1);
}

TEST_F(DriftCommandTest, NoNotificationWithoutDrift) {
  Webhook hook(0);
  EXPECT_EQ(cli_.Run({"drift", "--notify", hook.Url()}).exit_code, 0);
  EXPECT_TRUE(hook.Bodies().empty());
}

}  // namespace
}  // namespace causeway::testing
