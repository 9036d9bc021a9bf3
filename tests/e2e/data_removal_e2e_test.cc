// Forgetting data-holding objects deleted outside Causeway, with the real providers: every
// data-holding kind of the mem provider and of the AWS provider (against the sandbox), found
// through KindSchema::holds_data and each given a sample below (a kind of those providers
// without one fails the test). For each: apply, delete the object out of band, then destroy
// (without the opt-in, with lifecycle.allow_destroy, with --allow-destroy) or apply manifests
// that no longer declare it: both succeed and send nothing for it. Then the case of issue 17
// through the real `causeway` binary: a Glue table and database with lifecycle.allow_destroy,
// deleted out of band, are destroyed; and an apply whose manifests drop a table already gone.
#include <gtest/gtest.h>

#include <mutex>
#include <regex>

#include "providers/memory/memory_provider.h"
#include "reconciler/apply/applier.h"
#include "reconciler/plan/planner.h"
#include "tests/support/cli_runner.h"
#include "tests/support/sandbox_fixture.h"

namespace causeway::testing {
namespace {

// Passes every call through and records the mutating ones ("remove aws.glue.table.target").
class MutationLog : public Provider {
 public:
  explicit MutationLog(std::shared_ptr<Provider> inner) : inner_(std::move(inner)) {}
  std::string name() const override { return inner_->name(); }
  std::vector<KindSchema> schemas() const override { return inner_->schemas(); }
  Status configure(const Value& c) override { return inner_->configure(c); }
  Result<std::vector<Observation>> observe(const std::vector<ObserveItem>& items) override {
    return inner_->observe(items);
  }
  Result<ResourceResult> create(const CreateRequest& r) override {
    Log("create " + r.address.str());
    return inner_->create(r);
  }
  Result<ResourceResult> update(const UpdateRequest& r) override {
    Log("update " + r.address.str());
    return inner_->update(r);
  }
  Status remove(const DeleteRequest& r) override {
    Log("remove " + r.address.str());
    return inner_->remove(r);
  }
  Result<std::vector<Observation>> list(const ListRequest& r) override { return inner_->list(r); }
  Provider& inner() { return *inner_; }
  std::vector<std::string> TakeLog() {
    std::lock_guard<std::mutex> l(mu_);
    return std::exchange(log_, {});
  }

 private:
  void Log(std::string what) {
    std::lock_guard<std::mutex> l(mu_);
    log_.push_back(std::move(what));
  }
  std::shared_ptr<Provider> inner_;
  std::mutex mu_;
  std::vector<std::string> log_;
};

// An object of the kind (KIND.target) and what it needs to exist first.
struct Sample {
  std::vector<std::pair<std::string, Value>> prerequisites;  // address -> spec
  Value spec;
};

const std::map<std::string, Sample>& Samples() {
  static const std::map<std::string, Sample> samples = {
      {"mem.bucket", {{}, {{"bucket", "oob-bucket"}}}},
      {"mem.database", {{}, {{"name", "oob_db"}}}},
      {"mem.table",
       {{{"mem.database.parent", {{"name", "oob_parent"}}}},
        {{"database", "${mem.database.parent.name}"}, {"name", "oob_t"}, {"columns", {"id"}}}}},
      {"aws.s3.bucket", {{}, {{"bucket", "cw-oob-bucket"}}}},
      {"aws.glue.database", {{}, {{"name", "oob_db"}}}},
      {"aws.glue.table",
       {{{"aws.glue.database.parent", {{"name", "oob_parent"}}}},
        {{"database", "${aws.glue.database.parent.name}"},
         {"name", "oob_t"},
         {"columns", Value::array({Value{{"name", "id"}, {"type", "string"}}})}}}},
      {"aws.s3tables.table_bucket", {{}, {{"name", "cw-oob-tables"}}}},
      {"aws.s3tables.namespace",
       {{{"aws.s3tables.table_bucket.parent", {{"name", "cw-oob-parent"}}}},
        {{"table_bucket_arn", "${aws.s3tables.table_bucket.parent.arn}"},
         {"namespace", "oob_ns"}}}},
      {"aws.s3tables.table",
       {{{"aws.s3tables.table_bucket.parent", {{"name", "cw-oob-parent"}}},
         {"aws.s3tables.namespace.parent",
          {{"table_bucket_arn", "${aws.s3tables.table_bucket.parent.arn}"},
           {"namespace", "oob_parent"}}}},
        {{"table_bucket_arn", "${aws.s3tables.table_bucket.parent.arn}"},
         {"namespace", "${aws.s3tables.namespace.parent.namespace}"},
         {"name", "oob_t"}}}},
  };
  return samples;
}

ResourceDecl Decl(const std::string& address, const Value& spec, bool allow_destroy = false) {
  ResourceDecl d;
  d.address = Address::Parse(address).value();
  d.spec = spec;
  d.lifecycle.allow_destroy = allow_destroy;
  return d;
}

class DataRemovalE2eTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(sandbox_.Start().ok());
    std::shared_ptr<Provider> aws = NewSandboxAwsProvider(&sandbox_);
    ASSERT_NE(aws, nullptr);
    mem_ = std::make_shared<MutationLog>(std::make_shared<MemoryProvider>());
    aws_ = std::make_shared<MutationLog>(aws);
    registry_.Add(mem_);
    registry_.Add(aws_);
  }

