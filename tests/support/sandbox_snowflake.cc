// SnowflakeSqlClient: JWT-signed SQL API calls against the sandbox.
#include "tests/support/sandbox_snowflake.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "sandbox/core/ids.h"
#include "sandbox/snowflake/auth/keypair_jwt.h"

namespace causeway::testing {

SnowflakeSqlClient::SnowflakeSqlClient(const SandboxFixture& fixture)
    : http_(std::make_unique<SandboxClient>(fixture.endpoint(),
                                            SandboxFixture::DefaultCredentials())) {
  const Value clouds = http_->Raw("GET", "/_sandbox/clouds").Json();
  key_file_ = clouds["snowflake"]["credentials"].value("private_key_file", std::string());
  std::ifstream in(key_file_);
  std::stringstream text;
  text << in.rdbuf();
  admin_pem_ = text.str();
  EXPECT_FALSE(admin_pem_.empty()) << "no Snowflake admin key at '" << key_file_ << "'";
  token_ = MintJwt("SANDBOX_ADMIN", admin_pem_);
}

std::string SnowflakeSqlClient::MintJwt(const std::string& user, const std::string& private_pem,
                                        std::chrono::seconds age, int64_t lifetime) {
  const int64_t now = std::chrono::duration_cast<std::chrono::seconds>(
                          std::chrono::system_clock::now().time_since_epoch())
                          .count();
  auto jwt =
      sandbox::snowflake::MintKeypairJwt("SANDBOX", user, private_pem, now - age.count(), lifetime);
  EXPECT_TRUE(jwt.ok()) << jwt.status().ToString();
  return jwt.ok() ? *jwt : "";
}

SandboxReply SnowflakeSqlClient::Submit(const std::string& statement, const SnowflakeSubmit& o) {
  Value body = {{"statement", statement}, {"timeout", 60}};
  if (!o.role.empty()) body["role"] = o.role;
  if (!o.database.empty()) body["database"] = o.database;
  if (!o.schema.empty()) body["schema"] = o.schema;
  if (o.multi_statement_count != 1) {
    body["parameters"] = {{"MULTI_STATEMENT_COUNT", std::to_string(o.multi_statement_count)}};
  }
  std::string query = "?requestId=" + (o.request_id.empty() ? sandbox::NewUuid() : o.request_id);
  if (o.retry) query += "&retry=true";
  if (o.async) query += "&async=true";
  return http_->Raw("POST", "/api/v2/statements" + query, body.dump(),
                    {{"Authorization", "Bearer " + token_},
                     {"X-Snowflake-Authorization-Token-Type", "KEYPAIR_JWT"},
                     {"Content-Type", "application/json"},
                     {"Accept", "application/json"}});
}

SandboxReply SnowflakeSqlClient::Get(const std::string& handle, int partition) {
  std::string path = "/api/v2/statements/" + handle;
  if (partition >= 0) path += "?partition=" + std::to_string(partition);
  return http_->Raw("GET", path, "",
                    {{"Authorization", "Bearer " + token_},
                     {"X-Snowflake-Authorization-Token-Type", "KEYPAIR_JWT"},
                     {"Accept", "application/json"}});
}

Value SnowflakeSqlClient::Rows(const std::string& statement, const SnowflakeSubmit& options) {
  SandboxReply reply = Submit(statement, options);
  EXPECT_EQ(reply.status, 200) << statement << "\n" << reply.body;
  const Value json = reply.Json();
  return json.is_object() && json.contains("data") ? json["data"] : Value::array();
}

int ColumnIndex(const Value& reply, const std::string& name) {
  const Value& row_type = reply["resultSetMetaData"]["rowType"];
  for (size_t i = 0; i < row_type.size(); ++i) {
    if (row_type[i]["name"] == name) return static_cast<int>(i);
  }
  return -1;
}

std::vector<std::string> ColumnValues(const Value& reply, const std::string& name) {
  std::vector<std::string> out;
  const int k = ColumnIndex(reply, name);
  if (k < 0) return out;
  for (const auto& row : reply["data"]) {
    out.push_back(row[k].is_null() ? "<null>" : row[k].get<std::string>());
  }
  return out;
}

}  // namespace causeway::testing
