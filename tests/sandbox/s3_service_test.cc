// The S3 emulator over HTTP: bucket lifecycle, objects, listings with delimiters and
// pagination, policy / versioning / tagging sub-resources, S3's error documents, operation
// naming, persistence across restarts and the ObjectStore view other emulators read.
#include "sandbox/aws/s3/s3_service.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <pugixml.hpp>

#include "sandbox/core/url_encoding.h"
#include "tests/support/sandbox_fixture.h"

namespace causeway::testing {
namespace {

using Headers = std::vector<std::pair<std::string, std::string>>;

constexpr char kPolicy[] =
    R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:root"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::lake/*"}]})";

class S3ServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(fixture_.Start().ok());
    client_ = fixture_.Client();
  }
  SandboxReply Send(const std::string& method, const std::string& path,
                    const std::string& query = "", Headers headers = {},
                    const std::string& body = "") {
    return client_->Send("s3", method, path, query, std::move(headers), body);
  }
  // A request whose body S3 wants a checksum for.
  SandboxReply SendMd5(const std::string& method, const std::string& path, const std::string& query,
                       const std::string& body) {
    return Send(method, path, query, {{"content-md5", sandbox::S3ContentMd5(body)}}, body);
  }
  void Must(const SandboxReply& r, int status = 200) { ASSERT_EQ(r.status, status) << r.body; }
  void Put(const std::string& bucket, const std::string& key, const std::string& body = "x") {
    Must(Send("PUT", "/" + bucket + "/" + sandbox::UrlEncode(key, true), "", {}, body));
  }

  SandboxFixture fixture_;
  std::unique_ptr<SandboxClient> client_;
};

TEST_F(S3ServiceTest, BucketLifecycle) {
  auto created = Send("PUT", "/lake");
  Must(created);
  EXPECT_EQ(created.headers["location"], "/lake");
  auto list = Send("GET", "/");
  Must(list);
  EXPECT_NE(list.body.find("<ListAllMyBucketsResult xmlns=\"http://s3.amazonaws.com/doc/"
                           "2006-03-01/\">"),
            std::string::npos)
      << list.body;
  EXPECT_EQ(XmlTexts(list.body, "Name"), std::vector<std::string>{"lake"});
  EXPECT_EQ(XmlText(list.body, "BucketRegion"), "us-east-1");
  auto head = Send("HEAD", "/lake");
  Must(head);
  EXPECT_EQ(head.headers["x-amz-bucket-region"], "us-east-1");
  auto location = Send("GET", "/lake", "location");
  Must(location);
  EXPECT_NE(location.body.find("<LocationConstraint xmlns="), std::string::npos);
  EXPECT_EQ(XmlText(location.body, "LocationConstraint"), "");
  Must(Send("DELETE", "/lake"), 204);
  auto gone = Send("HEAD", "/lake");
  EXPECT_EQ(gone.status, 404);
  EXPECT_EQ(gone.body, "");
}

TEST_F(S3ServiceTest, CreateBucketWithLocationConstraint) {
  client_->set_region("eu-west-1");
  const std::string config =
      "<CreateBucketConfiguration xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"
      "<LocationConstraint>eu-west-1</LocationConstraint></CreateBucketConfiguration>";
  Must(Send("PUT", "/lake-eu", "", {}, config));
  auto location = Send("GET", "/lake-eu", "location");
  EXPECT_EQ(XmlText(location.body, "LocationConstraint"), "eu-west-1");
  EXPECT_EQ(Send("HEAD", "/lake-eu").headers["x-amz-bucket-region"], "eu-west-1");
  // Without a constraint, a eu-west-1 endpoint refuses (the bucket would be in us-east-1).
  auto r = Send("PUT", "/lake-eu2");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(XmlText(r.body, "Code"), "IllegalLocationConstraintException");
}

struct ErrorCase {
  std::string reason;
  std::string method, path, query;
  Headers headers;
  std::string body;
  int status;
  std::string code;
  std::string element;  // an extra element S3 names, e.g. BucketName
  std::string element_value;
};

