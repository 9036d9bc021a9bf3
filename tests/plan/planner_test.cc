// Planner against a MemoryProvider: create, update, replace, delete, no-op, deferred updates
// through a broken cycle, adoption, destroy safety, --target, destroy mode, refresh=false.
#include "reconciler/plan/planner.h"

#include <gtest/gtest.h>

#include "reconciler/plan/plan_json.h"
#include "tests/plan/plan_fixtures.h"

namespace causeway {
namespace {

using testing_plan::Manifests;
using testing_plan::MemWorld;
using testing_plan::Res;
using testing_plan::StateOf;

const char* kRoleSpec = R"({"role_name": "reader", "trust_policy": {"Statement": [
    {"Effect": "Allow", "Principal": {"AWS": "${mem.integration.lake.iam_user_arn}"},
     "Condition": {"StringEquals": {"sts:ExternalId": "${mem.integration.lake.external_id}"}}}]}})";
const char* kIntegrationSpec =
    R"({"name": "lake", "role_arn": "${mem.role.reader.arn}", "allowed_locations": ["s3://lake/"]})";

const Change* Find(const Plan& p, const std::string& address, Action action) {
  for (const auto& c : p.changes) {
    if (c.address.str() == address && c.action == action) return &c;
  }
  return nullptr;
}

const Change* Main(const Plan& p, const std::string& address) {
  for (const auto& c : p.changes) {
    if (c.address.str() == address && c.action != Action::kDeferredUpdate) return &c;
  }
  return nullptr;
}

std::vector<std::string> Order(const Plan& p) {
  std::vector<std::string> out;
  for (const auto& c : p.changes) out.push_back(c.address.str() + ":" + ActionName(c.action));
  return out;
}

Result<PlanResult> MakePlan(MemWorld& w, const ManifestSet& m, const State& s,
                            PlanOptions options = {}) {
  return Planner(&w.registry).MakePlan(m, s, options);
}

TEST(PlannerTest, CreatesWithUnknownOutputsAndDependencies) {
  MemWorld w;
  ManifestSet m = Manifests({
      Res("mem.grant.read", R"({"principal": "analyst", "on": "${mem.bucket.raw.arn}",
                                "privileges": ["read"]})"),
      Res("mem.bucket.raw", R"({"bucket": "raw-data", "versioning": true})"),
  });
  auto r = MakePlan(w, m, State{});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  const Plan& p = r->plan;
  EXPECT_EQ(Order(p), (std::vector<std::string>{"mem.bucket.raw:create", "mem.grant.read:create"}));
  const Change* grant = Main(p, "mem.grant.read");
  EXPECT_TRUE(IsUnknown(grant->after["on"])) << "output of a resource being created";
  EXPECT_EQ(grant->config["on"], "${mem.bucket.raw.arn}") << "config keeps references";
  EXPECT_EQ(grant->depends_on, (std::vector<std::string>{"mem.bucket.raw"}));
  const Change* bucket = Main(p, "mem.bucket.raw");
  EXPECT_EQ(bucket->after, Value::parse(R"({"bucket": "raw-data", "versioning": true,
                                           "tags": {}})"));
  EXPECT_TRUE(bucket->holds_data);
  EXPECT_EQ(p.manifest_digest, "sha256:test");
  EXPECT_EQ(w.recorder->mutations, 0) << "planning never mutates";
  ASSERT_EQ(w.recorder->batches.size(), 1u) << "one observe() per provider";
  EXPECT_EQ(w.recorder->batches[0].size(), 2u);
  EXPECT_EQ(w.recorder->batches[0][0].attributes.get()["bucket"], "raw-data")
      << "manifest-only resources are observed by natural key";
  EXPECT_TRUE(w.recorder->batches[0][0].id.empty());
}

