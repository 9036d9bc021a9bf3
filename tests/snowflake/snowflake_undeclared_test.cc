// SnowflakeProvider::undeclared over the sandbox: privileges granted out of band on managed
// securables (less what managed snowflake.grant resources account for, on the object or on
// ALL / FUTURE objects of its container; never OWNERSHIP), grants of managed roles no
// snowflake.role_grant declares, and tables in managed schemas no manifest declares. Nothing
// outside managed objects is reported; each finding is removed by the ordinary remove() of its
// kind; and the grants of twenty schemas are read in one request.
#include <gtest/gtest.h>

#include <atomic>

#include "tests/snowflake/snowflake_sandbox_provider.h"
#include "tests/support/undeclared_lines.h"

namespace causeway::testing {
namespace {

// Counts the SQL API requests whose body holds `needle` on their way to the sandbox.
class CountingHttp : public HttpClient {
 public:
  explicit CountingHttp(std::string needle) : needle_(std::move(needle)) {}
  Result<HttpResponse> Send(const HttpRequest& request) override {
    ++all_;
    if (request.body.find(needle_) != std::string::npos) ++matching_;
    return inner_->Send(request);
  }
  int all() const { return all_; }
  int matching() const { return matching_; }

 private:
  std::unique_ptr<HttpClient> inner_ = NewCurlHttpClient();
  std::string needle_;
  std::atomic<int> all_{0}, matching_{0};
};

class SnowflakeUndeclaredTest : public SnowflakeSandboxTest {
 protected:
  // Creates through the provider; managed ones are remembered as the planner passes them.
  void Make(const std::string& address, const Value& attrs, bool managed = true) {
    Address a = *Address::Parse(address);
    auto r = provider_->create(CreateRequest{a, attrs});
    ASSERT_TRUE(r.ok()) << address << ": " << r.status().ToString();
    if (managed) managed_.push_back(ObserveItem{a, r->id, r->attributes});
  }
  // Declares without creating (a grant the plan has yet to make).
  void Declare(const std::string& address, const Value& attrs) {
    managed_.push_back(ObserveItem{*Address::Parse(address), "", attrs});
  }
  Result<std::vector<Undeclared>> Find(snowflake::SnowflakeProvider& p) {
    return p.undeclared(managed_);
  }
  std::vector<std::string> Found() { return FindingLines(*provider_, managed_); }

  // A provider whose requests go through `http`.
  std::unique_ptr<snowflake::SnowflakeProvider> Counted(HttpClient* http) {
    snowflake::SnowflakeProviderOptions options;
    options.clock = &clock_;
    options.http = http;
    options.env = [](const std::string&) -> std::optional<std::string> { return std::nullopt; };
    auto p = std::make_unique<snowflake::SnowflakeProvider>(options);
    Value config = {{"endpoint", sandbox_.endpoint()}};
    for (const char* key : {"account", "user", "role", "warehouse", "private_key_file"}) {
      config[key] = credentials_[key];
    }
    Status s = p->configure(config);
    EXPECT_TRUE(s.ok()) << s.ToString();
    return s.ok() ? std::move(p) : nullptr;
  }

