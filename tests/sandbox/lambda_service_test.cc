// The Lambda emulator over loopback HTTP (REST-JSON, SigV4): CreateFunction from a zip and from an
// S3 object, CodeSha256 exactly as Lambda computes it, Get/GetConfiguration/List (Marker
// pagination), UpdateFunctionConfiguration / UpdateFunctionCode, DeleteFunction, Lambda's error
// shapes (ValidationException for out-of-range memory and timeout, InvalidParameterValueException
// for a role Lambda cannot assume, ResourceNotFoundException, ResourceConflictException);
// resource policies (AddPermission, GetPolicy, RemovePermission, duplicate statement ids); the S3
// emulator refusing a Lambda notification until the function's policy lets S3 invoke it for that
// bucket; persistence across a restart.
#include <gtest/gtest.h>

#include "providers/aws/lambda_package.h"
#include "sandbox/core/base64.h"
#include "tests/support/sandbox_fixture.h"
#include "tests/support/temp_dir.h"

namespace causeway::testing {
namespace {

constexpr char kLambdaTrust[] =
    R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com"},"Action":"sts:AssumeRole"}]})";
constexpr char kRole[] = "arn:aws:iam::123456789012:role/fn";
constexpr char kFunctions[] = "/2015-03-31/functions";

class LambdaServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(fixture_.Start().ok());
    client_ = fixture_.Client();
    auto r = client_->Query("iam", "CreateRole",
                            {{"RoleName", "fn"}, {"AssumeRolePolicyDocument", kLambdaTrust}});
    ASSERT_EQ(r.status, 200) << r.body;
    zip_ = Package("def handler(event, context):\n    return 1\n");
  }
  std::string Package(const std::string& source) {
    TempDir dir;
    dir.Write("app.py", source);
    auto zip = aws::LambdaPackage(dir.path());
    EXPECT_TRUE(zip.ok()) << zip.status().ToString();
    return zip.ok() ? *zip : "";
  }
  SandboxReply Call(const std::string& method, const std::string& suffix, const Value& body = {},
                    const std::string& query = "") {
    return client_->Send("lambda", method, kFunctions + suffix, query,
                         {{"content-type", "application/json"}}, body.is_null() ? "" : body.dump());
  }
  Value CreateBody(const std::string& name) const {
    return {{"FunctionName", name},
            {"Runtime", "python3.12"},
            {"Role", kRole},
            {"Handler", "app.handler"},
            {"Code", {{"ZipFile", sandbox::Base64Encode(zip_)}}}};
  }
  static std::string ErrorType(const SandboxReply& r) {
    auto it = r.headers.find("x-amzn-errortype");
    return it == r.headers.end() ? "" : it->second.substr(0, it->second.find(':'));
  }

  SandboxFixture fixture_;
  std::unique_ptr<SandboxClient> client_;
  std::string zip_;
};

