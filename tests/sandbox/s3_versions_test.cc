// The S3 emulator's object versions over HTTP with SigV4: x-amz-version-id on writes in
// versioned buckets, GetObject / HeadObject ?versionId=, delete markers (current and named by
// id), deleting a version for good, ListObjectVersions with paging and delimiters, Suspended
// buckets' "null" version, unversioned buckets unchanged, ListObjectsV2 showing only current
// objects, DeleteBucket refusing a bucket with versions left, and persistence across restarts.
#include <gtest/gtest.h>

#include <set>
#include <string>
#include <vector>

#include "sandbox/aws/s3/s3_service.h"
#include "tests/support/sandbox_fixture.h"

namespace causeway::testing {
namespace {

using Headers = std::vector<std::pair<std::string, std::string>>;

std::string VersioningDoc(const std::string& status) {
  return "<VersioningConfiguration xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><Status>" +
         status + "</Status></VersioningConfiguration>";
}

class S3VersionsTest : public ::testing::Test {
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
  void SetVersioning(const std::string& status) {
    std::string doc = VersioningDoc(status);
    ASSERT_EQ(Send("PUT", "/lake", "versioning", {{"content-md5", sandbox::S3ContentMd5(doc)}}, doc)
                  .status,
              200);
  }
  // PUT returning the x-amz-version-id header ("" when absent).
  std::string Put(const std::string& key, const std::string& body) {
    auto r = Send("PUT", "/lake/" + key, "", {}, body);
    EXPECT_EQ(r.status, 200) << r.body;
    return r.headers.count("x-amz-version-id") ? r.headers["x-amz-version-id"] : "";
  }
  SandboxReply GetVersion(const std::string& key, const std::string& id) {
    return Send("GET", "/lake/" + key, "versionId=" + id);
  }

