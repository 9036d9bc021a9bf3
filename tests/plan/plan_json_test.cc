// Plan JSON: exact round trip, summary, and errors naming the offending field.
#include "reconciler/plan/plan_json.h"

#include <gtest/gtest.h>

namespace causeway {
namespace {

Plan FullPlan() {
  Plan p;
  p.lineage = "7f1c";
  p.serial = 42;
  p.manifest_digest = "sha256:abc";
  p.manifest_revision = "deadbeef";
  p.destroy = false;
  Change create;
  create.address = {"mem.role", "reader"};
  create.action = Action::kCreate;
  create.after = Value::parse(R"({"role_name": "reader", "trust_policy": {"Statement": []}})");
  create.config = Value::parse(R"({"role_name": "reader", "trust_policy": "${var.x}"})");
  create.attribute_changes = {{"role_name", Value(), "reader", false, false}};
  create.bootstrap_attributes = {"trust_policy"};
  create.holds_data = false;
  Change replace;
  replace.address = {"mem.table", "trips"};
  replace.action = Action::kReplace;
  replace.id = "RAW.TRIPS";
  replace.before = Value::parse(R"({"location": "s3://old", "columns": [1, 2.5, -3]})");
  replace.before_outputs = Value::object();
  replace.after = Value::parse(R"({"location": "s3://new", "ref": {"$unknown": true}})");
  replace.attribute_changes = {{"location", "s3://old", "s3://new", true, false},
                               {"secret", "(sensitive)", "(sensitive)", false, true}};
  replace.replace_reasons = {"location"};
  replace.depends_on = {"mem.role.reader"};
  replace.reason = "why";
  replace.holds_data = true;
  replace.allow_destroy = true;
  Change deferred;
  deferred.address = {"mem.role", "reader"};
  deferred.action = Action::kDeferredUpdate;
  deferred.attribute_changes = {{"trust_policy", Value::object(), UnknownValue(), false, false}};
  deferred.depends_on = {"mem.role.reader", "mem.table.trips"};
  Change del;
  del.address = {"mem.grant", "old"};
  del.action = Action::kDelete;
  del.id = "x/p";
  p.changes = {create, replace, deferred, del};
  return p;
}

TEST(PlanJsonTest, RoundTripsExactly) {
  Plan p = FullPlan();
  Value j = PlanToJson(p);
  auto back = PlanFromJson(Value::parse(j.dump()));
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(PlanToJson(*back).dump(), j.dump());
  const Change& r = back->changes[1];
  EXPECT_EQ(r.address, (Address{"mem.table", "trips"}));
  EXPECT_EQ(r.action, Action::kReplace);
  EXPECT_EQ(r.before, p.changes[1].before);
  EXPECT_TRUE(ContainsUnknown(r.after));
  EXPECT_TRUE(r.attribute_changes[0].forces_replacement);
  EXPECT_TRUE(r.attribute_changes[1].sensitive);
  EXPECT_EQ(r.replace_reasons, p.changes[1].replace_reasons);
  EXPECT_TRUE(r.allow_destroy);
  EXPECT_EQ(back->changes[0].bootstrap_attributes, p.changes[0].bootstrap_attributes);
  EXPECT_TRUE(back->changes[0].before.is_null());
  EXPECT_EQ(back->serial, 42u);
  EXPECT_EQ(back->manifest_revision, "deadbeef");
}

TEST(PlanJsonTest, WritesSummaryAndStableFieldNames) {
  Value j = PlanToJson(FullPlan());
  EXPECT_EQ(j["format_version"], 1);
  EXPECT_EQ(j["summary"], Value::parse(R"({"create": 1, "update": 0, "replace": 1,
                                           "delete": 1, "deferred_update": 1})"));
  EXPECT_EQ(j["changes"][2]["action"], "deferred-update");
  EXPECT_EQ(j["changes"][0]["address"], "mem.role.reader");
  EXPECT_EQ(j["changes"][0]["kind"], "mem.role");
  EXPECT_EQ(j["changes"][0]["name"], "reader");
}

TEST(PlanJsonTest, RejectsDocumentsNotFollowingTheSchema) {
  struct Case {
    std::string reason;
    std::function<void(Value*)> edit;
    std::string message;
  } cases[] = {
      {"not an object", [](Value* j) { *j = Value::array(); }, "plan: expected an object"},
      {"newer format", [](Value* j) { (*j)["format_version"] = 2; },
       "plan.format_version: 2 is not supported (this causeway reads format 1)"},
      {"missing serial", [](Value* j) { j->erase("serial"); },
       "plan.serial: expected a non-negative integer"},
      {"negative serial", [](Value* j) { (*j)["serial"] = -1; },
       "plan.serial: expected a non-negative integer"},
      {"bad action", [](Value* j) { (*j)["changes"][1]["action"] = "explode"; },
       "plan.changes[1].action: unknown action \"explode\" (expected no-op, create, update, "
       "replace, delete or deferred-update)"},
      {"address mismatch", [](Value* j) { (*j)["changes"][0]["name"] = "writer"; },
       "plan.changes[0].address: \"mem.role.reader\" does not match kind and name"},
      {"depends_on not a list", [](Value* j) { (*j)["changes"][3]["depends_on"] = "x"; },
       "plan.changes[3].depends_on: expected a list of strings"},
      {"attribute change flag",
       [](Value* j) { (*j)["changes"][1]["attribute_changes"][0]["forces_replacement"] = "yes"; },
       "plan.changes[1].attribute_changes[0].forces_replacement: expected true or false"},
      {"missing before", [](Value* j) { (*j)["changes"][2].erase("before"); },
       "plan.changes[2].before: expected a value (null when absent)"},
  };
  for (const auto& c : cases) {
    Value j = PlanToJson(FullPlan());
    c.edit(&j);
    auto r = PlanFromJson(j);
    ASSERT_FALSE(r.ok()) << c.reason;
    EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument) << c.reason;
    EXPECT_EQ(r.status().message(), c.message) << c.reason;
  }
}

}  // namespace
}  // namespace causeway