TEST(PlannerTest, NoOpUpdateAndOutOfBandDrift) {
  MemWorld w;
  State s = StateOf({w.Create("mem.bucket.raw", Value::parse(R"({"bucket": "raw"})")),
                     w.Create("mem.grant.g", Value::parse(R"({"principal": "p", "on": "raw",
                                                              "privileges": ["READ"]})"),
                              {"mem.bucket.raw"})});
  ManifestSet m = Manifests({
      Res("mem.bucket.raw", R"({"bucket": "raw"})"),
      Res("mem.grant.g", R"({"principal": "p", "on": "${mem.bucket.raw.bucket}",
                             "privileges": ["read"]})"),
  });
  auto r = MakePlan(w, m, s);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_FALSE(r->plan.HasChanges()) << "normalised privileges and referenced inputs match";
  EXPECT_EQ(r->plan.changes.size(), 2u) << "no-ops are kept";
  EXPECT_EQ(r->plan.lineage, "lineage-1");
  EXPECT_EQ(r->plan.serial, 7u);
  EXPECT_EQ(r->plan.changes[0].id, "raw") << "the observed object is in the change";
  EXPECT_EQ(r->plan.changes[0].before_outputs.value("arn", ""), "arn:mem:s3:::raw");
  EXPECT_EQ(w.recorder->batches.at(0).at(0).id, "raw") << "state entries observed by id";

  // Someone turns versioning on by hand: the plan turns it back off (schema default).
  w.mem->PutOutOfBand("mem.bucket", "raw",
                      {Value::parse(R"({"bucket": "raw", "versioning": true, "tags": {}})"),
                       Value::parse(R"({"arn": "arn:mem:s3:::raw"})")});
  r = MakePlan(w, m, s);
  ASSERT_TRUE(r.ok());
  const Change* bucket = Main(r->plan, "mem.bucket.raw");
  ASSERT_EQ(bucket->action, Action::kUpdate);
  ASSERT_EQ(bucket->attribute_changes.size(), 1u);
  EXPECT_EQ(bucket->attribute_changes[0].name, "versioning");
  EXPECT_EQ(bucket->attribute_changes[0].before, true);
  EXPECT_EQ(bucket->attribute_changes[0].after, false);
  EXPECT_EQ(bucket->before["versioning"], true);
  EXPECT_EQ(bucket->id, "raw");
  EXPECT_EQ(Main(r->plan, "mem.grant.g")->action, Action::kNoOp);
  EXPECT_TRUE(Main(r->plan, "mem.grant.g")->depends_on.size() == 1u);
}

TEST(PlannerTest, ResolvesWhatRefreshObservedNotWhatTheStateRemembers) {
  // The grant is not in the state, so it is resolved before refresh (to find it by natural key)
  // from the state's outputs, and again after refresh from the observed ones, which moved.
  MemWorld w;
  State s = StateOf({w.Create("mem.bucket.raw", Value::parse(R"({"bucket": "raw"})"))});
  w.mem->PutOutOfBand("mem.bucket", "raw",
                      {Value::parse(R"({"bucket": "raw", "versioning": false, "tags": {}})"),
                       Value::parse(R"({"arn": "arn:mem:s3:::moved"})")});
  ManifestSet m = Manifests({
      Res("mem.bucket.raw", R"({"bucket": "raw"})"),
      Res("mem.grant.g", R"({"principal": "p", "on": "${mem.bucket.raw.arn}",
                             "privileges": ["read"]})"),
      Res("mem.grant.h", R"({"principal": "p", "on": "${mem.bucket.raw.bucket}",
                             "privileges": ["read"]})"),
  });
  ASSERT_NE(s.resources.at("mem.bucket.raw").outputs.value("arn", ""), "arn:mem:s3:::moved");
  auto r = MakePlan(w, m, s);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(Main(r->plan, "mem.grant.g")->after["on"], "arn:mem:s3:::moved");
  EXPECT_EQ(Main(r->plan, "mem.grant.h")->after["on"], "raw") << "an input: same in both passes";
}

