// End-to-end tests of the causeway command line over the mem provider: validate, plan, apply
// (confirmation, saved plans, staleness), exit codes, crash recovery, locking between two
// processes, state commands, import, graph, and secret hygiene.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "tests/support/cli_runner.h"

namespace causeway::testing {
namespace {

constexpr const char* kProviders = R"(kind: providers
spec:
  mem:
    path: .causeway-live.json
)";

// A role/integration cycle, a bucket, a database+table+grant, and a secret.
constexpr const char* kResources = R"(kind: vars
spec:
  bucket: acme-landing
  secret:   # no default: must be given with --var
---
kind: mem.role
name: reader
spec:
  role_name: reader
  trust_policy:
    Statement:
      - Effect: Allow
        Principal: { AWS: "${mem.integration.share.iam_user_arn}" }
        Action: sts:AssumeRole
        Condition: { StringEquals: { "sts:ExternalId": "${mem.integration.share.external_id}" } }
---
kind: mem.integration
name: share
spec:
  name: share_int
  role_arn: ${mem.role.reader.arn}
---
kind: mem.bucket
name: landing
spec:
  bucket: ${var.bucket}
---
kind: mem.database
name: analytics
spec:
  name: analytics
---
kind: mem.table
name: trips
spec:
  database: ${mem.database.analytics.name}
  name: trips
  columns: [{ name: id, type: NUMBER }]
---
kind: mem.grant
name: read_trips
depends_on: [mem.table.trips]
spec:
  principal: ANALYST
  on: ANALYTICS.TRIPS
  privileges: [SELECT]
---
kind: mem.secret
name: api
spec:
  name: api-key
  value: ${var.secret}
)";

constexpr const char* kSecret = "S3cr3t-Value-7f1c2b9e";

class CliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    cli_.Write("providers.yaml", kProviders);
    cli_.Write("main.yaml", kResources);
  }
  std::vector<std::string> WithSecret(std::vector<std::string> args) {
    args.push_back("--var");
    args.push_back(std::string("secret=") + kSecret);
    return args;
  }
  CliResult Apply() { return cli_.Run(WithSecret({"apply", "--auto-approve"})); }

  CliRunner cli_;
};

TEST_F(CliTest, VersionAndHelp) {
  auto r = cli_.Run({"version"});
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_NE(r.out.find("causeway "), std::string::npos);
}

TEST_F(CliTest, ValidateReportsAllErrorsWithLocationsAndExitsOne) {
  cli_.Write("bad.yaml", "kind: mem.role\nname: r2\nspec:\n  rol_name: x\n  trust_policy: {}\n");
  auto r = cli_.Run(WithSecret({"validate"}));
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("bad.yaml:4:3"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("role_name"), std::string::npos) << r.err;
  // Nothing was contacted or written.
  EXPECT_FALSE(cli_.Exists(".causeway-live.json"));
}

TEST_F(CliTest, PlanApplyThenNoOpPlan) {
  auto plan = cli_.Run(WithSecret({"plan", "--detailed-exitcode"}));
  ASSERT_EQ(plan.exit_code, 2) << plan.all();
  EXPECT_NE(plan.out.find("Plan: 7 to create, 1 to update, 0 to replace, 0 to delete."),
            std::string::npos)
      << plan.out;
  EXPECT_NE(plan.out.find("(known after apply)"), std::string::npos);
  EXPECT_FALSE(cli_.Exists(".causeway-live.json")) << "plan must not mutate";

  auto apply = Apply();
  ASSERT_EQ(apply.exit_code, 0) << apply.all();
  EXPECT_NE(apply.out.find("Apply complete!"), std::string::npos) << apply.out;
  Value live = cli_.Live();
  ASSERT_TRUE(live.contains("mem.role"));
  // The deferred update replaced the bootstrap trust with the integration's real identity.
  std::string trust = live["mem.role"]["reader"]["attributes"]["trust_policy"].dump();
  std::string ext = live["mem.integration"]["SHARE_INT"]["outputs"]["external_id"];
  EXPECT_NE(trust.find(ext), std::string::npos) << trust;

  auto again = cli_.Run(WithSecret({"plan", "--detailed-exitcode"}));
  EXPECT_EQ(again.exit_code, 0) << again.all();
  EXPECT_NE(again.out.find("No changes"), std::string::npos) << again.out;
}

