// The 20-step scenario shared by the rollback matrix and the crash-recovery tests: a world of
// pre-existing objects and a plan that mixes creates (with references and a deferred update
// that breaks a role <-> integration cycle), in-place updates, deletes and a replace, with
// dependencies. Deleted and replaced kinds have no generated outputs, so a rollback that
// re-creates them restores the live state byte for byte. The seeded objects record the
// dependencies an apply would have (tables on their database, the policy on its role), since
// the memory provider refuses to delete a parent before its children. Header-only.
#pragma once

#include "tests/support/apply_fixtures.h"

namespace causeway::apply_test {

constexpr int kScenarioSteps = 20;
constexpr int kScenarioMutations = 21;  // the replace is two mutations

// Seeds `world` with the objects that exist before the apply.
inline void SeedScenario(World* w) {
  w->Seed("mem.role.old1", {{"role_name", "old1"}, {"trust_policy", TrustPolicy("old")}});
  w->Seed("mem.database.db1", {{"name", "DB1"}, {"comment", "first"}});
  w->Seed("mem.grant.g_old", {{"principal", "p_old"}, {"on", "DB1"}, {"privileges", {"USAGE"}}});
  w->Seed("mem.grant.g_upd", {{"principal", "p_upd"}, {"on", "DB1"}, {"privileges", {"USAGE"}}});
  w->Seed("mem.role_policy.rp_old",
          {{"role", "old1"}, {"policy_name", "legacy"}, {"policy", Value::object()}},
          {"mem.role.old1"});
  w->Seed("mem.table.t_old",
          {{"database", "DB1"},
           {"name", "T_OLD"},
           {"columns", Value::array({"a"})},
           {"location", "s3://old/"}},
          {"mem.database.db1"});
  w->Seed("mem.table.t_keep",
          {{"database", "DB1"}, {"name", "T_KEEP"}, {"columns", Value::array({"k"})}},
          {"mem.database.db1"});
  w->Seed("mem.bucket.b1", {{"bucket", "b1"}});
  w->Seed("mem.database.same", {{"name", "SAME"}});
}

// The plan over a world seeded by SeedScenario. Secret values come from SecretsForScenario().
inline Plan ScenarioPlan(const State& s) {
  Plan p;
  p.lineage = s.lineage;
  p.serial = s.serial;
  auto& c = p.changes;
  c.push_back(MakeNoOp(s, "mem.database.same"));
  c.push_back(MakeCreate("mem.role.r1", {{"role_name", "r1"}, {"trust_policy", TrustPolicy("x")}}));
  c.push_back(MakeCreate("mem.integration.i1", {{"name", "i1"}, {"role_arn", "${mem.role.r1.arn}"}},
                         {"mem.role.r1"}));
  c.push_back(MakeCreate(
      "mem.role_policy.rp1",
      {{"role", "${mem.role.r1.role_name}"}, {"policy_name", "read"}, {"policy", Value::object()}},
      {"mem.role.r1"}));
  c.push_back(MakeCreate("mem.bucket.b2", {{"bucket", "b2"}}));
  c.push_back(MakeCreate("mem.grant.g1",
                         {{"principal", "${mem.integration.i1.iam_user_arn}"},
                          {"on", "${mem.bucket.b2.arn}"},
                          {"privileges", {"READ"}}},
                         {"mem.integration.i1", "mem.bucket.b2"}));
  c.push_back(MakeCreate("mem.database.db2", {{"name", "db2"}}));
  c.push_back(MakeCreate(
      "mem.table.t1",
      {{"database", "${mem.database.db2.name}"}, {"name", "t1"}, {"columns", Value::array({"id"})}},
      {"mem.database.db2"}));
  c.push_back(MakeCreate(
      "mem.grant.g2",
      {{"principal", "analyst"}, {"on", "db2.${mem.table.t1.name}"}, {"privileges", {"SELECT"}}},
      {"mem.table.t1"}));
  c.push_back(MakeCreate("mem.secret.s1", {{"name", "s1"}}));
  // role r2 <-> integration i2: the role is created with the bootstrap trust policy and
  // updated once the integration's identity exists.
  Change r2 = MakeCreate(
      "mem.role.r2",
      {{"role_name", "r2"}, {"trust_policy", TrustPolicy("${mem.integration.i2.iam_user_arn}")}});
  r2.bootstrap_attributes = {"trust_policy"};
  c.push_back(r2);
  c.push_back(MakeCreate("mem.integration.i2", {{"name", "i2"}, {"role_arn", "${mem.role.r2.arn}"}},
                         {"mem.role.r2"}));
  c.push_back(MakeDeferred(
      "mem.role.r2",
      {{"role_name", "r2"}, {"trust_policy", TrustPolicy("${mem.integration.i2.iam_user_arn}")}},
      {"mem.integration.i2"}));
  c.push_back(MakeUpdate(s, "mem.role.old1", {{"description", "changed"}}));
  c.push_back(MakeUpdate(s, "mem.database.db1", {{"comment", "second"}}));
  c.push_back(MakeUpdate(s, "mem.grant.g_upd", {{"privileges", {"USAGE", "MONITOR"}}}));
  c.push_back(MakeUpdate(s, "mem.bucket.b1", {{"versioning", true}}, {"mem.bucket.b2"}));
  c.push_back(MakeUpdate(s, "mem.table.t_keep", {{"comment", "kept"}}, {"mem.database.db1"}));
  c.push_back(MakeDelete(s, "mem.grant.g_old", {"mem.grant.g_upd"}));
  c.push_back(MakeDelete(s, "mem.role_policy.rp_old"));
  c.push_back(MakeReplace(s, "mem.table.t_old", {{"location", "s3://new/"}},
                          {"mem.database.db1", "mem.table.t_keep"}));
  return p;
}

inline ApplyOptions ScenarioOptions(int parallelism) {
  ApplyOptions o;
  o.parallelism = parallelism;
  o.sensitive_values["mem.secret.s1"] = Value{{"value", "hunter2-very-secret"}};
  return o;
}

}  // namespace causeway::apply_test
