// A test fixture: the sandbox (every cloud) with Snowflake providers configured as the CLI
// configures them for `endpoint: sandbox`, and helpers to create, update, delete and observe
// resources and to check that a re-plan would be a no-op in bulk and per-resource refresh.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <set>
#include <string>
#include <vector>

#include "providers/snowflake/snowflake_provider.h"
#include "tests/support/fake_clock.h"
#include "tests/support/sandbox_fixture.h"

namespace causeway::testing {

class SnowflakeSandboxTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(sandbox_.Start().ok());
    aws_ = sandbox_.Client();
    Value clouds = Value::parse(aws_->Raw("GET", "/_sandbox/clouds").body, nullptr, false);
    ASSERT_TRUE(clouds.is_object() && clouds.contains("snowflake")) << clouds.dump();
    credentials_ = clouds["snowflake"]["credentials"];
    provider_ = Provider(Value::object());
    ASSERT_NE(provider_, nullptr);
    admin_ = Provider(Value::object());  // out-of-band SQL, as a worksheet would run it
    ASSERT_NE(admin_, nullptr);
  }

  std::unique_ptr<snowflake::SnowflakeProvider> Provider(const Value& extra) {
    snowflake::SnowflakeProviderOptions options;
    options.clock = &clock_;
    options.env = [](const std::string&) -> std::optional<std::string> { return std::nullopt; };
    auto p = std::make_unique<snowflake::SnowflakeProvider>(options);
    Value config = {{"endpoint", sandbox_.endpoint()}};
    for (const char* key : {"account", "user", "role", "warehouse", "private_key_file"}) {
      config[key] = credentials_[key];
    }
    for (auto it = extra.begin(); it != extra.end(); ++it) config[it.key()] = it.value();
    Status s = p->configure(config);
    if (!s.ok()) {
      ADD_FAILURE() << s.ToString();
      return nullptr;
    }
    return p;
  }

  // Runs `sql` as the admin; the error when it fails.
  Result<snowflake::RowSet> Try(const std::string& sql) { return admin_->client()->Execute(sql); }
  snowflake::RowSet Sql(const std::string& sql) {
    auto r = Try(sql);
    EXPECT_TRUE(r.ok()) << sql << ": " << r.status().ToString();
    return r.ok() ? *r : snowflake::RowSet();
  }
  std::set<std::string> Names(const std::string& what) {
    std::set<std::string> out;
    auto rows = Sql("SHOW " + what);
    for (size_t r = 0; r < rows.size(); ++r) out.insert(rows.Text(r, "name"));
    return out;
  }

  const KindSchema& Schema(const std::string& kind) {
    if (schemas_.empty()) schemas_ = provider_->schemas();
    for (const auto& s : schemas_) {
      if (s.kind == kind) return s;
    }
    ADD_FAILURE() << "no kind " << kind;
    return schemas_.front();
  }

  ResourceResult Create(const std::string& kind, const Value& attrs) {
    auto r = provider_->create(CreateRequest{Address{kind, "x"}, attrs});
    EXPECT_TRUE(r.ok()) << kind << ": " << r.status().ToString();
    return r.ok() ? *r : ResourceResult{};
  }
  ResourceResult Update(const std::string& kind, const Value& before, const Value& after) {
    auto r = provider_->update(UpdateRequest{Address{kind, "x"}, "", before, after, {}});
    EXPECT_TRUE(r.ok()) << kind << ": " << r.status().ToString();
    return r.ok() ? *r : ResourceResult{};
  }
  void Delete(const std::string& kind, const Value& attrs) {
    Status s = provider_->remove(DeleteRequest{Address{kind, "x"}, "", attrs});
    EXPECT_TRUE(s.ok()) << kind << ": " << s.ToString();
  }
  Observation Observe(const std::string& kind, const Value& attrs) {
    return ObserveOne(*provider_, kind, "", attrs);
  }

  // The attributes the engine would diff: empty when a re-plan is a no-op.
  std::vector<std::string> Diff(const std::string& kind, const Value& desired,
                                const Observation& observed) {
    const KindSchema& schema = Schema(kind);
    std::vector<std::string> out;
    if (!observed.exists) return {"(missing)"};
    for (const auto& a : schema.attributes) {
      if (a.computed) continue;
      Value want = desired.contains(a.name) ? desired[a.name] : a.default_value.value_or(Value());
      if (want.is_null()) continue;
      Value got = observed.attributes.contains(a.name) ? observed.attributes[a.name] : Value();
      if (NormalizeAttr(&a, want) != NormalizeAttr(&a, got)) {
        out.push_back(a.name + ": want " + want.dump() + ", got " + got.dump());
      }
    }
    return out;
  }
  // No diff in bulk and in per-resource refresh; returns the bulk observation.
  Observation ExpectNoDiff(const std::string& kind, const Value& desired) {
    Observation bulk = Observe(kind, desired);
    EXPECT_EQ(Diff(kind, desired, bulk), std::vector<std::string>{}) << kind << " (bulk)";
    auto per = Provider({{"refresh_mode", "per-resource"}});
    if (per != nullptr) {
      Observation one = ObserveOne(*per, kind, "", desired);
      EXPECT_EQ(Diff(kind, desired, one), std::vector<std::string>{}) << kind << " (per-resource)";
      EXPECT_EQ(one.outputs, bulk.outputs) << kind;
    }
    return bulk;
  }

  // A database and schema for schema-level objects.
  void MakeSchema(const std::string& db, const std::string& schema) {
    Create("snowflake.database", {{"name", db}});
    Create("snowflake.schema", {{"database", db}, {"name", schema}});
  }

  FakeClock clock_;
  SandboxFixture sandbox_;
  std::unique_ptr<SandboxClient> aws_;
  Value credentials_;
  std::unique_ptr<snowflake::SnowflakeProvider> provider_;
  std::unique_ptr<snowflake::SnowflakeProvider> admin_;
  std::vector<KindSchema> schemas_;
};

}  // namespace causeway::testing