TEST(PlannerTest, ReferenceToAChangedInputResolvesToTheNewValue) {
  // Both exist and are in the state, so both are resolved after refresh, in dependency order: the
  // bucket is planned (an update) before the grant reads its new versioning, not the live one.
  MemWorld w;
  State s = StateOf({w.Create("mem.bucket.raw", Value::parse(R"({"bucket": "raw"})")),
                     w.Create("mem.grant.g", Value::parse(R"({"principal": "p", "on": "v-false",
                                                              "privileges": ["read"]})"))});
  ManifestSet m = Manifests({
      Res("mem.bucket.raw", R"({"bucket": "raw", "versioning": true})"),
      Res("mem.grant.g", R"({"principal": "p", "on": "v-${mem.bucket.raw.versioning}",
                             "privileges": ["read"]})"),
  });
  auto r = MakePlan(w, m, s);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(Main(r->plan, "mem.bucket.raw")->action, Action::kUpdate);
  EXPECT_EQ(Main(r->plan, "mem.bucket.raw")->after["versioning"], true);
  EXPECT_EQ(Main(r->plan, "mem.grant.g")->after["on"], "v-true");
  EXPECT_NE(Main(r->plan, "mem.grant.g")->action, Action::kNoOp);
}

TEST(PlannerTest, RefreshHandsProvidersTheStatesAttributesWithoutCopyingThem) {
  MemWorld w;
  State s = StateOf({w.Create("mem.bucket.raw", Value::parse(R"({"bucket": "raw"})"))});
  ManifestSet m = Manifests({
      Res("mem.bucket.raw", R"({"bucket": "raw"})"),
      Res("mem.bucket.new", R"({"bucket": "new"})"),
  });
  auto r = MakePlan(w, m, s);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(w.recorder->read_at.at("mem.bucket.raw"), &s.resources.at("mem.bucket.raw").attributes)
      << "a state entry is observed through a view of the state";
  EXPECT_EQ(w.recorder->batches.at(0).at(0).attributes.get(), Value::parse(R"({"bucket": "new"})"))
      << "a manifest-only resource carries its own known attributes";

  // A copied view still reads the viewed value; an owned value is copied.
  Value v = Value::parse(R"({"bucket": "raw"})");
  ItemAttributes view = ItemAttributes::View(v);
  ItemAttributes view_copy = view;
  EXPECT_EQ(&view_copy.get(), &v);
  ItemAttributes owned(v);
  ItemAttributes owned_copy = owned;
  EXPECT_NE(&owned_copy.get(), &owned.get());
  EXPECT_EQ(owned_copy.get(), v);
  EXPECT_EQ(ItemAttributes().get(), Value::object());
}

TEST(PlannerTest, ForceNewChangeReplacesAndNeedsOptInForData) {
  MemWorld w;
  State s = StateOf({w.Create("mem.table.trips", Value::parse(R"({"database": "raw",
      "name": "trips", "columns": ["id"], "location": "s3://old/"})"))});
  auto manifests = [](Lifecycle lc) {
    return Manifests({Res("mem.table.trips", R"({"database": "raw", "name": "trips",
        "columns": ["id"], "location": "s3://new/"})",
                          lc)});
  };
  auto refused = MakePlan(w, manifests({}), s);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(refused.status().message(),
            "mem.table.trips must be replaced because 'location' forces replacement, and "
            "mem.table holds data: set lifecycle.allow_destroy: true or pass --allow-destroy "
            "mem.table.trips");

  Lifecycle allow;
  allow.allow_destroy = true;
  PlanOptions flag;
  flag.allow_destroy = {"mem.table.trips"};
  struct Case {
    std::string reason;
    Lifecycle lc;
    PlanOptions options;
  } cases[] = {{"lifecycle.allow_destroy", allow, {}}, {"--allow-destroy", {}, flag}};
  for (const auto& c : cases) {
    auto r = MakePlan(w, manifests(c.lc), s, c.options);
    ASSERT_TRUE(r.ok()) << c.reason << ": " << r.status().ToString();
    const Change* t = Main(r->plan, "mem.table.trips");
    EXPECT_EQ(t->action, Action::kReplace) << c.reason;
    EXPECT_EQ(t->replace_reasons, (std::vector<std::string>{"location"})) << c.reason;
    EXPECT_TRUE(t->holds_data) << c.reason;
    EXPECT_TRUE(t->allow_destroy) << c.reason;
    ASSERT_EQ(t->attribute_changes.size(), 1u) << c.reason;
    EXPECT_TRUE(t->attribute_changes[0].forces_replacement) << c.reason;
  }

  Lifecycle prevent = allow;
  prevent.prevent_destroy = true;
  auto r = MakePlan(w, manifests(prevent), s, flag);
  ASSERT_FALSE(r.ok()) << "prevent_destroy wins over every opt-in";
  EXPECT_EQ(r.status().message(),
            "mem.table.trips must be replaced because 'location' forces replacement, but it has "
            "lifecycle.prevent_destroy: true (remove it to allow this)");
}

TEST(PlannerTest, DeletesDependentsFirstAndGuardsData) {
  MemWorld w;
  State s = StateOf({
      w.Create("mem.role.r", Value::parse(R"({"role_name": "r", "trust_policy": {}})")),
      w.Create("mem.grant.g", Value::parse(R"({"principal": "r", "on": "x",
                                               "privileges": []})"),
               {"mem.role.r"}),
      w.Create("mem.bucket.old", Value::parse(R"({"bucket": "old"})")),
  });
  auto refused = MakePlan(w, Manifests({}), s);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().message(),
            "mem.bucket.old would be deleted (it is no longer in the manifests), and mem.bucket "
            "holds data: pass --allow-destroy mem.bucket.old");

  PlanOptions o;
  o.allow_destroy = {"mem.bucket.old"};
  auto r = MakePlan(w, Manifests({}), s, o);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(Order(r->plan), (std::vector<std::string>{"mem.bucket.old:delete", "mem.grant.g:delete",
                                                      "mem.role.r:delete"}));
  EXPECT_EQ(Main(r->plan, "mem.role.r")->depends_on, (std::vector<std::string>{"mem.grant.g"}));
  EXPECT_TRUE(Main(r->plan, "mem.grant.g")->depends_on.empty());
  EXPECT_TRUE(Main(r->plan, "mem.bucket.old")->allow_destroy);
  EXPECT_EQ(Main(r->plan, "mem.role.r")->id, "r");
  EXPECT_TRUE(Main(r->plan, "mem.role.r")->after.is_null());

  // Gone out of band: only dropped from state, no opt-in needed.
  w.mem->EraseOutOfBand("mem.bucket", "old");
  r = MakePlan(w, Manifests({}), s);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(Main(r->plan, "mem.bucket.old")->reason,
            "already deleted outside Causeway; this only removes it from the state");
}