TEST_F(CliTest, ApplyWithoutTtyOrAutoApproveRefuses) {
  auto r = cli_.Run(WithSecret({"apply"}));
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("--auto-approve"), std::string::npos) << r.err;
  EXPECT_FALSE(cli_.Exists(".causeway-live.json"));
}

// On a terminal apply asks, and only "yes" proceeds. `script` (util-linux) gives the command a
// pseudo-terminal and feeds it our answer.
TEST_F(CliTest, ApplyOnATerminalAsksForYes) {
  if (std::system("command -v script >/dev/null 2>&1") != 0) GTEST_SKIP() << "no script(1)";
  auto on_tty = [&](const std::string& answer) {
    std::string cmd = "cd '" + cli_.dir() + "' && printf '" + answer + "\\n' | script -qec \"'" +
                      CliRunner::Binary() + "' --no-color apply --var secret=" + kSecret +
                      "\" /dev/null > tty.out 2>&1";
    return std::system(cmd.c_str());
  };
  EXPECT_NE(on_tty("no"), -1);
  EXPECT_NE(cli_.ReadFile("tty.out").find("Only 'yes' will be accepted"), std::string::npos)
      << cli_.ReadFile("tty.out");
  EXPECT_NE(cli_.ReadFile("tty.out").find("Apply cancelled"), std::string::npos);
  EXPECT_FALSE(cli_.Exists(".causeway-live.json")) << "a refused apply changes nothing";
  on_tty("yes");
  EXPECT_NE(cli_.ReadFile("tty.out").find("Apply complete!"), std::string::npos)
      << cli_.ReadFile("tty.out");
  EXPECT_TRUE(cli_.Live().contains("mem.role"));
}

TEST_F(CliTest, JsonPlanIsMachineReadable) {
  auto r = cli_.Run(WithSecret({"plan", "--json"}));
  ASSERT_EQ(r.exit_code, 0) << r.all();
  Value j = Value::parse(r.out);
  EXPECT_EQ(j["format_version"], 1);
  EXPECT_EQ(j["summary"]["create"], 7);
  EXPECT_EQ(r.out.find(kSecret), std::string::npos) << "secret leaked into the JSON plan";
}