TEST_F(LambdaServiceTest, FunctionLifecycle) {
  auto created = Call("POST", "", CreateBody("ingest"));
  ASSERT_EQ(created.status, 201) << created.body;
  Value c = created.Json();
  EXPECT_EQ(c["CodeSha256"], aws::LambdaCodeSha256(zip_));
  EXPECT_EQ(c["CodeSize"], static_cast<int64_t>(zip_.size()));
  EXPECT_EQ(c["Version"], "$LATEST");
  EXPECT_EQ(c["State"], "Active");
  EXPECT_EQ(c["FunctionArn"], "arn:aws:lambda:us-east-1:123456789012:function:ingest");
  EXPECT_EQ(c["MemorySize"], 128);
  EXPECT_EQ(c["Timeout"], 3);
  EXPECT_FALSE(c.value("LastModified", "").empty());

  auto again = Call("POST", "", CreateBody("ingest"));
  EXPECT_EQ(again.status, 409);
  EXPECT_EQ(ErrorType(again), "ResourceConflictException");

  auto got = Call("GET", "/ingest");
  ASSERT_EQ(got.status, 200) << got.body;
  EXPECT_EQ(got.Json()["Configuration"]["CodeSha256"], c["CodeSha256"]);
  EXPECT_EQ(got.Json()["Code"]["RepositoryType"], "S3");
  // By ARN too, and with the $LATEST qualifier; another qualifier does not exist.
  EXPECT_EQ(Call("GET",
                 "/arn%3Aaws%3Alambda%3Aus-east-1%3A123456789012%3Afunction%3Aingest/"
                 "configuration")
                .status,
            200);
  EXPECT_EQ(Call("GET", "/ingest/configuration", {}, "Qualifier=%24LATEST").status, 200);
  EXPECT_EQ(Call("GET", "/ingest/configuration", {}, "Qualifier=7").status, 404);

  auto memory = Call("PUT", "/ingest/configuration",
                     {{"MemorySize", 512}, {"Environment", {{"Variables", {{"A", "1"}}}}}});
  ASSERT_EQ(memory.status, 200) << memory.body;
  EXPECT_EQ(memory.Json()["MemorySize"], 512);
  EXPECT_EQ(memory.Json()["Environment"]["Variables"]["A"], "1");
  EXPECT_EQ(memory.Json()["CodeSha256"], c["CodeSha256"]);

  std::string changed = Package("def handler(event, context):\n    return 2\n");
  auto code = Call("PUT", "/ingest/code", {{"ZipFile", sandbox::Base64Encode(changed)}});
  ASSERT_EQ(code.status, 200) << code.body;
  EXPECT_EQ(code.Json()["CodeSha256"], aws::LambdaCodeSha256(changed));
  EXPECT_NE(code.Json()["CodeSha256"], c["CodeSha256"]);
  EXPECT_EQ(code.Json()["MemorySize"], 512);

  auto deleted = Call("DELETE", "/ingest");
  EXPECT_EQ(deleted.status, 204) << deleted.body;
  auto missing = Call("GET", "/ingest");
  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(ErrorType(missing), "ResourceNotFoundException");
  EXPECT_NE(missing.Json().value("Message", "").find("Function not found"), std::string::npos);
  EXPECT_EQ(Call("DELETE", "/ingest").status, 404);
}

TEST_F(LambdaServiceTest, ListPaginatesWithMarker) {
  for (const char* name : {"c", "a", "b"})
    ASSERT_EQ(Call("POST", "", CreateBody(name)).status, 201);
  std::vector<std::string> names;
  std::string marker;
  int pages = 0;
  do {
    std::string query = "MaxItems=2" + (marker.empty() ? "" : "&Marker=" + marker);
    auto r = Call("GET", "/", {}, query);
    ASSERT_EQ(r.status, 200) << r.body;
    Value page = r.Json();
    EXPECT_LE(page["Functions"].size(), 2u);
    for (const auto& f : page["Functions"]) names.push_back(f["FunctionName"]);
    marker = page.value("NextMarker", "");
    ++pages;
  } while (!marker.empty() && pages < 5);
  EXPECT_EQ(names, (std::vector<std::string>{"a", "b", "c"}));
  EXPECT_EQ(pages, 2);
  auto bad = Call("GET", "/", {}, "MaxItems=0");
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(ErrorType(bad), "ValidationException");
}

