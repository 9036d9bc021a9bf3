// The S3 emulator's bucket notification configuration over HTTP: round trip with generated ids and
// capitalised filter rule names, removal by an empty configuration, S3's validation errors (events,
// filter rules, overlapping configurations, ARNs, destinations the sandbox cannot validate and
// x-amz-skip-destination-validation), and persistence across a restart.
#include <gtest/gtest.h>

#include "tests/support/sandbox_fixture.h"

namespace causeway::testing {
namespace {

constexpr char kQueue[] = "arn:aws:sqs:us-east-1:999999999999:sf-snowpipe-AIDA-queue";

std::string QueueConfig(const std::string& id, const std::string& event, const std::string& prefix,
                        const std::string& suffix = "") {
  std::string rules;
  if (!prefix.empty())
    rules += "<FilterRule><Name>prefix</Name><Value>" + prefix + "</Value></FilterRule>";
  if (!suffix.empty())
    rules += "<FilterRule><Name>suffix</Name><Value>" + suffix + "</Value></FilterRule>";
  return "<QueueConfiguration>" + (id.empty() ? "" : "<Id>" + id + "</Id>") + "<Queue>" + kQueue +
         "</Queue><Event>" + event + "</Event>" +
         (rules.empty() ? "" : "<Filter><S3Key>" + rules + "</S3Key></Filter>") +
         "</QueueConfiguration>";
}

std::string Doc(const std::string& inner) {
  return "<NotificationConfiguration xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">" + inner +
         "</NotificationConfiguration>";
}

class S3NotificationTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(fixture_.Start().ok());
    client_ = fixture_.Client();
    ASSERT_EQ(client_->Send("s3", "PUT", "/lake", "", {}, "").status, 200);
  }
  SandboxReply Put(const std::string& body,
                   std::vector<std::pair<std::string, std::string>> headers = {}) {
    return client_->Send("s3", "PUT", "/lake", "notification", std::move(headers), body);
  }
  SandboxReply Get() { return client_->Send("s3", "GET", "/lake", "notification", {}, ""); }

  SandboxFixture fixture_;
  std::unique_ptr<SandboxClient> client_;
};

TEST_F(S3NotificationTest, RoundTripAndRemoval) {
  auto empty = Get();
  ASSERT_EQ(empty.status, 200) << empty.body;
  EXPECT_TRUE(XmlTexts(empty.body, "QueueConfiguration").empty());

  auto put =
      Put(Doc(QueueConfig("raw", "s3:ObjectCreated:*", "raw/", ".csv") +
              QueueConfig("", "s3:ObjectRemoved:*", "raw/") + "<EventBridgeConfiguration/>"));
  ASSERT_EQ(put.status, 200) << put.body;
  auto got = Get();
  ASSERT_EQ(got.status, 200);
  EXPECT_EQ(XmlTexts(got.body, "Queue"), (std::vector<std::string>{kQueue, kQueue}));
  std::vector<std::string> ids = XmlTexts(got.body, "Id");
  ASSERT_EQ(ids.size(), 2u);
  EXPECT_EQ(ids[0], "raw");
  EXPECT_FALSE(ids[1].empty()) << "S3 generates an id when none is given";
  EXPECT_EQ(XmlTexts(got.body, "Name"), (std::vector<std::string>{"Prefix", "Suffix", "Prefix"}));
  EXPECT_EQ(XmlTexts(got.body, "Event"),
            (std::vector<std::string>{"s3:ObjectCreated:*", "s3:ObjectRemoved:*"}));
  EXPECT_NE(got.body.find("<EventBridgeConfiguration"), std::string::npos) << got.body;

  ASSERT_EQ(Put(Doc("")).status, 200);
  auto cleared = Get();
  EXPECT_TRUE(XmlTexts(cleared.body, "Queue").empty()) << cleared.body;
  EXPECT_EQ(cleared.body.find("EventBridgeConfiguration"), std::string::npos);
}

TEST_F(S3NotificationTest, RefusesWhatS3Refuses) {
  struct Case {
    const char* what;
    std::string body;
    const char* code;
    const char* message_part;
  };
  const std::vector<Case> cases = {
      {"not XML", "<Notif", "MalformedXML", "not well-formed"},
      {"unknown event", Doc(QueueConfig("a", "s3:ObjectCreated:Everything", "")), "InvalidArgument",
       "event is not supported"},
      {"overlap",
       Doc(QueueConfig("a", "s3:ObjectCreated:*", "raw/") +
           QueueConfig("b", "s3:ObjectCreated:Put", "raw/2024/")),
       "InvalidArgument", "Configurations overlap"},
      {"bad rule",
       Doc("<QueueConfiguration><Queue>" + std::string(kQueue) +
           "</Queue><Event>s3:ObjectCreated:*</Event><Filter><S3Key><FilterRule><Name>middle</Name>"
           "<Value>x</Value></FilterRule></S3Key></Filter></QueueConfiguration>"),
       "InvalidArgument", "prefix or suffix"},
      {"not an SQS ARN",
       Doc("<QueueConfiguration><Queue>sqs-queue</Queue><Event>s3:ObjectCreated:*</Event>"
           "</QueueConfiguration>"),
       "InvalidArgument", "not well formed"},
      {"Lambda the sandbox cannot validate",
       Doc("<CloudFunctionConfiguration><CloudFunction>arn:aws:lambda:us-east-1:123456789012:"
           "function:ingest</CloudFunction><Event>s3:ObjectCreated:*</Event>"
           "</CloudFunctionConfiguration>"),
       "InvalidArgument", "Unable to validate"},
  };
  for (const auto& c : cases) {
    auto r = Put(c.body);
    EXPECT_EQ(r.status, 400) << c.what << ": " << r.body;
    EXPECT_EQ(XmlText(r.body, "Code"), c.code) << c.what;
    EXPECT_NE(XmlText(r.body, "Message").find(c.message_part), std::string::npos)
        << c.what << ": " << r.body;
  }
  // Nothing of the refused documents was kept.
  EXPECT_TRUE(XmlTexts(Get().body, "Id").empty());
  // Disjoint prefixes do not overlap; skipping validation accepts a Lambda destination.
  EXPECT_EQ(Put(Doc(QueueConfig("a", "s3:ObjectCreated:*", "raw/") +
                    QueueConfig("b", "s3:ObjectCreated:*", "curated/")))
                .status,
            200);
  auto skipped = Put(Doc("<CloudFunctionConfiguration><CloudFunction>arn:aws:lambda:us-east-1:"
                         "123456789012:function:ingest</CloudFunction><Event>s3:ObjectCreated:*"
                         "</Event></CloudFunctionConfiguration>"),
                     {{"x-amz-skip-destination-validation", "true"}});
  EXPECT_EQ(skipped.status, 200) << skipped.body;
  EXPECT_EQ(client_->Send("s3", "GET", "/ghost", "notification", {}, "").status, 404);
}

TEST_F(S3NotificationTest, PersistsAcrossRestart) {
  ASSERT_EQ(Put(Doc(QueueConfig("raw", "s3:ObjectCreated:*", "raw/"))).status, 200);
  const std::string before = Get().body;
  ASSERT_TRUE(fixture_.Restart().ok());
  client_ = fixture_.Client();
  EXPECT_EQ(XmlTexts(Get().body, "Id"), XmlTexts(before, "Id"));
  EXPECT_EQ(XmlTexts(Get().body, "Queue"), (std::vector<std::string>{kQueue}));
}

}  // namespace
}  // namespace causeway::testing