  std::vector<ObserveItem> managed_;
};

TEST_F(SnowflakeUndeclaredTest, FindsGrantsAndTablesNoManagedResourceDeclares) {
  Make("snowflake.database.raw", {{"name", "RAW"}});
  Make("snowflake.schema.s", {{"database", "RAW"}, {"name", "S"}});
  Make("snowflake.role.analyst", {{"name", "ANALYST"}});
  Make("snowflake.role.parent", {{"name", "PARENT"}});
  Make("snowflake.role.loader", {{"name", "LOADER"}}, false);
  Make("snowflake.role.reader", {{"name", "\"reader\""}}, false);  // a quoted, lower-case name
  // Future grants cover the tables created after them.
  Make("snowflake.grant.future", {{"role", "\"reader\""},
                                  {"on", "TABLE"},
                                  {"scope", "future"},
                                  {"database", "RAW"},
                                  {"schema", "S"},
                                  {"privileges", {"SELECT"}}});
  Make("snowflake.table.events", {{"database", "RAW"},
                                  {"schema", "S"},
                                  {"name", "EVENTS"},
                                  {"columns", {{{"name", "ID"}, {"type", "NUMBER(38,0)"}}}}});
  Make("snowflake.grant.read", {{"role", "ANALYST"},
                                {"on", "TABLE"},
                                {"database", "RAW"},
                                {"schema", "S"},
                                {"name", "EVENTS"},
                                {"privileges", {"SELECT"}}});
  Make("snowflake.role_grant.up", {{"role", "ANALYST"}, {"to_role", "PARENT"}});
  Declare("snowflake.grant.usage",  // declared, not applied yet: USAGE is not undeclared
          {{"role", "ANALYST"},
           {"on", "SCHEMA"},
           {"database", "RAW"},
           {"name", "S"},
           {"privileges", {"USAGE"}}});
  // Out of band, as a worksheet would.
  Sql("GRANT SELECT, INSERT ON TABLE \"RAW\".\"S\".\"EVENTS\" TO ROLE \"ANALYST\"");
  Sql("GRANT USAGE, MONITOR ON SCHEMA \"RAW\".\"S\" TO ROLE \"ANALYST\"");
  Sql("GRANT ALL PRIVILEGES ON DATABASE \"RAW\" TO ROLE \"LOADER\" WITH GRANT OPTION");
  Sql("GRANT ROLE \"ANALYST\" TO USER \"SANDBOX_ADMIN\"");
  Sql("CREATE TABLE \"RAW\".\"S\".\"SECRET\" (\"V\" VARCHAR)");
  // Outside anything managed: not reported.
  Sql("CREATE DATABASE \"OTHER\"");
  Sql("CREATE SCHEMA \"OTHER\".\"T\"");
  Sql("CREATE TABLE \"OTHER\".\"T\".\"LOOSE\" (\"V\" VARCHAR)");
  Sql("GRANT USAGE ON DATABASE \"OTHER\" TO ROLE \"LOADER\"");
  Sql("GRANT ROLE \"LOADER\" TO USER \"SANDBOX_ADMIN\"");

  EXPECT_EQ(Found(), (std::vector<std::string>{
                         "snowflake.database.raw | snowflake.grant.LOADER_on_RAW | role LOADER "
                         "holds CREATE DATABASE ROLE, CREATE SCHEMA, MODIFY, MONITOR, USAGE on "
                         "database RAW with grant option | privilege",
                         "snowflake.role.analyst | snowflake.role_grant.ANALYST_to_SANDBOX_ADMIN | "
                         "role ANALYST is granted to user SANDBOX_ADMIN | privilege",
                         "snowflake.schema.s | snowflake.grant.ANALYST_on_RAW_S | role ANALYST "
                         "holds MONITOR on schema RAW.S | privilege",
                         "snowflake.schema.s | snowflake.table.RAW_S_SECRET | table RAW.S.SECRET | "
                         "object",
                         "snowflake.table.events | snowflake.grant.ANALYST_on_RAW_S_EVENTS | role "
                         "ANALYST holds INSERT on table RAW.S.EVENTS | privilege",
                     }));

  // Each finding is what a manifest would declare, and remove() takes it away.
  auto found = Find(*provider_);
  ASSERT_TRUE(found.ok()) << found.status().ToString();
  for (const auto& u : *found) {
    if (u.address.str() == "snowflake.grant.ANALYST_on_RAW_S_EVENTS") {
      EXPECT_EQ(u.attributes, Value::parse(R"({"role": "ANALYST", "on": "TABLE",
          "database": "RAW", "schema": "S", "name": "EVENTS", "privileges": ["INSERT"],
          "with_grant_option": false})"));
      EXPECT_EQ(u.id, "ANALYST ON TABLE RAW.S.EVENTS");
    }
    if (u.address.kind == "snowflake.table") {
      EXPECT_EQ(u.attributes["columns"][0]["name"], "V") << u.attributes.dump();
    }
    Status s = provider_->remove(DeleteRequest{u.address, u.id, u.attributes});
    EXPECT_TRUE(s.ok()) << u.address.str() << ": " << s.ToString();
  }
  EXPECT_EQ(Found(), std::vector<std::string>{});
  // What was declared stayed.
  auto events = Sql("SHOW GRANTS ON TABLE \"RAW\".\"S\".\"EVENTS\"");
  std::set<std::string> held;
  for (size_t r = 0; r < events.size(); ++r) {
    held.insert(events.Text(r, "grantee_name") + " " + events.Text(r, "privilege"));
  }
  EXPECT_EQ(held, (std::set<std::string>{"ACCOUNTADMIN OWNERSHIP", "ANALYST SELECT",
                                         "\"reader\" SELECT"}));
  EXPECT_EQ(Names("TABLES IN SCHEMA \"RAW\".\"S\""), (std::set<std::string>{"EVENTS"}));
  EXPECT_EQ(Names("TABLES IN SCHEMA \"OTHER\".\"T\""), (std::set<std::string>{"LOOSE"}));
}

TEST_F(SnowflakeUndeclaredTest, AuthoritativeAndAllGrantsAccountForWhatTheyCover) {
  Make("snowflake.database.raw", {{"name", "RAW"}});
  Make("snowflake.schema.a", {{"database", "RAW"}, {"name", "A"}});
  Make("snowflake.schema.b", {{"database", "RAW"}, {"name", "B"}});
  Make("snowflake.role.r", {{"name", "R"}}, false);
  Make("snowflake.grant.all",  // ON ALL SCHEMAS IN DATABASE: USAGE on each
       {{"role", "R"},
        {"on", "SCHEMA"},
        {"scope", "all"},
        {"database", "RAW"},
        {"privileges", {"USAGE"}}});
  Make("snowflake.grant.db",  // authoritative: whatever else R holds on RAW is its own drift
       {{"role", "R"},
        {"on", "DATABASE"},
        {"name", "RAW"},
        {"privileges", {"USAGE"}},
        {"mode", "authoritative"}});
  Sql("GRANT MONITOR ON DATABASE \"RAW\" TO ROLE \"R\"");
  Sql("GRANT MONITOR ON SCHEMA \"RAW\".\"B\" TO ROLE \"R\"");
  EXPECT_EQ(Found(),
            (std::vector<std::string>{"snowflake.schema.b | snowflake.grant.R_on_RAW_B | "
                                      "role R holds MONITOR on schema RAW.B | privilege"}));
}

TEST_F(SnowflakeUndeclaredTest, GrantsOfTwentySchemasTakeOneRequest) {
  Make("snowflake.database.raw", {{"name", "RAW"}});
  Make("snowflake.role.r", {{"name", "R"}}, false);
  for (int i = 0; i < 20; ++i) {
    const std::string name = "S" + std::to_string(i);
    Make("snowflake.schema." + name, {{"database", "RAW"}, {"name", name}});
    Sql("GRANT USAGE ON SCHEMA \"RAW\".\"" + name + "\" TO ROLE \"R\"");
  }
  CountingHttp grants("SHOW GRANTS");
  auto counted = Counted(&grants);
  ASSERT_NE(counted, nullptr);
  const int before = grants.all();
  auto found = Find(*counted);
  ASSERT_TRUE(found.ok()) << found.status().ToString();
  EXPECT_EQ(found->size(), 20u);
  // 21 securables: one pipe chain. Each schema's tables: SHOW TABLES and SHOW COLUMNS.
  EXPECT_EQ(grants.matching(), 1);
  EXPECT_EQ(grants.all() - before, 1 + 2 * 20);
  std::cout << "[ measured ] undeclared for 1 database + 20 schemas: " << grants.matching()
            << " SHOW GRANTS request(s), " << grants.all() - before << " requests in all\n";
}

TEST_F(SnowflakeUndeclaredTest, TablesTheRefreshListedAreNotListedAgain) {
  Make("snowflake.database.raw", {{"name", "RAW"}});
  Make("snowflake.schema.s", {{"database", "RAW"}, {"name", "S"}});
  Make("snowflake.schema.t", {{"database", "RAW"}, {"name", "T"}});
  Make("snowflake.table.events", {{"database", "RAW"},
                                  {"schema", "S"},
                                  {"name", "EVENTS"},
                                  {"columns", {{{"name", "ID"}, {"type", "NUMBER(38,0)"}}}}});
  Sql("CREATE TABLE \"RAW\".\"S\".\"LEAK\" (\"V\" VARCHAR)");
  Sql("CREATE TABLE \"RAW\".\"T\".\"LEAK\" (\"V\" VARCHAR)");
  CountingHttp tables("SHOW TABLES");
  auto counted = Counted(&tables);
  ASSERT_NE(counted, nullptr);
  // As a plan does: refresh (S's tables are read for EVENTS), then security drift.
  ASSERT_TRUE(counted->observe(managed_).ok());
  const int listed = tables.matching();
  EXPECT_EQ(listed, 1);
  auto found = Find(*counted);
  ASSERT_TRUE(found.ok()) << found.status().ToString();
  std::set<std::string> names;
  for (const auto& u : *found) names.insert(u.address.str());
  EXPECT_EQ(names,
            (std::set<std::string>{"snowflake.table.RAW_S_LEAK", "snowflake.table.RAW_T_LEAK"}));
  EXPECT_EQ(tables.matching() - listed, 1) << "only T, which the refresh did not read";
  // A listing serves one pass: the next reads the account again and sees what changed since.
  Sql("CREATE TABLE \"RAW\".\"S\".\"LATER\" (\"V\" VARCHAR)");
  found = Find(*counted);
  ASSERT_TRUE(found.ok()) << found.status().ToString();
  EXPECT_EQ(found->size(), 3u);
  EXPECT_EQ(tables.matching() - listed, 3);
}

TEST_F(SnowflakeUndeclaredTest, ObjectsDroppedSinceTheRefreshAreSkipped) {
  Make("snowflake.database.raw", {{"name", "RAW"}});
  Make("snowflake.schema.a", {{"database", "RAW"}, {"name", "A"}});
  Make("snowflake.schema.gone", {{"database", "RAW"}, {"name", "GONE"}});
  Make("snowflake.role.r", {{"name", "R"}}, false);
  Sql("GRANT MONITOR ON SCHEMA \"RAW\".\"A\" TO ROLE \"R\"");
  // Dropped after the plan's refresh saw it: its SHOW GRANTS fails the chain it is in, and the
  // chain's statements are read one by one instead.
  Sql("DROP SCHEMA \"RAW\".\"GONE\"");
  EXPECT_EQ(Found(),
            (std::vector<std::string>{"snowflake.schema.a | snowflake.grant.R_on_RAW_A | "
                                      "role R holds MONITOR on schema RAW.A | privilege"}));
}

}  // namespace
}  // namespace causeway::testing