TEST(PlannerTest, DestroyModeDeletesEverythingAndHonoursPreventDestroy) {
  MemWorld w;
  State s = StateOf({
      w.Create("mem.role.r", Value::parse(R"({"role_name": "r", "trust_policy": {}})")),
      w.Create("mem.grant.g", Value::parse(R"({"principal": "r", "on": "x",
                                               "privileges": []})"),
               {"mem.role.r"}),
  });
  ManifestSet m = Manifests({Res("mem.role.r", R"({"role_name": "r", "trust_policy": {}})"),
                             Res("mem.grant.g", R"({"principal": "${mem.role.r.role_name}",
                                 "on": "x", "privileges": []})")});
  PlanOptions o;
  o.destroy = true;
  auto r = MakePlan(w, m, s, o);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_TRUE(r->plan.destroy);
  EXPECT_EQ(Order(r->plan), (std::vector<std::string>{"mem.grant.g:delete", "mem.role.r:delete"}));

  m.resources[0].lifecycle.prevent_destroy = true;
  r = MakePlan(w, m, s, o);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(),
            "mem.role.r would be deleted, but it has lifecycle.prevent_destroy: true (remove it "
            "to allow this)");

  o.targets = {"mem.grant.g"};
  r = MakePlan(w, m, s, o);
  ASSERT_TRUE(r.ok()) << "destroying a target leaves its dependencies";
  EXPECT_EQ(Order(r->plan), (std::vector<std::string>{"mem.grant.g:delete"}));
}

TEST(PlannerTest, CycleCreatesWithBootstrapThenDeferredUpdate) {
  MemWorld w;
  ManifestSet m =
      Manifests({Res("mem.role.reader", kRoleSpec), Res("mem.integration.lake", kIntegrationSpec)});
  auto r = MakePlan(w, m, State{});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  const Plan& p = r->plan;
  EXPECT_EQ(Order(p),
            (std::vector<std::string>{"mem.role.reader:create", "mem.integration.lake:create",
                                      "mem.role.reader:deferred-update"}));
  const Change* role = Main(p, "mem.role.reader");
  EXPECT_EQ(role->bootstrap_attributes, (std::vector<std::string>{"trust_policy"}));
  EXPECT_EQ(role->after["trust_policy"],
            Value::parse(R"({"Version": "2012-10-17", "Statement": []})"));
  EXPECT_EQ(role->config["trust_policy"], Value::parse(kRoleSpec)["trust_policy"]);
  EXPECT_TRUE(role->depends_on.empty());
  const Change* integ = Main(p, "mem.integration.lake");
  EXPECT_EQ(integ->depends_on, (std::vector<std::string>{"mem.role.reader"}));
  EXPECT_TRUE(IsUnknown(integ->after["role_arn"]));
  const Change* deferred = Find(p, "mem.role.reader", Action::kDeferredUpdate);
  ASSERT_NE(deferred, nullptr);
  EXPECT_EQ(deferred->depends_on,
            (std::vector<std::string>{"mem.integration.lake", "mem.role.reader"}));
  ASSERT_EQ(deferred->attribute_changes.size(), 1u);
  EXPECT_EQ(deferred->attribute_changes[0].name, "trust_policy");
  EXPECT_EQ(deferred->attribute_changes[0].before, role->after["trust_policy"]);
  EXPECT_TRUE(ContainsUnknown(deferred->attribute_changes[0].after));
  EXPECT_EQ(deferred->reason,
            "trust_policy references mem.integration.lake outputs that exist only after it is "
            "created");
  EXPECT_EQ(p.Count(Action::kDeferredUpdate), 1);
}

