// The S3 emulator's conditional requests over HTTP with SigV4: PutObject If-None-Match: * and
// If-Match (412 PreconditionFailed, 404 NoSuchKey, 501 NotImplemented for what S3 does not
// support), DeleteObject If-Match and DeleteObjects ETag conditions, GetObject / HeadObject
// If-Match (412) and If-None-Match (304), delete markers counting as absent, and the
// check-and-write being atomic under racing clients.
#include <gtest/gtest.h>

#include <atomic>
#include <string>
#include <thread>
#include <vector>

#include "sandbox/aws/s3/s3_service.h"
#include "tests/support/sandbox_fixture.h"

namespace causeway::testing {
namespace {

using Headers = std::vector<std::pair<std::string, std::string>>;

constexpr char kEnableVersioning[] =
    "<VersioningConfiguration xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"
    "<Status>Enabled</Status></VersioningConfiguration>";

class S3ConditionalTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(fixture_.Start().ok());
    client_ = fixture_.Client();
    ASSERT_EQ(Send("PUT", "/lake").status, 200);
  }
  SandboxReply Send(const std::string& method, const std::string& path,
                    const std::string& query = "", Headers headers = {},
                    const std::string& body = "") {
    return client_->Send("s3", method, path, query, std::move(headers), body);
  }
  SandboxReply Put(const std::string& key, const std::string& body, Headers headers = {}) {
    return Send("PUT", "/lake/" + key, "", std::move(headers), body);
  }
  std::string Body(const std::string& key) { return Send("GET", "/lake/" + key).body; }
  // The reply is S3's error document with this status, code and (when given) Condition.
  static void ExpectError(const SandboxReply& r, int status, const std::string& code,
                          const std::string& condition = "") {
    EXPECT_EQ(r.status, status) << r.body;
    EXPECT_EQ(XmlText(r.body, "Code"), code) << r.body;
    if (!condition.empty()) {
      EXPECT_EQ(XmlText(r.body, "Condition"), condition) << r.body;
    }
  }

  SandboxFixture fixture_;
  std::unique_ptr<SandboxClient> client_;
};

TEST_F(S3ConditionalTest, IfNoneMatchStarCreatesOnlyWhenAbsent) {
  auto first = Put("state.json", "v1", {{"If-None-Match", "*"}});
  ASSERT_EQ(first.status, 200) << first.body;
  EXPECT_EQ(first.headers["etag"], sandbox::S3ETag("v1"));
  auto second = Put("state.json", "v2", {{"If-None-Match", "*"}});
  ExpectError(second, 412, "PreconditionFailed", "If-None-Match");
  EXPECT_EQ(XmlText(second.body, "Message"),
            "At least one of the pre-conditions you specified did not hold");
  EXPECT_EQ(Body("state.json"), "v1");
  // Once deleted, the key may be created again.
  ASSERT_EQ(Send("DELETE", "/lake/state.json").status, 204);
  EXPECT_EQ(Put("state.json", "v3", {{"If-None-Match", "*"}}).status, 200);
  EXPECT_EQ(Body("state.json"), "v3");
}

TEST_F(S3ConditionalTest, IfNoneMatchOtherThanStarIsNotImplemented) {
  ASSERT_EQ(Put("a", "v1").status, 200);
  const std::string etag = sandbox::S3ETag("v1");
  for (const std::string& value : {etag, std::string("\"abc\""), std::string("true")}) {
    SCOPED_TRACE(value);
    auto r = Put("a", "v2", {{"If-None-Match", value}});
    ExpectError(r, 501, "NotImplemented");
    EXPECT_EQ(XmlText(r.body, "Header"), "If-None-Match");
  }
  // Both headers together are refused too, whatever the object.
  ExpectError(Put("a", "v2", {{"If-None-Match", "*"}, {"If-Match", etag}}), 501, "NotImplemented");
  EXPECT_EQ(Body("a"), "v1");
}

TEST_F(S3ConditionalTest, IfMatchWritesOnlyOverTheNamedETag) {
  ASSERT_EQ(Put("state.json", "v1").status, 200);
  const std::string v1 = sandbox::S3ETag("v1");
  auto ok = Put("state.json", "v2", {{"If-Match", v1}});
  ASSERT_EQ(ok.status, 200) << ok.body;
  EXPECT_EQ(ok.headers["etag"], sandbox::S3ETag("v2"));
  // A stale ETag (v1 again) fails and leaves v2 in place.
  ExpectError(Put("state.json", "v3", {{"If-Match", v1}}), 412, "PreconditionFailed", "If-Match");
  EXPECT_EQ(Body("state.json"), "v2");
  // The ETag may come unquoted (as the CLI sends it) or in a list; "*" matches any object.
  std::string v2_bare = sandbox::S3ETag("v2").substr(1, 32);
  EXPECT_EQ(Put("state.json", "v3", {{"If-Match", v2_bare}}).status, 200);
  EXPECT_EQ(Put("state.json", "v4", {{"If-Match", "\"x\", " + sandbox::S3ETag("v3")}}).status, 200);
  EXPECT_EQ(Put("state.json", "v5", {{"If-Match", "*"}}).status, 200);
  EXPECT_EQ(Body("state.json"), "v5");
}