TEST_F(S3ServiceTest, ErrorsAsS3ReturnsThem) {
  Must(Send("PUT", "/lake"));
  Put("lake", "a.csv");
  const std::string bad_md5 = sandbox::S3ContentMd5("something else");
  const std::vector<ErrorCase> cases = {
      {"missing bucket",
       "GET",
       "/ghost",
       "list-type=2",
       {},
       "",
       404,
       "NoSuchBucket",
       "BucketName",
       "ghost"},
      {"missing bucket on a sub-resource",
       "GET",
       "/ghost",
       "location",
       {},
       "",
       404,
       "NoSuchBucket",
       "BucketName",
       "ghost"},
      {"invalid bucket name",
       "PUT",
       "/Bad_Name",
       "",
       {},
       "",
       400,
       "InvalidBucketName",
       "BucketName",
       "Bad_Name"},
      {"create twice",
       "PUT",
       "/lake",
       "",
       {},
       "",
       409,
       "BucketAlreadyOwnedByYou",
       "BucketName",
       "lake"},
      {"us-east-1 is not a valid constraint",
       "PUT",
       "/lake2",
       "",
       {},
       "<CreateBucketConfiguration><LocationConstraint>us-east-1</LocationConstraint>"
       "</CreateBucketConfiguration>",
       400,
       "InvalidLocationConstraint",
       "",
       ""},
      {"delete a non-empty bucket",
       "DELETE",
       "/lake",
       "",
       {},
       "",
       409,
       "BucketNotEmpty",
       "BucketName",
       "lake"},
      {"no policy",
       "GET",
       "/lake",
       "policy",
       {},
       "",
       404,
       "NoSuchBucketPolicy",
       "BucketName",
       "lake"},
      {"policy is not JSON",
       "PUT",
       "/lake",
       "policy",
       {{"content-md5", sandbox::S3ContentMd5("{\"Statement\":")}},
       "{\"Statement\":",
       400,
       "MalformedPolicy",
       "",
       ""},
      {"policy without a checksum",
       "PUT",
       "/lake",
       "policy",
       {},
       kPolicy,
       400,
       "InvalidRequest",
       "",
       ""},
      {"policy with a wrong Content-MD5",
       "PUT",
       "/lake",
       "policy",
       {{"content-md5", bad_md5}},
       kPolicy,
       400,
       "BadDigest",
       "",
       ""},
      {"no tag set", "GET", "/lake", "tagging", {}, "", 404, "NoSuchTagSet", "BucketName", "lake"},
      {"missing key", "GET", "/lake/nope.csv", "", {}, "", 404, "NoSuchKey", "Key", "nope.csv"},
      {"bad versioning status",
       "PUT",
       "/lake",
       "versioning",
       {{"content-md5", sandbox::S3ContentMd5("<VersioningConfiguration><Status>On</Status>"
                                              "</VersioningConfiguration>")}},
       "<VersioningConfiguration><Status>On</Status></VersioningConfiguration>",
       400,
       "MalformedXML",
       "",
       ""},
      {"max-keys not a number",
       "GET",
       "/lake",
       "list-type=2&max-keys=abc",
       {},
       "",
       400,
       "InvalidArgument",
       "ArgumentName",
       "max-keys"},
      {"bad continuation token",
       "GET",
       "/lake",
       "list-type=2&continuation-token=zzz",
       {},
       "",
       400,
       "InvalidArgument",
       "",
       ""},
      {"bad encoding type",
       "GET",
       "/lake",
       "list-type=2&encoding-type=base64",
       {},
       "",
       400,
       "InvalidArgument",
       "",
       ""},
      {"unemulated sub-resource", "GET", "/lake", "acl", {}, "", 501, "NotImplemented", "", ""},
      {"POST without an operation", "POST", "/lake", "", {}, "", 405, "MethodNotAllowed", "", ""},
      {"unsatisfiable range",
       "GET",
       "/lake/a.csv",
       "",
       {{"range", "bytes=10-20"}},
       "",
       416,
       "InvalidRange",
       "",
       ""},
  };
  for (const auto& c : cases) {
    auto r = Send(c.method, c.path, c.query, c.headers, c.body);
    EXPECT_EQ(r.status, c.status) << c.reason << ": " << r.body;
    EXPECT_EQ(XmlText(r.body, "Code"), c.code) << c.reason << ": " << r.body;
    EXPECT_FALSE(XmlText(r.body, "Message").empty()) << c.reason;
    EXPECT_EQ(XmlText(r.body, "RequestId"), r.headers["x-amz-request-id"]) << c.reason;
    EXPECT_EQ(r.headers["content-type"], "application/xml") << c.reason;
    if (!c.element.empty()) {
      EXPECT_EQ(XmlText(r.body, c.element), c.element_value) << c.reason << ": " << r.body;
    }
  }
  auto nsb = Send("GET", "/ghost", "list-type=2");
  EXPECT_EQ(XmlText(nsb.body, "Message"), "The specified bucket does not exist");
}