TEST_F(LambdaServiceTest, ValidatesAsLambdaDoes) {
  struct Case {
    const char* what;
    Value change;
    const char* type;
    const char* message_part;
  };
  const std::vector<Case> cases = {
      {"memory below 128",
       {{"MemorySize", 64}},
       "ValidationException",
       "greater than or equal to 128"},
      {"memory above 10240",
       {{"MemorySize", 10241}},
       "ValidationException",
       "less than or equal to 10240"},
      {"timeout 0", {{"Timeout", 0}}, "ValidationException", "greater than or equal to 1"},
      {"timeout above 900", {{"Timeout", 901}}, "ValidationException", "less than or equal to 900"},
      {"unknown runtime", {{"Runtime", "python9"}}, "ValidationException", "enum value set"},
      {"role not an ARN", {{"Role", "fn"}}, "ValidationException", "regular expression"},
      {"bad name", {{"FunctionName", "has space"}}, "ValidationException", "functionName"},
      {"role Lambda cannot assume",
       {{"Role", "arn:aws:iam::123456789012:role/ghost"}},
       "InvalidParameterValueException",
       "cannot be assumed by Lambda"},
      {"not a zip",
       {{"Code", {{"ZipFile", sandbox::Base64Encode("plain text")}}}},
       "InvalidParameterValueException",
       "Could not unzip"},
      {"no code source",
       {{"Code", Value::object()}},
       "InvalidParameterValueException",
       "provide a source"},
      {"missing S3 object",
       {{"Code", {{"S3Bucket", "code"}, {"S3Key", "ghost.zip"}}}},
       "InvalidParameterValueException",
       "GetObject"},
  };
  for (const auto& c : cases) {
    Value body = CreateBody("f");
    body.update(c.change);
    auto r = Call("POST", "", body);
    EXPECT_EQ(r.status, 400) << c.what << ": " << r.body;
    EXPECT_EQ(ErrorType(r), c.type) << c.what;
    EXPECT_NE(r.Json().value("message", "").find(c.message_part), std::string::npos)
        << c.what << ": " << r.body;
  }
  EXPECT_EQ(Call("GET", "/f").status, 404) << "nothing was created";
  ASSERT_EQ(Call("POST", "", CreateBody("f")).status, 201);
  auto update = Call("PUT", "/f/configuration", {{"Timeout", 901}});
  EXPECT_EQ(update.status, 400);
  EXPECT_EQ(ErrorType(update), "ValidationException");
  EXPECT_EQ(Call("PUT", "/ghost/configuration", {{"Timeout", 5}}).status, 404);
}

TEST_F(LambdaServiceTest, CodeFromS3Object) {
  ASSERT_EQ(client_->Send("s3", "PUT", "/code", "", {}, "").status, 200);
  ASSERT_EQ(client_->Send("s3", "PUT", "/code/fn.zip", "", {}, zip_).status, 200);
  Value body = CreateBody("from-s3");
  body["Code"] = {{"S3Bucket", "code"}, {"S3Key", "fn.zip"}};
  auto r = Call("POST", "", body);
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(r.Json()["CodeSha256"], aws::LambdaCodeSha256(zip_));
}

TEST_F(LambdaServiceTest, ResourcePolicy) {
  ASSERT_EQ(Call("POST", "", CreateBody("ingest")).status, 201);
  auto none = Call("GET", "/ingest/policy");
  EXPECT_EQ(none.status, 404);
  EXPECT_EQ(ErrorType(none), "ResourceNotFoundException");
  Value add = {{"StatementId", "s3-invoke"},
               {"Action", "lambda:InvokeFunction"},
               {"Principal", "s3.amazonaws.com"},
               {"SourceArn", "arn:aws:s3:::landing"},
               {"SourceAccount", "123456789012"}};
  auto added = Call("POST", "/ingest/policy", add);
  ASSERT_EQ(added.status, 201) << added.body;
  Value statement = Value::parse(added.Json()["Statement"].get<std::string>());
  EXPECT_EQ(statement["Principal"]["Service"], "s3.amazonaws.com");
  EXPECT_EQ(statement["Condition"]["ArnLike"]["AWS:SourceArn"], "arn:aws:s3:::landing");
  auto dup = Call("POST", "/ingest/policy", add);
  EXPECT_EQ(dup.status, 409);
  EXPECT_EQ(ErrorType(dup), "ResourceConflictException");
  Value other = {
      {"StatementId", "acct"}, {"Action", "lambda:GetFunction"}, {"Principal", "999999999999"}};
  ASSERT_EQ(Call("POST", "/ingest/policy", other).status, 201);
  auto policy = Call("GET", "/ingest/policy");
  ASSERT_EQ(policy.status, 200) << policy.body;
  Value doc = Value::parse(policy.Json()["Policy"].get<std::string>());
  ASSERT_EQ(doc["Statement"].size(), 2u);
  EXPECT_EQ(doc["Statement"][1]["Principal"]["AWS"], "arn:aws:iam::999999999999:root");
  EXPECT_FALSE(policy.Json().value("RevisionId", "").empty());
  EXPECT_EQ(Call("POST", "/ingest/policy",
                 {{"StatementId", "x"}, {"Action", "invoke"}, {"Principal", "*"}})
                .status,
            400);
  EXPECT_EQ(Call("POST", "/ghost/policy", add).status, 404);
  EXPECT_EQ(Call("DELETE", "/ingest/policy/acct").status, 204);
  auto gone = Call("DELETE", "/ingest/policy/acct");
  EXPECT_EQ(gone.status, 404);
  EXPECT_EQ(ErrorType(gone), "ResourceNotFoundException");
  EXPECT_EQ(Call("DELETE", "/ingest/policy/s3-invoke").status, 204);
  EXPECT_EQ(Call("GET", "/ingest/policy").status, 404) << "no statement left: no policy";
}

