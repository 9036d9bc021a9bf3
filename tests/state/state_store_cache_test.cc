// StateStore remembers the lineage and serial of the commit it last loaded or wrote, so that a
// Save() whose branch tip is still that commit need not re-read and re-parse the state file.
// These tests check the shortcut never hides a concurrent writer or a stale caller.
#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <string>
#include <vector>

#include "reconciler/state/state_store.h"
#include "tests/support/temp_dir.h"

namespace causeway {
namespace {

class StateStoreCacheTest : public ::testing::Test {
 protected:
  void SetUp() override { dir_ = tmp_.path(); }

  StateStoreOptions Options() const {
    StateStoreOptions o;
    o.dir = dir_;
    return o;
  }

  static State WithResource(State s, const std::string& name) {
    ResourceState rs;
    rs.address = {"mem.role", name};
    rs.id = name;
    rs.attributes = Value{{"role_name", name}};
    s.resources[rs.address.str()] = rs;
    return s;
  }

  causeway::testing::TempDir tmp_;
  std::string dir_;
};

TEST_F(StateStoreCacheTest, ConsecutiveSavesFromOneStoreAdvanceTheSerial) {
  StateStore store(Options());
  auto first = store.Save(WithResource(State{}, "a"), "one");
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  auto second = store.Save(WithResource(*first, "b"), "two");
  ASSERT_TRUE(second.ok()) << second.status().ToString();
  EXPECT_EQ(second->serial, first->serial + 1);
  StateStore fresh(Options());
  auto loaded = fresh.Load();
  ASSERT_TRUE(loaded.ok());
  EXPECT_EQ(loaded->serial, second->serial);
  EXPECT_EQ(loaded->lineage, first->lineage);
  EXPECT_EQ(loaded->resources.size(), 2u);
}

TEST_F(StateStoreCacheTest, WriterThroughAnotherStoreIsStillDetected) {
  StateStore a(Options());
  auto saved = a.Save(WithResource(State{}, "a"), "a");  // a now knows the tip
  ASSERT_TRUE(saved.ok());
  StateStore b(Options());
  auto loaded = b.Load();
  ASSERT_TRUE(loaded.ok());
  ASSERT_TRUE(b.Save(WithResource(*loaded, "b"), "b").ok());
  auto lost = a.Save(WithResource(*saved, "c"), "c");
  ASSERT_FALSE(lost.ok());
  EXPECT_EQ(lost.status().code(), StatusCode::kConflict) << lost.status().ToString();
}

TEST_F(StateStoreCacheTest, StaleOrForeignStateIsRefusedOnAKnownTip) {
  StateStore store(Options());
  auto one = store.Save(WithResource(State{}, "a"), "one");
  ASSERT_TRUE(one.ok());
  auto two = store.Save(*one, "two");
  ASSERT_TRUE(two.ok());
  struct Case {
    State state;
    std::string reason;
  };
  State foreign = *two;
  foreign.lineage = "someone-else";
  std::vector<Case> cases = {{*one, "serial one behind the tip"}, {foreign, "other lineage"}};
  for (const auto& c : cases) {
    auto r = store.Save(c.state, "stale");
    ASSERT_FALSE(r.ok()) << c.reason;
    EXPECT_EQ(r.status().code(), StatusCode::kConflict) << c.reason;
  }
  auto three = store.Save(*two, "three");
  ASSERT_TRUE(three.ok()) << "refusals must not disturb the store: " << three.status().ToString();
  EXPECT_EQ(three->serial, two->serial + 1);
}

}  // namespace
}  // namespace causeway