TEST_F(S3ConditionalTest, IfMatchOnAMissingKeyIsNoSuchKey) {
  auto r = Put("ghost", "v1", {{"If-Match", sandbox::S3ETag("v1")}});
  ExpectError(r, 404, "NoSuchKey");
  EXPECT_EQ(XmlText(r.body, "Key"), "ghost");
  ExpectError(Put("ghost", "v1", {{"If-Match", "*"}}), 404, "NoSuchKey");
  EXPECT_EQ(Send("GET", "/lake/ghost").status, 404);
}

TEST_F(S3ConditionalTest, DeleteMarkerCountsAsAbsent) {
  ASSERT_EQ(Send("PUT", "/lake", "versioning",
                 {{"content-md5", sandbox::S3ContentMd5(kEnableVersioning)}}, kEnableVersioning)
                .status,
            200);
  ASSERT_EQ(Put("lock", "held").status, 200);
  ExpectError(Put("lock", "again", {{"If-None-Match", "*"}}), 412, "PreconditionFailed",
              "If-None-Match");
  auto del = Send("DELETE", "/lake/lock");
  ASSERT_EQ(del.status, 204);
  ASSERT_EQ(del.headers["x-amz-delete-marker"], "true");
  // The latest version is a delete marker: If-Match finds nothing, If-None-Match succeeds.
  ExpectError(Put("lock", "x", {{"If-Match", sandbox::S3ETag("held")}}), 404, "NoSuchKey");
  ExpectError(Send("DELETE", "/lake/lock", "", {{"If-Match", "*"}}), 404, "NoSuchKey");
  EXPECT_EQ(Put("lock", "mine", {{"If-None-Match", "*"}}).status, 200);
  EXPECT_EQ(Body("lock"), "mine");
}

TEST_F(S3ConditionalTest, ConditionalDelete) {
  ASSERT_EQ(Put("lock", "owner-a").status, 200);
  // Another writer's ETag: 412 and the object stays.
  ExpectError(Send("DELETE", "/lake/lock", "", {{"If-Match", sandbox::S3ETag("owner-b")}}), 412,
              "PreconditionFailed", "If-Match");
  EXPECT_EQ(Body("lock"), "owner-a");
  auto ok = Send("DELETE", "/lake/lock", "", {{"If-Match", sandbox::S3ETag("owner-a")}});
  EXPECT_EQ(ok.status, 204) << ok.body;
  EXPECT_EQ(Send("HEAD", "/lake/lock").status, 404);
  // Absent: NoSuchKey, for an ETag as for "*"; an unconditional delete still succeeds.
  ExpectError(Send("DELETE", "/lake/lock", "", {{"If-Match", sandbox::S3ETag("owner-a")}}), 404,
              "NoSuchKey");
  ASSERT_EQ(Put("lock", "owner-c").status, 200);
  EXPECT_EQ(Send("DELETE", "/lake/lock", "", {{"If-Match", "*"}}).status, 204);
  ExpectError(Send("DELETE", "/lake/lock", "", {{"If-Match", "*"}}), 404, "NoSuchKey");
  EXPECT_EQ(Send("DELETE", "/lake/lock").status, 204);
}

TEST_F(S3ConditionalTest, DeleteObjectsWithETagConditions) {
  ASSERT_EQ(Put("a", "1").status, 200);
  ASSERT_EQ(Put("b", "2").status, 200);
  const std::string body = "<Delete><Object><Key>a</Key><ETag>" + sandbox::S3ETag("1") +
                           "</ETag></Object><Object><Key>b</Key><ETag>" + sandbox::S3ETag("x") +
                           "</ETag></Object><Object><Key>ghost</Key><ETag>" + sandbox::S3ETag("1") +
                           "</ETag></Object></Delete>";
  auto r = Send("POST", "/lake", "delete", {{"content-md5", sandbox::S3ContentMd5(body)}}, body);
  ASSERT_EQ(r.status, 200) << r.body;
  // a matched and is deleted; b (other ETag) and ghost (absent) are per-object errors.
  EXPECT_EQ(XmlTexts(r.body, "Key"), (std::vector<std::string>{"a", "b", "ghost"}));
  EXPECT_EQ(XmlTexts(r.body, "Code"),
            (std::vector<std::string>{"PreconditionFailed", "NoSuchKey"}));
  EXPECT_EQ(Send("GET", "/lake/a").status, 404);
  EXPECT_EQ(Body("b"), "2");
}