TEST(PlannerTest, ExistingCycleNeedsNoDeferredStepWhenValuesAreKnown) {
  MemWorld w;
  Value boot = Value::parse(R"({"Version": "2012-10-17", "Statement": []})");
  ResourceState role =
      w.Create("mem.role.reader", Value{{"role_name", "reader"}, {"trust_policy", boot}});
  ResourceState integ = w.Create("mem.integration.lake",
                                 Value{{"name", "lake"},
                                       {"role_arn", role.outputs["arn"]},
                                       {"allowed_locations", Value::array({"s3://lake/"})}},
                                 {"mem.role.reader"});
  State s = StateOf({role, integ});
  ManifestSet m =
      Manifests({Res("mem.role.reader", kRoleSpec), Res("mem.integration.lake", kIntegrationSpec)});
  auto r = MakePlan(w, m, s);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(Order(r->plan),
            (std::vector<std::string>{"mem.role.reader:update", "mem.integration.lake:no-op"}));
  const Change* c = Main(r->plan, "mem.role.reader");
  ASSERT_EQ(c->attribute_changes.size(), 1u);
  EXPECT_EQ(c->attribute_changes[0].after["Statement"][0]["Principal"]["AWS"],
            integ.outputs["iam_user_arn"]);
  EXPECT_FALSE(ContainsUnknown(c->config)) << "known value resolved into config";

  // Renaming the integration replaces it: the role's trust policy is deferred.
  m.resources[1].spec["name"] = "lake2";
  r = MakePlan(w, m, s);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(Order(r->plan),
            (std::vector<std::string>{"mem.role.reader:no-op", "mem.integration.lake:replace",
                                      "mem.role.reader:deferred-update"}));
  const Change* d = Find(r->plan, "mem.role.reader", Action::kDeferredUpdate);
  EXPECT_EQ(d->depends_on, (std::vector<std::string>{"mem.integration.lake"}))
      << "the role itself has no step to wait for";
  EXPECT_EQ(d->attribute_changes.at(0).before, boot);
  EXPECT_TRUE(ContainsUnknown(d->attribute_changes.at(0).after));
  EXPECT_EQ(d->id, "reader");
  EXPECT_EQ(Main(r->plan, "mem.role.reader")->config["trust_policy"], boot)
      << "the in-place update keeps the live trust policy until the deferred step";
}

TEST(PlannerTest, BrokenCycleEdgeReadsTheNewInputOfItsTarget) {
  // The role's trust policy reads the integration's comment through the edge broken in their
  // cycle. The integration is planned (an update) before the role's broken edge is resolved
  // again, which must still see the new comment rather than the live one.
  MemWorld w;
  Value boot = Value::parse(R"({"Version": "2012-10-17", "Statement": []})");
  ResourceState role =
      w.Create("mem.role.reader", Value{{"role_name", "reader"}, {"trust_policy", boot}});
  ResourceState integ =
      w.Create("mem.integration.lake",
               Value{{"name", "lake"}, {"role_arn", role.outputs["arn"]}, {"comment", "old"}},
               {"mem.role.reader"});
  State s = StateOf({role, integ});
  ManifestSet m = Manifests({
      Res("mem.role.reader", R"({"role_name": "reader", "trust_policy": {"Statement": [
            {"Effect": "Allow", "Principal": {"AWS": "${mem.integration.lake.iam_user_arn}"},
             "Sid": "${mem.integration.lake.comment}"}]}})"),
      Res("mem.integration.lake",
          R"({"name": "lake", "role_arn": "${mem.role.reader.arn}", "comment": "new"})"),
  });
  auto r = MakePlan(w, m, s);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(Order(r->plan),
            (std::vector<std::string>{"mem.role.reader:update", "mem.integration.lake:update"}));
  EXPECT_EQ(Main(r->plan, "mem.integration.lake")->after["comment"], "new");
  EXPECT_EQ(Main(r->plan, "mem.role.reader")->after["trust_policy"]["Statement"][0]["Sid"], "new");
}