TEST_F(S3ServiceTest, ObjectsRoundTrip) {
  Must(Send("PUT", "/lake"));
  const std::string body = std::string("a\0b,c\n", 6);
  Must(Send("PUT", "/lake/dir/file%20one.csv", "",
            {{"content-type", "text/csv"}, {"x-amz-meta-origin", "test"}}, body));
  auto get = Send("GET", "/lake/dir/file%20one.csv");
  Must(get);
  EXPECT_EQ(get.body, body);
  EXPECT_EQ(get.headers["etag"], sandbox::S3ETag(body));
  EXPECT_EQ(get.headers["content-type"], "text/csv");
  EXPECT_EQ(get.headers["x-amz-meta-origin"], "test");
  EXPECT_FALSE(get.headers["last-modified"].empty());
  auto head = Send("HEAD", "/lake/dir/file%20one.csv");
  Must(head);
  EXPECT_EQ(head.body, "");
  EXPECT_EQ(head.headers["content-length"], "6");
  auto range = Send("GET", "/lake/dir/file%20one.csv", "", {{"range", "bytes=2-3"}});
  Must(range, 206);
  EXPECT_EQ(range.body, "b,");
  EXPECT_EQ(range.headers["content-range"], "bytes 2-3/6");
  auto suffix = Send("GET", "/lake/dir/file%20one.csv", "", {{"range", "bytes=-2"}});
  EXPECT_EQ(suffix.body, "c\n");

  auto copy =
      Send("PUT", "/lake/copy.csv", "", {{"x-amz-copy-source", "/lake/dir/file%20one.csv"}});
  Must(copy);
  EXPECT_EQ(XmlText(copy.body, "ETag"), sandbox::S3ETag(body));
  EXPECT_EQ(Send("GET", "/lake/copy.csv").body, body);
  auto self = Send("PUT", "/lake/copy.csv", "", {{"x-amz-copy-source", "lake/copy.csv"}});
  EXPECT_EQ(XmlText(self.body, "Code"), "InvalidRequest");

  Must(Send("DELETE", "/lake/copy.csv"), 204);
  Must(Send("DELETE", "/lake/copy.csv"), 204);  // missing keys delete fine
  EXPECT_EQ(Send("GET", "/lake/copy.csv").status, 404);
  auto missing_head = Send("HEAD", "/lake/copy.csv");
  EXPECT_EQ(missing_head.status, 404);
  EXPECT_EQ(missing_head.body, "");
}

TEST_F(S3ServiceTest, DeleteObjectsBatch) {
  Must(Send("PUT", "/lake"));
  for (const char* k : {"a", "b", "c"}) Put("lake", k);
  const std::string del =
      "<Delete><Object><Key>a</Key></Object><Object><Key>b</Key></Object>"
      "<Object><Key>zz</Key></Object></Delete>";
  auto r = SendMd5("POST", "/lake", "delete", del);
  Must(r);
  EXPECT_EQ(XmlTexts(r.body, "Key"), (std::vector<std::string>{"a", "b", "zz"}));
  auto quiet = SendMd5("POST", "/lake", "delete",
                       "<Delete><Quiet>true</Quiet><Object><Key>c</Key></Object></Delete>");
  Must(quiet);
  EXPECT_TRUE(XmlTexts(quiet.body, "Deleted").empty());
  EXPECT_EQ(XmlText(Send("GET", "/lake", "list-type=2").body, "KeyCount"), "0");
  auto unsigned_body = Send("POST", "/lake", "delete", {}, del);
  EXPECT_EQ(XmlText(unsigned_body.body, "Code"), "InvalidRequest");
  Must(Send("DELETE", "/lake"), 204);
}