  // Plans and applies; returns the failure, or "" (state_ then holds the result).
  std::string PlanAndApply(const ManifestSet& manifests, const PlanOptions& options) {
    auto planned = Planner(&registry_).MakePlan(manifests, state_, options);
    if (!planned.ok()) return "plan: " + planned.status().ToString();
    last_plan_ = planned->plan;
    Applier applier(&registry_, nullptr, nullptr);
    ApplyResult r = applier.Apply(planned->plan, state_, ApplyOptions{});
    state_ = r.state;
    return r.status.ok() ? "" : "apply: " + r.status.ToString();
  }

  SandboxFixture sandbox_;
  std::shared_ptr<MutationLog> mem_, aws_;
  ProviderRegistry registry_;
  State state_;
  Plan last_plan_;
};

TEST_F(DataRemovalE2eTest, EveryDataKindDeletedOutsideIsForgotten) {
  struct Variant {
    std::string reason;
    bool destroy;
    bool lifecycle_opt_in;
    bool flag_opt_in;
  } variants[] = {
      {"destroy without the opt-in", true, false, false},
      {"destroy with lifecycle.allow_destroy", true, true, false},
      {"destroy with --allow-destroy", true, false, true},
      {"apply of manifests that no longer declare it", false, false, false},
  };
  int covered = 0;
  for (const auto& [kind, schema] : registry_.schemas()) {
    if (!schema.holds_data) continue;
    auto sample = Samples().find(kind);
    ASSERT_NE(sample, Samples().end()) << "add a sample of " << kind << " to this test";
    ++covered;
    const std::string target = kind + ".target";
    for (const auto& v : variants) {
      const std::string ctx = kind + ", " + v.reason;
      ManifestSet all, prerequisites;
      for (const auto& [address, spec] : sample->second.prerequisites) {
        all.resources.push_back(Decl(address, spec));
        prerequisites.resources.push_back(Decl(address, spec));
      }
      all.resources.push_back(Decl(target, sample->second.spec, v.lifecycle_opt_in));
      ASSERT_EQ(PlanAndApply(all, {}), "") << ctx;
      const ResourceState* entry = state_.Find(target);
      ASSERT_NE(entry, nullptr) << ctx;

      // Out of band: straight to the provider, not through Causeway.
      MutationLog* log = entry->address.provider() == "aws" ? aws_.get() : mem_.get();
      ASSERT_TRUE(
          log->inner().remove(DeleteRequest{entry->address, entry->id, entry->attributes}).ok())
          << ctx;
      log->TakeLog();

      PlanOptions options;
      options.destroy = v.destroy;
      for (const auto& [address, _] : sample->second.prerequisites) {
        options.allow_destroy.insert(address);  // these still exist: their data may go
      }
      if (v.flag_opt_in) options.allow_destroy.insert(target);
      ASSERT_EQ(PlanAndApply(v.destroy ? all : prerequisites, options), "") << ctx;
      bool state_only = false;
      for (const auto& c : last_plan_.changes) {
        state_only =
            state_only || (c.address.str() == target && c.action == Action::kDelete &&
                           c.reason ==
                               "already deleted outside Causeway; this only removes it from "
                               "the state");
      }
      EXPECT_TRUE(state_only) << ctx;
      EXPECT_EQ(state_.Find(target), nullptr) << ctx;
      for (const auto& m : log->TakeLog()) {
        EXPECT_EQ(m.find(target), std::string::npos) << ctx << ": sent " << m;
      }
      if (!v.destroy) {  // clean up for the next variant
        PlanOptions all_go;
        all_go.destroy = true;
        for (const auto& [address, _] : state_.resources) all_go.allow_destroy.insert(address);
        ASSERT_EQ(PlanAndApply(prerequisites, all_go), "") << ctx;
      }
      EXPECT_TRUE(state_.resources.empty()) << ctx;
    }
  }
  EXPECT_GE(covered, 6) << "mem and aws each have three data-holding kinds";
}