TEST(PlannerTest, AdoptsLiveObjectMissingFromState) {
  MemWorld w;
  w.Create("mem.bucket.raw", Value::parse(R"({"bucket": "raw"})"));
  ManifestSet m = Manifests({Res("mem.bucket.raw", R"({"bucket": "raw"})")});
  auto r = MakePlan(w, m, State{});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  const Change* c = Main(r->plan, "mem.bucket.raw");
  EXPECT_EQ(c->action, Action::kUpdate) << "never a duplicate create; adopted into state";
  EXPECT_TRUE(c->attribute_changes.empty()) << "it already matches: nothing to send";
  EXPECT_EQ(c->id, "raw");
  EXPECT_EQ(c->reason, "exists but is not in the state; it will be adopted");

  m.resources[0].spec["versioning"] = true;
  r = MakePlan(w, m, State{});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(Main(r->plan, "mem.bucket.raw")->action, Action::kUpdate);
}

TEST(PlannerTest, RecreatesWhatWasDeletedOutOfBand) {
  MemWorld w;
  State s = StateOf({w.Create("mem.grant.g", Value::parse(R"({"principal": "p", "on": "x",
                                                              "privileges": []})"))});
  w.mem->EraseOutOfBand("mem.grant", "x/p");
  ManifestSet m = Manifests({Res("mem.grant.g", R"({"principal": "p", "on": "x",
                                                    "privileges": []})")});
  auto r = MakePlan(w, m, s);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(Main(r->plan, "mem.grant.g")->action, Action::kCreate);
  EXPECT_EQ(Main(r->plan, "mem.grant.g")->reason,
            "was deleted outside Causeway; it will be created again");

  PlanOptions no_refresh;
  no_refresh.refresh = false;
  r = MakePlan(w, m, s, no_refresh);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(Main(r->plan, "mem.grant.g")->action, Action::kNoOp) << "state is trusted";
  EXPECT_TRUE(w.recorder->batches.size() == 1u) << "refresh=false observes nothing";
}

TEST(PlannerTest, SensitiveValuesStayOutOfThePlan) {
  MemWorld w;
  ManifestSet m = Manifests({Res("mem.secret.api", R"({"name": "api", "value": "hunter2"})")});
  auto r = MakePlan(w, m, State{});
  ASSERT_TRUE(r.ok());
  const Change* c = Main(r->plan, "mem.secret.api");
  EXPECT_FALSE(c->after.contains("value"));
  EXPECT_FALSE(c->config.contains("value"));
  EXPECT_EQ(PlanToJson(r->plan).dump().find("hunter2"), std::string::npos);
  ASSERT_EQ(c->attribute_changes.size(), 2u);
  EXPECT_TRUE(c->attribute_changes[1].sensitive);

  ResourceState st = w.Create("mem.secret.api", Value::parse(R"({"name": "api",
                                                                 "value": "hunter2"})"));
  st.sensitive_hashes["value"] = SensitiveHash(Value("hunter2"), "pepper");
  State s = StateOf({st});
  r = MakePlan(w, m, s);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(Main(r->plan, "mem.secret.api")->action, Action::kNoOp) << "hash matches";
  m.resources[0].spec["value"] = "rotated";
  r = MakePlan(w, m, s);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(Main(r->plan, "mem.secret.api")->action, Action::kUpdate) << "hash differs";
}

TEST(PlannerTest, TargetPlansOnlyTargetsAndTheirDependencies) {
  MemWorld w;
  State s = StateOf({w.Create("mem.grant.stale", Value::parse(R"({"principal": "p",
                                                                  "on": "y", "privileges": []})"))});
  ManifestSet m = Manifests({
      Res("mem.bucket.a", R"({"bucket": "a"})"),
      Res("mem.bucket.b", R"({"bucket": "b"})"),
      Res("mem.grant.g", R"({"principal": "p", "on": "${mem.bucket.a.arn}", "privileges": []})"),
      // A cycle broken through the role's trust policy, outside most targets' scope.
      Res("mem.role.reader", kRoleSpec),
      Res("mem.integration.lake", kIntegrationSpec),
  });
  struct Case {
    std::string reason;
    std::set<std::string> targets;
    std::vector<std::string> order;
  } cases[] = {
      {"a target pulls in its dependencies",
       {"mem.grant.g"},
       {"mem.bucket.a:create", "mem.grant.g:create"}},
      {"a dependency alone", {"mem.bucket.b"}, {"mem.bucket.b:create"}},
      {"a target in a cycle pulls in the whole cycle",
       {"mem.integration.lake"},
       {"mem.role.reader:create", "mem.integration.lake:create",
        "mem.role.reader:deferred-update"}},
      {"a state-only target is deleted", {"mem.grant.stale"}, {"mem.grant.stale:delete"}},
  };
  for (const auto& c : cases) {
    PlanOptions o;
    o.targets = c.targets;
    auto r = MakePlan(w, m, s, o);
    ASSERT_TRUE(r.ok()) << c.reason << ": " << r.status().ToString();
    EXPECT_EQ(Order(r->plan), c.order) << c.reason;
  }
  PlanOptions o;
  o.targets = {"mem.bucket.nope"};
  auto r = MakePlan(w, m, s, o);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(), "target mem.bucket.nope is not in the manifests or the state");
}

TEST(PlannerTest, ErrorsAndDeterminism) {
  MemWorld w;
  ManifestSet cyclic = Manifests({
      Res("mem.grant.a", R"({"principal": "${mem.grant.b.on}", "on": "x", "privileges": []})"),
      Res("mem.grant.b", R"({"principal": "${mem.grant.a.on}", "on": "y", "privileges": []})"),
  });
  auto r = MakePlan(w, cyclic, State{});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(),
            "dependency cycle: mem.grant.a -> mem.grant.b -> mem.grant.a (no attribute in it is "
            "updatable_after_create)");

  ManifestSet m =
      Manifests({Res("mem.role.reader", kRoleSpec), Res("mem.integration.lake", kIntegrationSpec),
                 Res("mem.bucket.b", R"({"bucket": "b"})")});
  auto first = MakePlan(w, m, State{});
  auto second = MakePlan(w, m, State{});
  ASSERT_TRUE(first.ok() && second.ok());
  EXPECT_EQ(PlanToJson(first->plan).dump(), PlanToJson(second->plan).dump());

  w.mem->FailOn("observe", "mem.bucket.b", Status::ProviderError("throttled"));
  r = MakePlan(w, m, State{});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kProviderError);
}

TEST(PlannerTest, TwentyThousandResources) {
  MemWorld w;
  std::vector<ResourceDecl> decls;
  const int n = 10000;
  for (int i = 0; i < n; ++i) {
    std::string b = "b" + std::to_string(i);
    decls.push_back(Res("mem.bucket." + b, R"({"bucket": ")" + b + R"("})"));
    decls.push_back(
        Res("mem.grant.g" + std::to_string(i),
            R"({"principal": "p", "on": "${mem.bucket.)" + b + R"(.arn}", "privileges": []})"));
  }
  auto r = MakePlan(w, Manifests(std::move(decls)), State{});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_EQ(r->plan.changes.size(), static_cast<size_t>(2 * n));
  EXPECT_EQ(r->plan.Count(Action::kCreate), 2 * n);
  std::map<std::string, size_t> pos;
  for (size_t i = 0; i < r->plan.changes.size(); ++i) pos[r->plan.changes[i].address.str()] = i;
  for (const auto& c : r->plan.changes) {
    for (const auto& d : c.depends_on) ASSERT_LT(pos.at(d), pos.at(c.address.str()));
  }
  EXPECT_EQ(Main(r->plan, "mem.grant.g9999")->depends_on,
            (std::vector<std::string>{"mem.bucket.b9999"}));
  EXPECT_EQ(w.recorder->batches.size(), 1u);
}

}  // namespace
}  // namespace causeway