TEST_F(S3ServiceTest, ListObjectsV2PrefixDelimiterAndPagination) {
  Must(Send("PUT", "/lake"));
  for (const char* k : {"events/_SUCCESS", "events/dt=1/a", "events/dt=1/b", "events/dt=2/a",
                        "events/dt=3/a", "events/z.csv", "other/x"}) {
    Put("lake", k);
  }
  struct Case {
    std::string reason;
    std::string query;              // without continuation-token
    std::vector<std::string> want;  // keys, then "P:" common prefixes, in S3 order
    int pages;
  };
  const std::vector<Case> cases = {
      {"prefix and delimiter in one page",
       "list-type=2&prefix=events/&delimiter=/",
       {"events/_SUCCESS", "P:events/dt=1/", "P:events/dt=2/", "P:events/dt=3/", "events/z.csv"},
       1},
      {"two per page, prefixes count toward max-keys",
       "list-type=2&prefix=events/&delimiter=/&max-keys=2",
       {"events/_SUCCESS", "P:events/dt=1/", "P:events/dt=2/", "P:events/dt=3/", "events/z.csv"},
       3},
      {"one per page without a delimiter",
       "list-type=2&prefix=events/dt=1/&max-keys=1",
       {"events/dt=1/a", "events/dt=1/b"},
       2},
      {"start-after skips earlier keys",
       "list-type=2&start-after=events/dt=3/a",
       {"events/z.csv", "other/x"},
       1},
      {"top level", "list-type=2&delimiter=/", {"P:events/", "P:other/"}, 1},
  };
  for (const auto& c : cases) {
    std::vector<std::string> got;
    std::string token;
    int pages = 0;
    while (pages < 20) {
      std::string q = c.query;
      if (!token.empty()) q += "&continuation-token=" + sandbox::UrlEncode(token);
      auto r = Send("GET", "/lake", q);
      ASSERT_EQ(r.status, 200) << c.reason << ": " << r.body;
      ++pages;
      // Keys and prefixes in document order.
      pugi::xml_document doc;
      ASSERT_TRUE(doc.load_string(r.body.c_str()));
      pugi::xml_node result = doc.child("ListBucketResult");
      int count = 0;
      for (pugi::xml_node n : result.children()) {
        std::string name = n.name();
        if (name == "Contents") got.push_back(n.child("Key").text().get()), ++count;
        if (name == "CommonPrefixes")
          got.push_back(std::string("P:") + n.child("Prefix").text().get()), ++count;
      }
      EXPECT_EQ(result.child("KeyCount").text().as_int(), count) << c.reason;
      bool truncated = std::string(result.child("IsTruncated").text().get()) == "true";
      token = result.child("NextContinuationToken").text().get();
      EXPECT_EQ(truncated, !token.empty()) << c.reason;
      if (!truncated) break;
    }
    // Each page lists its keys, then its prefixes; pages follow each other in lexicographic
    // order, so the whole walk sorted by name must equal the expected entries.
    auto by_name = [](const std::string& a, const std::string& b) {
      auto strip = [](const std::string& s) { return s.rfind("P:", 0) == 0 ? s.substr(2) : s; };
      return strip(a) < strip(b);
    };
    std::stable_sort(got.begin(), got.end(), by_name);
    EXPECT_EQ(got, c.want) << c.reason;
    EXPECT_EQ(pages, c.pages) << c.reason;
  }
}

TEST_F(S3ServiceTest, ListObjectsUrlEncodingAndV1Markers) {
  Must(Send("PUT", "/lake"));
  for (const char* k : {"a b/1", "a b/2", "c", "d"}) Put("lake", k);
  auto url = Send("GET", "/lake", "list-type=2&delimiter=/&encoding-type=url");
  EXPECT_EQ(XmlText(url.body, "EncodingType"), "url");
  EXPECT_EQ(XmlText(url.body, "Prefix"), "");
  EXPECT_EQ(XmlTexts(url.body, "Prefix"), (std::vector<std::string>{"", "a%20b/"}));

  auto p1 = Send("GET", "/lake", "delimiter=/&max-keys=2");
  EXPECT_EQ(XmlText(p1.body, "IsTruncated"), "true");
  EXPECT_EQ(XmlText(p1.body, "NextMarker"), "c");
  auto p2 = Send("GET", "/lake", "delimiter=/&max-keys=2&marker=c");
  EXPECT_EQ(XmlTexts(p2.body, "Key"), std::vector<std::string>{"d"});
  EXPECT_EQ(XmlText(p2.body, "IsTruncated"), "false");
  auto inside = Send("GET", "/lake", "delimiter=/&marker=a%20b/");
  EXPECT_EQ(XmlTexts(inside.body, "Key"), (std::vector<std::string>{"c", "d"}))
      << "a common prefix already returned is not repeated";
}

