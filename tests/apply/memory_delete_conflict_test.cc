// The memory provider refuses to delete a parent that still has children, as IAM refuses
// DeleteRole while inline policies remain (Glue's DeleteDatabase takes the tables with it): a
// role with inline policies, a database with tables (names compared case-insensitively).
// Without it, a delete scheduled before its children's would pass in tests and fail in a cloud.
#include <gtest/gtest.h>

#include "tests/support/apply_fixtures.h"

namespace causeway {
namespace {

using namespace apply_test;  // NOLINT

TEST(MemoryDeleteConflictTest, ParentWithChildrenIsRefusedUntilTheyAreGone) {
  struct Case {
    std::string reason;
    std::string parent;  // address
    std::string parent_id;
    std::string child_kind;
    std::string child_id;
    std::string message;
  } cases[] = {
      {"a role with an inline policy", "mem.role.r", "r", "mem.role_policy", "r:read",
       "DeleteConflict: cannot delete mem.role r: it still has inline policies (r:read); delete "
       "them first"},
      {"a database with a table named in another case", "mem.database.db", "LAKE", "mem.table",
       "LAKE.TRIPS",
       "DeleteConflict: cannot delete mem.database LAKE: it still has tables (LAKE.TRIPS); delete "
       "them first"},
  };
  for (const auto& c : cases) {
    World w;
    w.Seed("mem.role.r", {{"role_name", "r"}, {"trust_policy", Value::object()}});
    w.Seed("mem.role_policy.p",
           {{"role", "r"}, {"policy_name", "read"}, {"policy", Value::object()}});
    w.Seed("mem.database.db", {{"name", "lake"}});
    w.Seed("mem.table.t", {{"database", "lake"}, {"name", "trips"}, {"columns", {"id"}}});
    w.Seed("mem.database.other", {{"name", "other"}});
    Status refused = w.mem->remove(DeleteRequest{Addr(c.parent), c.parent_id, Value()});
    EXPECT_EQ(refused.code(), StatusCode::kConflict) << c.reason;
    EXPECT_EQ(refused.message(), c.message) << c.reason;
    EXPECT_EQ(w.mem->Snapshot()[Addr(c.parent).kind].count(c.parent_id), 1u) << c.reason;

    w.mem->EraseOutOfBand(c.child_kind, c.child_id);
    EXPECT_TRUE(w.mem->remove(DeleteRequest{Addr(c.parent), c.parent_id, Value()}).ok())
        << c.reason;
    EXPECT_EQ(w.mem->Snapshot()[Addr(c.parent).kind].count(c.parent_id), 0u) << c.reason;
  }
  // Parents without children, and missing objects, are deleted as before.
  World w;
  w.Seed("mem.database.other", {{"name", "other"}});
  EXPECT_TRUE(w.mem->remove(DeleteRequest{Addr("mem.database.other"), "OTHER", Value()}).ok());
  EXPECT_TRUE(w.mem->remove(DeleteRequest{Addr("mem.role.gone"), "gone", Value()}).ok());
}

}  // namespace
}  // namespace causeway