// The case through the CLI binary, against the sandbox.
class DataRemovalCliE2eTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(sandbox_.Start().ok());
    auto creds = SandboxFixture::DefaultCredentials();
    ::setenv("CW_E2E_AKID", creds.access_key_id.c_str(), 1);
    ::setenv("CW_E2E_SECRET", creds.secret_access_key.c_str(), 1);
    client_ = sandbox_.Client();
    cli_.Write("providers.yaml",
               "kind: providers\nspec:\n  aws:\n    region: us-east-1\n"
               "    endpoint: " +
                   sandbox_.endpoint() +
                   "\n    access_key_id_env: CW_E2E_AKID\n"
                   "    secret_access_key_env: CW_E2E_SECRET\n");
  }

  static std::string Lake(bool lifecycle, bool with_table) {
    const std::string allow = lifecycle ? "lifecycle: { allow_destroy: true }\n" : "";
    std::string out = "kind: aws.s3.bucket\nname: lake\n" + allow +
                      "spec:\n  bucket: acme-oob-lake\n---\n"
                      "kind: aws.glue.database\nname: trips\n" +
                      allow + "spec:\n  name: trips_db\n";
    if (with_table) {
      out += "---\nkind: aws.glue.table\nname: trips\n" + allow +
             "spec:\n  database: ${aws.glue.database.trips.name}\n  name: trips\n"
             "  columns:\n    - { name: trip_id, type: string }\n"
             "  location: s3://acme-oob-lake/trips/\n";
    }
    return out;
  }

  // Deletes a Glue object with the AWS API, as someone would in the console.
  void DeleteOutOfBand(const std::string& op, const Value& body) {
    auto r = client_->Json("glue", "AWSGlue." + op, body);
    ASSERT_EQ(r.status, 200) << op << ": " << r.body;
  }

  SandboxFixture sandbox_;
  std::unique_ptr<SandboxClient> client_;
  CliRunner cli_;
};

TEST_F(DataRemovalCliE2eTest, DestroyForgetsTableAndDatabaseDeletedOutside) {
  cli_.Write("main.yaml", Lake(/*lifecycle=*/true, /*with_table=*/true));
  auto apply = cli_.Run({"apply", "--auto-approve"});
  ASSERT_EQ(apply.exit_code, 0) << apply.all();
  DeleteOutOfBand("DeleteTable", {{"DatabaseName", "trips_db"}, {"Name", "trips"}});
  DeleteOutOfBand("DeleteDatabase", {{"Name", "trips_db"}});

  auto destroy = cli_.Run({"destroy", "--auto-approve"});
  ASSERT_EQ(destroy.exit_code, 0) << destroy.all();
  for (const char* gone : {"aws.glue.table.trips", "aws.glue.database.trips"}) {
    EXPECT_TRUE(
        std::regex_search(destroy.out, std::regex(std::string("  - ") + gone +
                                                  " \\(delete\\)\n.*\n      # already "
                                                  "deleted outside Causeway; this only removes it "
                                                  "from the state")))
        << gone << "\n"
        << destroy.out;
  }
  EXPECT_NE(destroy.out.find("Destroy complete! 0 created, 0 updated, 0 replaced, 1 deleted, 2 "
                             "removed from the state only."),
            std::string::npos)
      << "the bucket was deleted, the table and database only forgotten: " << destroy.out;
  EXPECT_EQ(cli_.Run({"state", "list"}).out, "");
  auto buckets = client_->Send("s3", "GET", "/", "", {}, "");
  EXPECT_EQ(buckets.body.find("acme-oob-lake"), std::string::npos) << "the bucket was deleted";
}

TEST_F(DataRemovalCliE2eTest, ApplyForgetsATableTheManifestsDropAfterItWasDeletedOutside) {
  cli_.Write("main.yaml", Lake(/*lifecycle=*/false, /*with_table=*/true));
  ASSERT_EQ(cli_.Run({"apply", "--auto-approve"}).exit_code, 0);
  DeleteOutOfBand("DeleteTable", {{"DatabaseName", "trips_db"}, {"Name", "trips"}});
  cli_.Write("main.yaml", Lake(/*lifecycle=*/false, /*with_table=*/false));

  auto apply = cli_.Run({"apply", "--auto-approve"});
  ASSERT_EQ(apply.exit_code, 0) << "no opt-in is needed: " << apply.all();
  EXPECT_NE(apply.out.find("already deleted outside Causeway"), std::string::npos) << apply.out;
  EXPECT_EQ(cli_.Run({"state", "list"}).out, "aws.glue.database.trips\naws.s3.bucket.lake\n");
  EXPECT_EQ(cli_.Run({"plan", "--detailed-exitcode"}).exit_code, 0);

  // The database still exists: destroying it needs the opt-in, and works with it.
  auto refused = cli_.Run({"destroy", "--auto-approve"});
  EXPECT_EQ(refused.exit_code, 1) << refused.all();
  EXPECT_NE(refused.err.find("--allow-destroy aws.glue.database.trips"), std::string::npos)
      << refused.err;
  auto destroy = cli_.Run({"destroy", "--auto-approve", "--allow-destroy",
                           "aws.glue.database.trips", "--allow-destroy", "aws.s3.bucket.lake"});
  EXPECT_EQ(destroy.exit_code, 0) << destroy.all();
  EXPECT_EQ(cli_.Run({"state", "list"}).out, "");
}

}  // namespace
}  // namespace causeway::testing