TEST_F(S3ServiceTest, PolicyVersioningTaggingRoundTrip) {
  Must(Send("PUT", "/lake"));
  Must(SendMd5("PUT", "/lake", "policy", kPolicy), 204);
  auto policy = Send("GET", "/lake", "policy");
  Must(policy);
  EXPECT_EQ(policy.body, kPolicy);
  Must(Send("DELETE", "/lake", "policy"), 204);
  EXPECT_EQ(Send("GET", "/lake", "policy").status, 404);
  auto foreign = SendMd5(
      "PUT", "/lake", "policy",
      R"({"Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:*","Resource":"arn:aws:s3:::other"}]})");
  EXPECT_EQ(XmlText(foreign.body, "Message"), "Policy has invalid resource");

  EXPECT_EQ(XmlText(Send("GET", "/lake", "versioning").body, "Status"), "");
  Must(SendMd5("PUT", "/lake", "versioning",
               "<VersioningConfiguration><Status>Enabled</Status></VersioningConfiguration>"));
  EXPECT_EQ(XmlText(Send("GET", "/lake", "versioning").body, "Status"), "Enabled");

  const std::string tags =
      "<Tagging><TagSet><Tag><Key>team</Key><Value>data</Value></Tag>"
      "<Tag><Key>env</Key><Value>dev</Value></Tag></TagSet></Tagging>";
  Must(SendMd5("PUT", "/lake", "tagging", tags), 204);
  auto got = Send("GET", "/lake", "tagging");
  EXPECT_EQ(XmlTexts(got.body, "Key"), (std::vector<std::string>{"team", "env"}));
  auto dup = SendMd5("PUT", "/lake", "tagging",
                     "<Tagging><TagSet><Tag><Key>a</Key><Value>1</Value></Tag><Tag><Key>a</Key>"
                     "<Value>2</Value></Tag></TagSet></Tagging>");
  EXPECT_EQ(XmlText(dup.body, "Code"), "InvalidTag");
  Must(SendMd5("PUT", "/lake", "tagging", "<Tagging><TagSet></TagSet></Tagging>"), 204);
  EXPECT_EQ(XmlText(Send("GET", "/lake", "tagging").body, "Code"), "NoSuchTagSet");
  Must(SendMd5("PUT", "/lake", "tagging", tags), 204);
  Must(Send("DELETE", "/lake", "tagging"), 204);
  EXPECT_EQ(Send("GET", "/lake", "tagging").status, 404);
}

TEST_F(S3ServiceTest, StatePersistsAcrossRestart) {
  Must(Send("PUT", "/lake"));
  const std::string binary("\x00\xff\x10 bytes", 9);
  Put("lake", "bin/data", binary);
  Must(SendMd5("PUT", "/lake", "policy", kPolicy), 204);
  Must(SendMd5("PUT", "/lake", "tagging",
               "<Tagging><TagSet><Tag><Key>k</Key><Value>v</Value></Tag></TagSet></Tagging>"),
       204);
  Value before = client_->Raw("GET", "/_sandbox/dump?service=s3").Json();
  ASSERT_TRUE(before["s3"]["buckets"].contains("lake")) << before.dump();
  Status restarted = fixture_.Restart();
  ASSERT_TRUE(restarted.ok()) << restarted.message();
  client_ = fixture_.Client();
  EXPECT_EQ(client_->Raw("GET", "/_sandbox/dump?service=s3").Json(), before);
  EXPECT_EQ(Send("GET", "/lake/bin/data").body, binary);
  EXPECT_EQ(Send("GET", "/lake", "policy").body, kPolicy);
}