TEST_F(CliTest, MarkdownPlanForPullRequestsAndTheJsonPlanSaved) {
  auto r = cli_.Run(WithSecret({"plan", "--format", "markdown", "--out", "pr.plan"}));
  ASSERT_EQ(r.exit_code, 0) << r.all();
  EXPECT_EQ(r.out.rfind("### Causeway plan", 0), 0u) << r.out;
  EXPECT_NE(r.out.find("| create | 7 |"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("<details><summary>"), std::string::npos);
  EXPECT_EQ(r.out.find(kSecret), std::string::npos) << "secret leaked into the Markdown plan";
  EXPECT_EQ(Value::parse(cli_.ReadFile("pr.plan"))["summary"]["create"], 7)
      << "--out saves the JSON plan whatever --format prints";
  EXPECT_NE(cli_.Run({"plan", "--format", "yaml"}).exit_code, 0);
}

TEST_F(CliTest, SavedPlanAppliesExactlyAndIsRefusedOnceStateMoved) {
  auto saved = cli_.Run(WithSecret({"plan", "--out", "first.plan"}));
  ASSERT_EQ(saved.exit_code, 0) << saved.all();
  auto stale = cli_.Run(WithSecret({"plan", "--out", "stale.plan"}));
  ASSERT_EQ(stale.exit_code, 0);
  auto apply = cli_.Run(WithSecret({"apply", "--auto-approve", "first.plan"}));
  ASSERT_EQ(apply.exit_code, 0) << apply.all();
  auto refused = cli_.Run(WithSecret({"apply", "--auto-approve", "stale.plan"}));
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_NE(refused.err.find("stale"), std::string::npos) << refused.err;
  struct stat st;
  ASSERT_EQ(::stat((cli_.dir() + "/first.plan").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
}

TEST_F(CliTest, DataHoldingReplaceNeedsExplicitOptIn) {
  ASSERT_EQ(Apply().exit_code, 0);
  std::string changed = kResources;
  changed.replace(changed.find("  name: trips"), 13, "  name: trips_v2");
  cli_.Write("main.yaml", changed);
  auto refused = cli_.Run(WithSecret({"plan"}));
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_NE(refused.err.find("mem.table.trips"), std::string::npos) << refused.err;
  EXPECT_NE(refused.err.find("--allow-destroy"), std::string::npos) << refused.err;
  auto allowed =
      cli_.Run(WithSecret({"apply", "--auto-approve", "--allow-destroy", "mem.table.trips"}));
  EXPECT_EQ(allowed.exit_code, 0) << allowed.all();
  EXPECT_TRUE(cli_.Live()["mem.table"].contains("ANALYTICS.TRIPS_V2"));
}

TEST_F(CliTest, EditedSavedPlanCannotDropDataWithoutTheOptIn) {
  ASSERT_EQ(Apply().exit_code, 0);
  std::string changed = kResources;
  changed.replace(changed.find("  name: trips"), 13, "  name: trips_v2");
  cli_.Write("main.yaml", changed);
  auto saved =
      cli_.Run(WithSecret({"plan", "--allow-destroy", "mem.table.trips", "--out", "ok.plan"}));
  ASSERT_EQ(saved.exit_code, 0) << saved.all();
  std::ifstream in(cli_.dir() + "/ok.plan");
  Value plan = Value::parse(std::string(std::istreambuf_iterator<char>(in), {}));
  int edited = 0;
  for (auto& c : plan["changes"]) {
    if (c["address"] != "mem.table.trips") continue;
    ASSERT_EQ(c["action"], "replace");
    ASSERT_EQ(c["allow_destroy"], true);
    c["allow_destroy"] = false;  // and hide that it holds data
    c["holds_data"] = false;
    ++edited;
  }
  ASSERT_EQ(edited, 1);
  cli_.Write("edited.plan", plan.dump(2));
  const std::string live_before = cli_.Live().dump();
  auto refused = cli_.Run(WithSecret({"apply", "--auto-approve", "edited.plan"}));
  EXPECT_EQ(refused.exit_code, 1) << refused.all();
  EXPECT_NE(refused.err.find("refusing to apply: the plan replaces mem.table.trips, and mem.table "
                             "holds data, but the plan does not allow it"),
            std::string::npos)
      << refused.err;
  EXPECT_EQ(cli_.Live().dump(), live_before) << "nothing may change";
  auto as_made = cli_.Run(WithSecret({"apply", "--auto-approve", "ok.plan"}));
  EXPECT_EQ(as_made.exit_code, 0) << "the unedited plan still applies: " << as_made.all();
  EXPECT_TRUE(cli_.Live()["mem.table"].contains("ANALYTICS.TRIPS_V2"));
}

TEST_F(CliTest, FailedApplyRollsBackAndStateMatchesLive) {
  cli_.Write("providers.yaml", std::string(kProviders) + "    fail_mutation: 4\n");
  auto r = Apply();
  EXPECT_EQ(r.exit_code, 1) << r.all();
  EXPECT_NE(r.err.find("injected failure"), std::string::npos) << r.err;
  EXPECT_EQ(cli_.Live().dump(), "{}") << "rollback must leave nothing behind";
  auto list = cli_.Run({"state", "list"});
  EXPECT_EQ(list.out, "");
}

TEST_F(CliTest, CrashMidApplyIsRecoveredByTheNextCommand) {
  cli_.Write("providers.yaml", std::string(kProviders) + "    crash_after_mutations: 3\n");
  auto crashed = Apply();
  ASSERT_EQ(crashed.exit_code, 137) << crashed.all();
  EXPECT_TRUE(cli_.Exists(".causeway/journal.jsonl"));
  cli_.Write("providers.yaml", kProviders);
  auto plan = cli_.Run(WithSecret({"plan"}));
  ASSERT_EQ(plan.exit_code, 0) << plan.all();
  EXPECT_NE(plan.err.find("Recovered"), std::string::npos) << plan.err;
  EXPECT_FALSE(cli_.Exists(".causeway/journal.jsonl"));
  // Everything that exists is tracked.
  Value live = cli_.Live();
  auto list = cli_.Run({"state", "list"});
  int live_count = 0;
  for (auto& [kind, objs] : live.items()) live_count += static_cast<int>(objs.size());
  int state_count = 0;
  for (char c : list.out) state_count += c == '\n';
  EXPECT_EQ(live_count, state_count) << list.out << live.dump();
  EXPECT_GE(live_count, 1);
  // And finishing the apply creates nothing twice.
  ASSERT_EQ(Apply().exit_code, 0);
  EXPECT_EQ(cli_.Live()["mem.role"].size(), 1u);
  EXPECT_EQ(cli_.Run(WithSecret({"plan", "--detailed-exitcode"})).exit_code, 0);
}

// The journal records of a crashed apply, one Value per line.
std::vector<Value> JournalRecords(const CliRunner& cli) {
  std::vector<Value> out;
  std::istringstream in(cli.ReadFile(".causeway/journal.jsonl"));
  for (std::string line; std::getline(in, line);) {
    if (!line.empty()) out.push_back(Value::parse(line));
  }
  return out;
}

// Applies one step at a time and dies after the 7th mutation: every create is done, the
// deferred update of the role (the last step) is not, and the state was never saved.
void CrashAfterEveryCreate(CliRunner& cli, const std::vector<std::string>& secret_args) {
  cli.Write("providers.yaml", std::string(kProviders) + "    crash_after_mutations: 7\n");
  std::vector<std::string> args = {"apply", "--auto-approve", "--parallelism", "1"};
  args.insert(args.end(), secret_args.begin(), secret_args.end());
  auto crashed = cli.Run(args);
  ASSERT_EQ(crashed.exit_code, 137) << crashed.all();
  cli.Write("providers.yaml", kProviders);
}

const std::vector<std::string> kAllowDataLoss = {"--allow-destroy", "mem.bucket.landing",
                                                 "--allow-destroy", "mem.database.analytics",
                                                 "--allow-destroy", "mem.table.trips"};

TEST_F(CliTest, DestroyRightAfterACrashDeletesChildrenFirst) {
  CrashAfterEveryCreate(cli_, WithSecret({}));
  std::vector<std::string> destroy = WithSecret({"destroy", "--auto-approve"});
  destroy.insert(destroy.end(), kAllowDataLoss.begin(), kAllowDataLoss.end());
  auto r = cli_.Run(destroy);
  ASSERT_EQ(r.exit_code, 0) << r.all();
  EXPECT_NE(r.err.find("adopted mem.table.trips"), std::string::npos) << r.err;
  const Value live = cli_.Live();
  for (const auto& [kind, objects] : live.items()) {
    EXPECT_TRUE(objects.empty()) << kind << " still holds " << objects.dump();
  }
  auto history = cli_.Run({"state", "history"});
  EXPECT_NE(history.out.find("recover:"), std::string::npos) << history.out;
}

// A journal written by the previous version has no dependencies: recovery still adopts
// everything, the plan after it says which dependencies it will record, apply records them, and
// destroy then deletes in order.
TEST_F(CliTest, JournalWithoutDependenciesRecoversAndThePlanRepairsThem) {
  CrashAfterEveryCreate(cli_, WithSecret({}));
  std::string former;
  for (Value r : JournalRecords(cli_)) {
    if (r["type"] == "intent") {
      EXPECT_TRUE(r.contains("dependencies")) << r.dump();
    }
    r.erase("dependencies");
    former += r.dump() + "\n";
  }
  cli_.Write(".causeway/journal.jsonl", former);

  auto plan = cli_.Run(WithSecret({"plan"}));
  ASSERT_EQ(plan.exit_code, 0) << plan.all();
  EXPECT_NE(plan.err.find("adopted mem.table.trips (created before the crash)"), std::string::npos)
      << plan.err;
  EXPECT_NE(plan.out.find("  ~ mem.table.trips (update)\n      # the state records it as "
                          "depending on nothing, but the manifests make it depend on "
                          "mem.database.analytics; apply records that (nothing is sent)"),
            std::string::npos)
      << plan.out;
  auto apply = Apply();
  ASSERT_EQ(apply.exit_code, 0) << apply.all();
  auto show = cli_.Run({"state", "show", "mem.table.trips"});
  EXPECT_EQ(Value::parse(show.out)["dependencies"], Value::array({"mem.database.analytics"}))
      << show.out;
  EXPECT_EQ(cli_.Run(WithSecret({"plan", "--detailed-exitcode"})).exit_code, 0);
  std::vector<std::string> destroy = WithSecret({"destroy", "--auto-approve"});
  destroy.insert(destroy.end(), kAllowDataLoss.begin(), kAllowDataLoss.end());
  auto r = cli_.Run(destroy);
  EXPECT_EQ(r.exit_code, 0) << r.all();
}

// A secret created just before the crash is adopted with its salted hash from the journal (the
// journal never holds the value), so the next plan does not send it again.
TEST_F(CliTest, RecoveryKeepsTheHashOfASecretCreatedBeforeTheCrash) {
  CrashAfterEveryCreate(cli_, WithSecret({}));
  std::string journal = cli_.ReadFile(".causeway/journal.jsonl");
  EXPECT_EQ(journal.find(kSecret), std::string::npos) << "the journal holds no secret";
  bool hashed = false;
  for (const Value& r : JournalRecords(cli_)) {
    if (r.value("type", "") == "intent" && r.value("address", "") == "mem.secret.api") {
      hashed = r.contains("sensitive_hashes") && r.at("sensitive_hashes").contains("value");
    }
  }
  EXPECT_TRUE(hashed) << journal;
  auto plan = cli_.Run(WithSecret({"plan", "--json"}));
  ASSERT_EQ(plan.exit_code, 0) << plan.all();
  EXPECT_EQ(plan.out.find(kSecret), std::string::npos);
  std::string action;
  for (const Value& c : Value::parse(plan.out).value("changes", Value::array())) {
    if (c.value("address", "") == "mem.secret.api") action = c.value("action", "");
  }
  EXPECT_EQ(action, "no-op") << plan.out;
}

// One resource the provider cannot observe must not leave the user stuck: the command says
// which and how to go on, nothing changes, and `state rm`, `force-unlock`, `refresh` and
// `destroy` still run.
TEST_F(CliTest, RecoveryThatCannotObserveAResourceSaysWhichAndHowToGoOn) {
  CrashAfterEveryCreate(cli_, WithSecret({}));
  const std::string bad = "mem.table.trips";
  bool journalled = false;
  for (const auto& r : JournalRecords(cli_)) journalled = journalled || r["address"] == bad;
  ASSERT_TRUE(journalled);
  cli_.Write("providers.yaml", std::string(kProviders) + "    fail_on: { " + bad + ": observe }\n");
  const std::string live_before = cli_.Live().dump();

  for (auto args : std::vector<std::vector<std::string>>{
           {"plan"}, {"refresh"}, {"destroy", "--auto-approve"}, {"apply", "--auto-approve"}}) {
    auto r = cli_.Run(WithSecret(args));
    EXPECT_EQ(r.exit_code, 1) << args[0] << ": " << r.all();
    EXPECT_NE(r.err.find("cannot recover the interrupted apply recorded in "), std::string::npos)
        << args[0] << ": " << r.err;
    EXPECT_NE(r.err.find("could not observe mem.table.trips (id ANALYTICS.TRIPS): injected "
                         "failure. Nothing was changed"),
              std::string::npos)
        << args[0] << ": " << r.err;
    EXPECT_NE(r.err.find("run the command again once the provider answers"), std::string::npos)
        << r.err;
    EXPECT_NE(r.err.find("`causeway state rm mem.table.trips`"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("`causeway force-unlock LOCK_ID`"), std::string::npos) << r.err;
    EXPECT_TRUE(cli_.Exists(".causeway/journal.jsonl")) << args[0];
    EXPECT_FALSE(cli_.Exists(".causeway/lock.json")) << args[0] << ": the lock is released";
  }
  EXPECT_EQ(cli_.Live().dump(), live_before) << "nothing was sent";

  // force-unlock does not recover: a lock left on another host can always be removed.
  cli_.Write(".causeway/lock.json",
             R"({"id":"feedface","who":"ci","pid":1,"host":"elsewhere","time":"t",)"
             R"("operation":"apply"})");
  EXPECT_EQ(cli_.Run({"force-unlock", "feedface"}).exit_code, 0);

  // state rm of a resource only the journal names: forgotten there, so recovery goes through.
  auto rm = cli_.Run({"state", "rm", bad});
  ASSERT_EQ(rm.exit_code, 0) << rm.all();
  EXPECT_EQ(rm.out,
            "The journal of an interrupted apply names 1 of them: recovery will leave them alone "
            "(their objects, if any, are not touched; `causeway import` adopts them again).\n");
  auto refresh = cli_.Run(WithSecret({"refresh"}));
  ASSERT_EQ(refresh.exit_code, 0) << refresh.all();
  EXPECT_NE(refresh.err.find("Recovered: adopted mem.database.analytics"), std::string::npos)
      << refresh.err;
  EXPECT_EQ(refresh.err.find("mem.table.trips"), std::string::npos) << refresh.err;
  EXPECT_FALSE(cli_.Exists(".causeway/journal.jsonl"));
  EXPECT_EQ(cli_.Run({"state", "show", bad}).exit_code, 1) << "not managed any more";

  // The user drops the forgotten table by hand; destroy deletes everything that is managed
  // (the provider still cannot observe the table, and need not: it is not managed).
  Value objects = cli_.Live();  // the file with its log replayed: written back as one file
  ASSERT_EQ(objects["mem.table"].erase("ANALYTICS.TRIPS"), 1u) << objects.dump();
  cli_.Write(".causeway-live.json", Value{{"objects", objects}}.dump());
  cli_.Remove(".causeway-live.json.log");
  std::vector<std::string> destroy = WithSecret({"destroy", "--auto-approve"});
  destroy.insert(destroy.end(), kAllowDataLoss.begin(), kAllowDataLoss.end());
  auto r = cli_.Run(destroy);
  EXPECT_EQ(r.exit_code, 0) << r.all();
  const Value after = cli_.Live();
  for (const auto& [kind, objects] : after.items()) {
    EXPECT_TRUE(objects.empty()) << kind << " still holds " << objects.dump();
  }
}

TEST_F(CliTest, SecondConcurrentApplyFailsWithLockHolderDetails) {
  // Slow enough that the first apply still holds the lock when the second starts, even on a
  // loaded machine.
  cli_.Write("providers.yaml", std::string(kProviders) + "    latency_ms: 500\n");
  int first = cli_.Start(WithSecret({"apply", "--auto-approve", "--parallelism", "1"}));
  // Wait until the first process holds the lock.
  for (int i = 0; i < 200 && !cli_.Exists(".causeway/lock.json"); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(25));
  }
  ASSERT_TRUE(cli_.Exists(".causeway/lock.json"));
  auto second = Apply();
  auto done = cli_.Wait(first);
  EXPECT_EQ(done.exit_code, 0) << done.all();
  EXPECT_EQ(second.exit_code, 1);
  EXPECT_NE(second.err.find("pid " + std::to_string(first)), std::string::npos) << second.err;
  EXPECT_NE(second.err.find("force-unlock"), std::string::npos) << second.err;
  cli_.Write("providers.yaml", kProviders);
  EXPECT_EQ(cli_.Run(WithSecret({"plan", "--detailed-exitcode"})).exit_code, 0);
}

TEST_F(CliTest, StateCommandsEditWithOneCommitEach) {
  ASSERT_EQ(Apply().exit_code, 0);
  auto list = cli_.Run({"state", "list"});
  EXPECT_NE(list.out.find("mem.bucket.landing\n"), std::string::npos) << list.out;
  auto show = cli_.Run({"state", "show", "mem.bucket.landing"});
  EXPECT_EQ(show.exit_code, 0);
  EXPECT_EQ(Value::parse(show.out)["id"], "acme-landing");
  ASSERT_EQ(cli_.Run({"state", "mv", "mem.bucket.landing", "mem.bucket.raw"}).exit_code, 0);
  ASSERT_EQ(cli_.Run({"state", "rm", "mem.grant.read_trips"}).exit_code, 0);
  auto history = cli_.Run({"state", "history"});
  EXPECT_NE(history.out.find("state rm mem.grant.read_trips"), std::string::npos) << history.out;
  EXPECT_NE(history.out.find("state mv mem.bucket.landing mem.bucket.raw"), std::string::npos);
  EXPECT_NE(history.out.find("apply:"), std::string::npos);
  EXPECT_EQ(cli_.Run({"state", "show", "mem.bucket.landing"}).exit_code, 1);
}

TEST_F(CliTest, ImportAdoptsAnExistingObject) {
  ASSERT_EQ(Apply().exit_code, 0);
  ASSERT_EQ(cli_.Run({"state", "rm", "mem.bucket.landing"}).exit_code, 0);
  auto missing = cli_.Run(WithSecret({"import", "mem.bucket.landing", "no-such-bucket"}));
  EXPECT_EQ(missing.exit_code, 1);
  EXPECT_NE(missing.err.find("does not exist"), std::string::npos) << missing.err;
  auto imported = cli_.Run(WithSecret({"import", "mem.bucket.landing", "acme-landing"}));
  ASSERT_EQ(imported.exit_code, 0) << imported.all();
  EXPECT_EQ(cli_.Run(WithSecret({"plan", "--detailed-exitcode"})).exit_code, 0);
}

TEST_F(CliTest, RefreshRecordsOutOfBandChangesWithoutTouchingTheCloud) {
  ASSERT_EQ(Apply().exit_code, 0);
  Value live = Value::parse(cli_.ReadFile(".causeway-live.json"));
  live["objects"]["mem.database"]["ANALYTICS"]["attributes"]["comment"] = "changed by hand";
  cli_.Write(".causeway-live.json", live.dump());
  const std::string before = cli_.Live().dump();
  auto r = cli_.Run(WithSecret({"refresh"}));
  ASSERT_EQ(r.exit_code, 0) << r.all();
  EXPECT_NE(r.out.find("Refresh complete: 1 refreshed, 0 removed."), std::string::npos) << r.out;
  EXPECT_EQ(cli_.Live().dump(), before) << "refresh only reads";
  auto show = cli_.Run({"state", "show", "mem.database.analytics"});
  EXPECT_EQ(Value::parse(show.out)["attributes"]["comment"], "changed by hand") << show.out;
  EXPECT_NE(cli_.Run({"state", "history"}).out.find("refresh: 1 refreshed"), std::string::npos);
  // The plan now shows the drift as an update back to the manifests.
  EXPECT_EQ(cli_.Run(WithSecret({"plan", "--detailed-exitcode"})).exit_code, 2);
}

TEST_F(CliTest, DestroyNeedsTheOptInForDataThenDeletesEverything) {
  ASSERT_EQ(Apply().exit_code, 0);
  const std::string before = cli_.Live().dump();
  auto refused = cli_.Run(WithSecret({"destroy", "--auto-approve"}));
  EXPECT_EQ(refused.exit_code, 1);
  for (const char* data : {"mem.bucket.landing", "mem.database.analytics", "mem.table.trips"}) {
    EXPECT_NE(refused.err.find(std::string("--allow-destroy ") + data), std::string::npos)
        << refused.err;
  }
  EXPECT_EQ(cli_.Live().dump(), before) << "a refused destroy changes nothing";
  auto r = cli_.Run(WithSecret({"destroy", "--auto-approve", "--allow-destroy",
                                "mem.bucket.landing", "--allow-destroy", "mem.database.analytics",
                                "--allow-destroy", "mem.table.trips"}));
  ASSERT_EQ(r.exit_code, 0) << r.all();
  const Value after = cli_.Live();
  for (const auto& [kind, objects] : after.items()) {
    EXPECT_TRUE(objects.empty()) << kind << " still holds " << objects.dump();
  }
  EXPECT_EQ(cli_.Run({"state", "list"}).out, "");
}

TEST_F(CliTest, GraphPrintsDot) {
  auto r = cli_.Run(WithSecret({"graph"}));
  ASSERT_EQ(r.exit_code, 0) << r.all();
  EXPECT_EQ(r.out.rfind("digraph causeway {", 0), 0u);
  EXPECT_NE(r.out.find("\"mem.integration.share\" -> \"mem.role.reader\""), std::string::npos)
      << r.out;
}

TEST_F(CliTest, ForceUnlockRemovesAStaleLock) {
  ASSERT_EQ(Apply().exit_code, 0);
  cli_.Write(
      ".causeway/lock.json",
      R"({"id":"deadbeef","who":"ghost","pid":999999,"host":"h","time":"t","operation":"apply"})");
  auto blocked = Apply();
  EXPECT_EQ(blocked.exit_code, 1);
  EXPECT_NE(blocked.err.find("deadbeef"), std::string::npos) << blocked.err;
  EXPECT_EQ(cli_.Run({"force-unlock", "deadbeef"}).exit_code, 0);
  EXPECT_EQ(Apply().exit_code, 0);
}

// Text from outside (here a lock file's holder; equally a manifest key or a cloud's error) can
// hold terminal escape sequences: errors print them as \u00XX, so they cannot clear the screen.
TEST_F(CliTest, ErrorsCannotDriveTheTerminal) {
  ASSERT_EQ(Apply().exit_code, 0);
  cli_.Write(".causeway/lock.json",
             R"({"id":"deadbeef","who":"\u001b[2J\u001b[Hghost\u0007","pid":999999,)"
             R"("host":"h\rX","time":"t","operation":"apply"})");
  auto blocked = Apply();
  EXPECT_EQ(blocked.exit_code, 1);
  EXPECT_NE(blocked.err.find("held by \\u001b[2J\\u001b[Hghost\\u0007 (pid 999999 on h\\u000dX)"),
            std::string::npos)
      << blocked.err;
  for (char c : blocked.err) {
    const auto byte = static_cast<unsigned char>(c);
    EXPECT_FALSE((byte < 0x20 && c != '\n' && c != '\t') || byte == 0x7f)
        << "control byte " << static_cast<int>(byte) << " reached the terminal";
  }
}

// Secrets never reach the state file, plans, logs, or any git object of the state repository.
TEST_F(CliTest, SecretNeverLeaks) {
  std::string everything;
  for (auto args :
       std::vector<std::vector<std::string>>{{"-vv", "plan"},
                                             {"-vv", "--log-format", "json", "plan", "--json"},
                                             {"-vv", "apply", "--auto-approve"},
                                             {"-vv", "plan", "--out", "p.plan"}}) {
    auto r = cli_.Run(WithSecret(args));
    everything += r.all();
  }
  EXPECT_EQ(everything.find(kSecret), std::string::npos);
  EXPECT_EQ(cli_.ReadFile("p.plan").find(kSecret), std::string::npos);
  // Every file under the state directory, including every loose git object (zlib-compressed,
  // so also check through `git cat-file` when git is available).
  for (auto& e : std::filesystem::recursive_directory_iterator(cli_.dir() + "/.causeway")) {
    if (!e.is_regular_file()) continue;
    std::ifstream in(e.path(), std::ios::binary);
    std::string data((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    EXPECT_EQ(data.find(kSecret), std::string::npos) << e.path();
  }
  std::string cmd =
      "cd '" + cli_.dir() +
      "/.causeway' && git cat-file --batch-all-objects --batch 2>/dev/null | grep -c '" + kSecret +
      "'";
  FILE* p = ::popen(cmd.c_str(), "r");
  char buf[64] = {0};
  size_t n = std::fread(buf, 1, sizeof(buf) - 1, p);
  ::pclose(p);
  EXPECT_EQ(std::string(buf, n).substr(0, 1), "0") << "secret found in a git object";
  // The value did reach the provider.
  EXPECT_EQ(cli_.Live()["mem.secret"]["api-key"]["attributes"]["value"], kSecret);
}

}  // namespace
}  // namespace causeway::testing