TEST_F(LambdaServiceTest, S3NotificationNeedsInvokePermission) {
  ASSERT_EQ(client_->Send("s3", "PUT", "/landing", "", {}, "").status, 200);
  ASSERT_EQ(Call("POST", "", CreateBody("ingest")).status, 201);
  const std::string doc =
      "<NotificationConfiguration><CloudFunctionConfiguration><CloudFunction>"
      "arn:aws:lambda:us-east-1:123456789012:function:ingest</CloudFunction>"
      "<Event>s3:ObjectCreated:*</Event></CloudFunctionConfiguration></NotificationConfiguration>";
  auto put = [&] { return client_->Send("s3", "PUT", "/landing", "notification", {}, doc); };
  auto refused = put();
  EXPECT_EQ(refused.status, 400) << refused.body;
  EXPECT_EQ(XmlText(refused.body, "Code"), "InvalidArgument");
  EXPECT_EQ(XmlText(refused.body, "Message"),
            "Unable to validate the following destination configurations");
  // A permission for another bucket does not count.
  Value add = {{"StatementId", "other"},
               {"Action", "lambda:InvokeFunction"},
               {"Principal", "s3.amazonaws.com"},
               {"SourceArn", "arn:aws:s3:::elsewhere"}};
  ASSERT_EQ(Call("POST", "/ingest/policy", add).status, 201);
  EXPECT_EQ(put().status, 400);
  add["StatementId"] = "landing";
  add["SourceArn"] = "arn:aws:s3:::landing";
  ASSERT_EQ(Call("POST", "/ingest/policy", add).status, 201);
  auto accepted = put();
  EXPECT_EQ(accepted.status, 200) << accepted.body;
  auto config = client_->Send("s3", "GET", "/landing", "notification", {}, "");
  EXPECT_EQ(XmlText(config.body, "CloudFunction"),
            "arn:aws:lambda:us-east-1:123456789012:function:ingest");
}

TEST_F(LambdaServiceTest, PersistsAcrossRestart) {
  ASSERT_EQ(Call("POST", "", CreateBody("ingest")).status, 201);
  ASSERT_EQ(Call("POST", "/ingest/policy",
                 {{"StatementId", "s"},
                  {"Action", "lambda:InvokeFunction"},
                  {"Principal", "s3.amazonaws.com"}})
                .status,
            201);
  ASSERT_TRUE(fixture_.Restart().ok());
  client_ = fixture_.Client();
  auto got = Call("GET", "/ingest/configuration");
  ASSERT_EQ(got.status, 200) << got.body;
  EXPECT_EQ(got.Json()["CodeSha256"], aws::LambdaCodeSha256(zip_));
  EXPECT_EQ(Call("GET", "/ingest/policy").status, 200);
}

}  // namespace
}  // namespace causeway::testing