TEST_F(S3ServiceTest, ObjectStoreViewForOtherEmulators) {
  Must(Send("PUT", "/lake"));
  for (const char* k : {"t/dt=1/a.parquet", "t/dt=2/b.parquet", "u/c"}) Put("lake", k, "data");
  auto* store = dynamic_cast<sandbox::ObjectStore*>(fixture_.server()->FindService("s3"));
  ASSERT_NE(store, nullptr);
  EXPECT_TRUE(store->BucketExists("lake"));
  EXPECT_FALSE(store->BucketExists("ghost"));
  auto objects = store->ListObjects("lake", "t/");
  ASSERT_EQ(objects.size(), 2u);
  EXPECT_EQ(objects[0].key, "t/dt=1/a.parquet");
  EXPECT_EQ(objects[0].size, 4);
  EXPECT_EQ(objects[0].etag, sandbox::S3ETag("data"));
  EXPECT_FALSE(objects[0].last_modified.empty());
  EXPECT_EQ(store->ReadObject("lake", "u/c"), std::optional<std::string>("data"));
  EXPECT_EQ(store->ReadObject("lake", "u/missing"), std::nullopt);
  EXPECT_TRUE(store->ListObjects("ghost", "").empty());
}

TEST_F(S3ServiceTest, CountsOperationsByBotocoreName) {
  Must(Send("PUT", "/lake"));
  Send("GET", "/lake", "list-type=2");
  Send("GET", "/lake", "tagging");
  Send("HEAD", "/lake");
  Value counts = client_->Raw("GET", "/_sandbox/counts").Json()["by_operation"];
  for (const char* op :
       {"s3:CreateBucket", "s3:ListObjectsV2", "s3:GetBucketTagging", "s3:HeadBucket"}) {
    EXPECT_EQ(counts.value(op, 0), 1) << op << " in " << counts.dump();
  }
}

struct NameCase {
  std::string reason;
  std::string method, path, query;
  Headers headers;
  std::string want;
};

TEST(S3OperationNameTest, MapsRequestsToBotocoreOperations) {
  const std::vector<NameCase> cases = {
      {"service root", "GET", "/", "", {}, "ListBuckets"},
      {"create", "PUT", "/b", "", {}, "CreateBucket"},
      {"head bucket", "HEAD", "/b", "", {}, "HeadBucket"},
      {"delete bucket", "DELETE", "/b", "", {}, "DeleteBucket"},
      {"location", "GET", "/b", "location", {}, "GetBucketLocation"},
      {"list v2", "GET", "/b", "list-type=2&prefix=x", {}, "ListObjectsV2"},
      {"list v1", "GET", "/b", "prefix=x", {}, "ListObjects"},
      {"trailing slash is the bucket", "GET", "/b/", "list-type=2", {}, "ListObjectsV2"},
      {"policy", "PUT", "/b", "policy", {}, "PutBucketPolicy"},
      {"get policy", "GET", "/b", "policy", {}, "GetBucketPolicy"},
      {"delete policy", "DELETE", "/b", "policy", {}, "DeleteBucketPolicy"},
      {"versioning", "PUT", "/b", "versioning", {}, "PutBucketVersioning"},
      {"tagging", "DELETE", "/b", "tagging", {}, "DeleteBucketTagging"},
      {"batch delete", "POST", "/b", "delete", {}, "DeleteObjects"},
      {"acl", "GET", "/b", "acl", {}, "GetBucketAcl"},
      {"put object", "PUT", "/b/k/x.csv", "", {}, "PutObject"},
      {"copy", "PUT", "/b/k", "", {{"x-amz-copy-source", "/b/j"}}, "CopyObject"},
      {"get object", "GET", "/b/k", "", {}, "GetObject"},
      {"head object", "HEAD", "/b/k", "", {}, "HeadObject"},
      {"delete object", "DELETE", "/b/k", "", {}, "DeleteObject"},
      {"multipart", "POST", "/b/k", "uploads", {}, "CreateMultipartUpload"},
      {"virtual host bucket",
       "GET",
       "/",
       "list-type=2",
       {{"host", "b.localhost:4566"}},
       "ListObjectsV2"},
      {"virtual host object",
       "GET",
       "/k",
       "",
       {{"host", "b.s3.us-east-1.amazonaws.com"}},
       "GetObject"},
      {"nothing", "POST", "/", "", {}, ""},
  };
  sandbox::S3Service s3;
  for (const auto& c : cases) {
    sandbox::SandboxRequest r;
    r.method = c.method;
    r.path = c.path;
    r.raw_query = c.query;
    r.query = sandbox::ParseQueryString(c.query);
    for (const auto& [k, v] : c.headers) r.headers[k] = v;
    EXPECT_EQ(s3.OperationName(r), c.want) << c.reason;
  }
}

}  // namespace
}  // namespace causeway::testing