TEST_F(S3ConditionalTest, ConditionalReads) {
  ASSERT_EQ(Put("data.csv", "rows").status, 200);
  const std::string etag = sandbox::S3ETag("rows");
  for (const char* method : {"GET", "HEAD"}) {
    SCOPED_TRACE(method);
    auto match = Send(method, "/lake/data.csv", "", {{"If-Match", etag}});
    EXPECT_EQ(match.status, 200);
    auto mismatch = Send(method, "/lake/data.csv", "", {{"If-Match", "\"0000\""}});
    EXPECT_EQ(mismatch.status, 412);
    auto not_modified = Send(method, "/lake/data.csv", "", {{"If-None-Match", etag}});
    EXPECT_EQ(not_modified.status, 304);
    EXPECT_EQ(not_modified.body, "");
    EXPECT_EQ(not_modified.headers["etag"], etag);
    auto modified = Send(method, "/lake/data.csv", "", {{"If-None-Match", "\"0000\""}});
    EXPECT_EQ(modified.status, 200);
  }
  auto mismatch = Send("GET", "/lake/data.csv", "", {{"If-Match", "\"0000\""}});
  ExpectError(mismatch, 412, "PreconditionFailed", "If-Match");
  EXPECT_EQ(Send("GET", "/lake/data.csv", "", {{"If-None-Match", "\"0000\""}}).body, "rows");
  // A missing key is NoSuchKey whatever the conditions.
  ExpectError(Send("GET", "/lake/ghost", "", {{"If-Match", etag}}), 404, "NoSuchKey");
}

// Many clients race to create the same lock objects with If-None-Match: *; for each key exactly
// one wins (200) and every other gets 412, and the object holds the winner's body.
TEST_F(S3ConditionalTest, RacingCreatesHaveExactlyOneWinner) {
  constexpr int kThreads = 12;
  constexpr int kKeys = 15;
  std::vector<std::vector<int>> statuses(kThreads, std::vector<int>(kKeys, 0));
  std::atomic<bool> go{false};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      auto client = fixture_.Client();
      while (!go.load()) std::this_thread::yield();
      for (int k = 0; k < kKeys; ++k) {
        auto r = client->Send("s3", "PUT", "/lake/locks/" + std::to_string(k), "",
                              {{"If-None-Match", "*"}}, "owner-" + std::to_string(t));
        statuses[t][k] = r.status;
      }
    });
  }
  go = true;
  for (auto& th : threads) th.join();
  for (int k = 0; k < kKeys; ++k) {
    SCOPED_TRACE("key " + std::to_string(k));
    int winners = 0, refused = 0, winner = -1;
    for (int t = 0; t < kThreads; ++t) {
      if (statuses[t][k] == 200) {
        ++winners;
        winner = t;
      }
      if (statuses[t][k] == 412) ++refused;
    }
    EXPECT_EQ(winners, 1);
    EXPECT_EQ(refused, kThreads - 1);
    EXPECT_EQ(Body("locks/" + std::to_string(k)), "owner-" + std::to_string(winner));
  }
}

// The same race for compare-and-swap: every client reads the ETag then writes with If-Match; of
// the clients that read the same ETag, exactly one write lands, so the number of successful
// writes equals the number of distinct versions the object went through.
TEST_F(S3ConditionalTest, RacingCompareAndSwapLosesNoUpdate) {
  ASSERT_EQ(Put("counter", "0").status, 200);
  constexpr int kThreads = 8;
  constexpr int kRounds = 10;
  std::atomic<int> successes{0};
  std::atomic<int> other{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      auto client = fixture_.Client();
      for (int i = 0; i < kRounds; ++i) {
        auto read = client->Send("s3", "GET", "/lake/counter", "", {}, "");
        int value = std::stoi(read.body);
        auto w = client->Send("s3", "PUT", "/lake/counter", "",
                              {{"If-Match", read.headers["etag"]}}, std::to_string(value + 1));
        if (w.status == 200) {
          ++successes;
        } else if (w.status != 412) {
          ++other;
        }
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(other.load(), 0);
  EXPECT_GT(successes.load(), 0);
  EXPECT_EQ(Body("counter"), std::to_string(successes.load()));
}

}  // namespace
}  // namespace causeway::testing