  SandboxFixture fixture_;
  std::unique_ptr<SandboxClient> client_;
};

TEST_F(S3VersionsTest, EachWriteIsAVersionReadableById) {
  SetVersioning("Enabled");
  std::string v1 = Put("state.json", "one");
  std::string v2 = Put("state.json", "two");
  ASSERT_EQ(v1.size(), 32u) << v1;
  ASSERT_EQ(v2.size(), 32u) << v2;
  EXPECT_NE(v1, v2);
  auto current = Send("GET", "/lake/state.json");
  EXPECT_EQ(current.body, "two");
  EXPECT_EQ(current.headers["x-amz-version-id"], v2);
  auto old = GetVersion("state.json", v1);
  ASSERT_EQ(old.status, 200) << old.body;
  EXPECT_EQ(old.body, "one");
  EXPECT_EQ(old.headers["x-amz-version-id"], v1);
  EXPECT_EQ(old.headers["etag"], sandbox::S3ETag("one"));
  auto head = Send("HEAD", "/lake/state.json", "versionId=" + v1);
  EXPECT_EQ(head.status, 200);
  EXPECT_EQ(head.headers["content-length"], "3");
  // Versions also answer conditional reads.
  EXPECT_EQ(
      Send("GET", "/lake/state.json", "versionId=" + v1, {{"If-Match", sandbox::S3ETag("two")}})
          .status,
      412);
}

TEST_F(S3VersionsTest, UnknownAndMalformedVersionIds) {
  SetVersioning("Enabled");
  Put("k", "x");
  auto missing = GetVersion("k", std::string(32, 'A'));
  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(XmlText(missing.body, "Code"), "NoSuchVersion");
  EXPECT_EQ(XmlText(missing.body, "VersionId"), std::string(32, 'A'));
  auto malformed = GetVersion("k", "not-a-version");
  EXPECT_EQ(malformed.status, 400);
  EXPECT_EQ(XmlText(malformed.body, "Code"), "InvalidArgument");
  EXPECT_EQ(XmlText(malformed.body, "Message"), "Invalid version id specified");
  EXPECT_EQ(Send("DELETE", "/lake/k", "versionId=bad").status, 400);
}

TEST_F(S3VersionsTest, DeleteAddsAMarkerThatHidesTheObject) {
  SetVersioning("Enabled");
  std::string v1 = Put("a.csv", "one");
  auto del = Send("DELETE", "/lake/a.csv");
  ASSERT_EQ(del.status, 204);
  EXPECT_EQ(del.headers["x-amz-delete-marker"], "true");
  std::string marker = del.headers["x-amz-version-id"];
  ASSERT_EQ(marker.size(), 32u);
  auto get = Send("GET", "/lake/a.csv");
  EXPECT_EQ(get.status, 404);
  EXPECT_EQ(XmlText(get.body, "Code"), "NoSuchKey");
  EXPECT_EQ(get.headers["x-amz-delete-marker"], "true");
  EXPECT_EQ(get.headers["x-amz-version-id"], marker);
  // The marker named by id: 405 MethodNotAllowed; the old version is still there.
  auto by_id = GetVersion("a.csv", marker);
  EXPECT_EQ(by_id.status, 405);
  EXPECT_EQ(XmlText(by_id.body, "Code"), "MethodNotAllowed");
  EXPECT_EQ(by_id.headers["x-amz-delete-marker"], "true");
  EXPECT_FALSE(by_id.headers["last-modified"].empty());
  EXPECT_EQ(GetVersion("a.csv", v1).body, "one");
  // ListObjectsV2 lists current objects only.
  auto list = Send("GET", "/lake", "list-type=2");
  EXPECT_TRUE(XmlTexts(list.body, "Key").empty()) << list.body;
  // Removing the marker by id brings the object back.
  auto undelete = Send("DELETE", "/lake/a.csv", "versionId=" + marker);
  EXPECT_EQ(undelete.status, 204);
  EXPECT_EQ(undelete.headers["x-amz-delete-marker"], "true");
  EXPECT_EQ(undelete.headers["x-amz-version-id"], marker);
  EXPECT_EQ(Send("GET", "/lake/a.csv").body, "one");
  EXPECT_EQ(XmlTexts(Send("GET", "/lake", "list-type=2").body, "Key"),
            std::vector<std::string>{"a.csv"});
}

TEST_F(S3VersionsTest, DeletingAVersionForGood) {
  SetVersioning("Enabled");
  std::string v1 = Put("k", "one");
  std::string v2 = Put("k", "two");
  // Deleting the current version makes the previous one current.
  auto del = Send("DELETE", "/lake/k", "versionId=" + v2);
  EXPECT_EQ(del.status, 204);
  EXPECT_EQ(del.headers.count("x-amz-delete-marker"), 0u);
  EXPECT_EQ(del.headers["x-amz-version-id"], v2);
  auto get = Send("GET", "/lake/k");
  EXPECT_EQ(get.body, "one");
  EXPECT_EQ(get.headers["x-amz-version-id"], v1);
  EXPECT_EQ(GetVersion("k", v2).status, 404);
  // The last version gone: the key is gone and the bucket can be deleted.
  EXPECT_EQ(Send("DELETE", "/lake/k", "versionId=" + v1).status, 204);
  EXPECT_EQ(Send("GET", "/lake/k").status, 404);
  EXPECT_EQ(XmlTexts(Send("GET", "/lake", "versions").body, "VersionId").size(), 0u);
  EXPECT_EQ(Send("DELETE", "/lake").status, 204);
}

TEST_F(S3VersionsTest, BucketWithOnlyOldVersionsIsNotEmpty) {
  SetVersioning("Enabled");
  Put("k", "one");
  ASSERT_EQ(Send("DELETE", "/lake/k").status, 204);
  auto r = Send("DELETE", "/lake");
  EXPECT_EQ(r.status, 409);
  EXPECT_EQ(XmlText(r.body, "Code"), "BucketNotEmpty");
}

TEST_F(S3VersionsTest, ListObjectVersionsShapeAndOrder) {
  SetVersioning("Enabled");
  std::string a1 = Put("a", "1");
  std::string a2 = Put("a", "22");
  std::string b1 = Put("b", "333");
  std::string marker = Send("DELETE", "/lake/b").headers["x-amz-version-id"];
  auto r = Send("GET", "/lake", "versions");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_NE(r.body.find("<ListVersionsResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"),
            std::string::npos)
      << r.body;
  EXPECT_EQ(XmlText(r.body, "Name"), "lake");
  EXPECT_EQ(XmlText(r.body, "IsTruncated"), "false");
  // Keys in order, newest version first; b's delete marker is its latest version.
  EXPECT_EQ(XmlTexts(r.body, "VersionId"), (std::vector<std::string>{a2, a1, marker, b1}));
  EXPECT_EQ(XmlTexts(r.body, "IsLatest"),
            (std::vector<std::string>{"true", "false", "true", "false"}));
  EXPECT_EQ(XmlTexts(r.body, "Size"), (std::vector<std::string>{"2", "1", "3"}));
  EXPECT_EQ(XmlTexts(r.body, "ETag"),
            (std::vector<std::string>{sandbox::S3ETag("22"), sandbox::S3ETag("1"),
                                      sandbox::S3ETag("333")}));
  EXPECT_EQ(XmlTexts(r.body, "LastModified").size(), 4u);
  {
    // Delete markers are DeleteMarker elements, the rest Version elements.
    size_t dm = r.body.find("<DeleteMarker>");
    ASSERT_NE(dm, std::string::npos);
    EXPECT_EQ(r.body.find("<DeleteMarker>", dm + 1), std::string::npos);
    EXPECT_NE(r.body.find("<Key>b</Key><VersionId>" + marker, dm), std::string::npos);
  }
  // Prefix filter.
  auto only_a = Send("GET", "/lake", "prefix=a&versions");
  EXPECT_EQ(XmlTexts(only_a.body, "VersionId"), (std::vector<std::string>{a2, a1}));
}

TEST_F(S3VersionsTest, ListObjectVersionsPaging) {
  SetVersioning("Enabled");
  std::vector<std::string> all;
  for (const char* key : {"k1", "k2", "k3"}) {
    std::string first = Put(key, "a");
    std::string second = Put(key, "b");
    all.push_back(second);
    all.push_back(first);
  }
  // Pages of 2, resuming from NextKeyMarker / NextVersionIdMarker, give every version once.
  std::vector<std::string> seen;
  std::string key_marker, version_marker;
  int pages = 0;
  while (true) {
    std::string query = "max-keys=2&versions";
    if (!key_marker.empty()) query += "&key-marker=" + key_marker;
    if (!version_marker.empty()) query += "&version-id-marker=" + version_marker;
    auto r = Send("GET", "/lake", query);
    ASSERT_EQ(r.status, 200) << r.body;
    ++pages;
    ASSERT_LE(pages, 10);
    EXPECT_EQ(XmlText(r.body, "MaxKeys"), "2");
    EXPECT_EQ(XmlText(r.body, "KeyMarker"), key_marker);
    for (const auto& v : XmlTexts(r.body, "VersionId")) seen.push_back(v);
    if (XmlText(r.body, "IsTruncated") != "true") {
      EXPECT_EQ(XmlText(r.body, "NextKeyMarker"), "");
      break;
    }
    key_marker = XmlText(r.body, "NextKeyMarker");
    version_marker = XmlText(r.body, "NextVersionIdMarker");
    EXPECT_EQ(version_marker, seen.back());
  }
  EXPECT_EQ(seen, all);
  EXPECT_EQ(pages, 3);  // the last full page is not truncated: nothing follows it
  // A key marker alone skips all versions of that key.
  auto after_k1 = Send("GET", "/lake", "key-marker=k1&versions");
  EXPECT_EQ(XmlTexts(after_k1.body, "VersionId"),
            (std::vector<std::string>{all[2], all[3], all[4], all[5]}));
  // A version-id marker needs a key marker.
  auto bad = Send("GET", "/lake", "version-id-marker=" + all[0] + "&versions");
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(XmlText(bad.body, "Code"), "InvalidArgument");
}

TEST_F(S3VersionsTest, ListObjectVersionsDelimiter) {
  SetVersioning("Enabled");
  Put("top", "x");
  Put("dir/a", "x");
  Put("dir/b", "x");
  auto r = Send("GET", "/lake", "delimiter=%2F&versions");
  EXPECT_EQ(XmlTexts(r.body, "Key"), std::vector<std::string>{"top"});
  EXPECT_EQ(XmlTexts(r.body, "Prefix"), (std::vector<std::string>{"", "dir/"}));
}

TEST_F(S3VersionsTest, UnversionedBucketKeepsNoVersions) {
  EXPECT_EQ(Put("k", "one"), "");
  EXPECT_EQ(Put("k", "two"), "");
  auto get = Send("GET", "/lake/k");
  EXPECT_EQ(get.headers.count("x-amz-version-id"), 0u);
  auto list = Send("GET", "/lake", "versions");
  EXPECT_EQ(XmlTexts(list.body, "VersionId"), std::vector<std::string>{"null"});
  EXPECT_EQ(GetVersion("k", "null").body, "two");
  auto del = Send("DELETE", "/lake/k");
  EXPECT_EQ(del.status, 204);
  EXPECT_EQ(del.headers.count("x-amz-delete-marker"), 0u);
  EXPECT_TRUE(XmlTexts(Send("GET", "/lake", "versions").body, "VersionId").empty());
  EXPECT_EQ(Send("DELETE", "/lake").status, 204);
}

TEST_F(S3VersionsTest, SuspendedBucketReplacesTheNullVersion) {
  SetVersioning("Enabled");
  std::string v1 = Put("k", "kept");
  SetVersioning("Suspended");
  EXPECT_EQ(Put("k", "null-1"), "null");
  EXPECT_EQ(Put("k", "null-2"), "null");
  auto list = Send("GET", "/lake", "versions");
  EXPECT_EQ(XmlTexts(list.body, "VersionId"), (std::vector<std::string>{"null", v1}));
  EXPECT_EQ(GetVersion("k", "null").body, "null-2");
  EXPECT_EQ(GetVersion("k", v1).body, "kept");
  // A delete replaces the null version with a null delete marker.
  auto del = Send("DELETE", "/lake/k");
  EXPECT_EQ(del.headers["x-amz-delete-marker"], "true");
  EXPECT_EQ(del.headers["x-amz-version-id"], "null");
  list = Send("GET", "/lake", "versions");
  EXPECT_EQ(XmlTexts(list.body, "VersionId"), (std::vector<std::string>{"null", v1}));
  EXPECT_NE(list.body.find("<DeleteMarker><Key>k</Key><VersionId>null</VersionId>"),
            std::string::npos)
      << list.body;
  EXPECT_EQ(Send("GET", "/lake/k").status, 404);
}

TEST_F(S3VersionsTest, DeleteObjectsAddsMarkersAndDeletesVersions) {
  SetVersioning("Enabled");
  std::string a1 = Put("a", "1");
  Put("b", "2");
  const std::string body = "<Delete><Object><Key>a</Key><VersionId>" + a1 +
                           "</VersionId></Object>"
                           "<Object><Key>b</Key></Object></Delete>";
  auto r = Send("POST", "/lake", "delete", {{"content-md5", sandbox::S3ContentMd5(body)}}, body);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(XmlTexts(r.body, "DeleteMarker"), std::vector<std::string>{"true"});
  EXPECT_EQ(XmlTexts(r.body, "DeleteMarkerVersionId").size(), 1u);
  auto list = Send("GET", "/lake", "versions");
  EXPECT_EQ(XmlTexts(list.body, "Key"), (std::vector<std::string>{"b", "b"}));
}

TEST_F(S3VersionsTest, CopyObjectFromAVersion) {
  SetVersioning("Enabled");
  std::string v1 = Put("src", "old");
  Put("src", "new");
  auto r = Send("PUT", "/lake/dst", "", {{"x-amz-copy-source", "/lake/src?versionId=" + v1}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.headers["x-amz-copy-source-version-id"], v1);
  EXPECT_EQ(r.headers["x-amz-version-id"].size(), 32u);
  EXPECT_EQ(Send("GET", "/lake/dst").body, "old");
}

TEST_F(S3VersionsTest, VersionsPersistAcrossRestart) {
  SetVersioning("Enabled");
  std::string v1 = Put("k", "one");
  std::string v2 = Put("k", "two");
  std::string marker = Send("DELETE", "/lake/k").headers["x-amz-version-id"];
  const std::string before = Send("GET", "/lake", "versions").body;
  ASSERT_TRUE(fixture_.Restart().ok());
  client_ = fixture_.Client();
  auto after = Send("GET", "/lake", "versions");
  EXPECT_EQ(XmlTexts(after.body, "VersionId"), (std::vector<std::string>{marker, v2, v1}));
  EXPECT_EQ(XmlTexts(after.body, "LastModified"), XmlTexts(before, "LastModified"));
  EXPECT_EQ(XmlTexts(after.body, "ETag"), XmlTexts(before, "ETag"));
  EXPECT_EQ(GetVersion("k", v1).body, "one");
  EXPECT_EQ(Send("GET", "/lake/k").headers["x-amz-delete-marker"], "true");
  // Writes after the restart still version.
  EXPECT_EQ(Put("k", "three").size(), 32u);
}

}  // namespace
}  // namespace causeway::testing
