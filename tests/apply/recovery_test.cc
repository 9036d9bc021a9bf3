// RecoverFromJournal on hand-written journals: adoption of objects created before the crash
// (found by id or by natural key), refresh of updated ones, removal of deleted ones, one observe
// batch per provider, and an unchanged state when observing fails.
#include "reconciler/apply/recovery.h"

#include <gtest/gtest.h>

#include <functional>

#include "tests/support/apply_fixtures.h"

namespace causeway {
namespace {

using namespace apply_test;  // NOLINT

JournalRecord Rec(std::string type, uint64_t seq, const std::string& address, std::string action,
                  std::string id = "", Value attrs = Value()) {
  JournalRecord r;
  r.type = std::move(type);
  r.seq = seq;
  r.address = Addr(address);
  r.action = std::move(action);
  r.id = std::move(id);
  r.attributes = std::move(attrs);
  return r;
}

struct Case {
  std::string reason;
  std::vector<JournalRecord> journal;
  std::function<void(World*)> live;  // what happened to the cloud before the crash
  std::vector<std::string> adopted, updated, removed;
};

TEST(RecoveryTest, StateFollowsWhatExists) {
  const Value new_db = {{"name", "new"}};
  std::vector<Case> cases = {
      {"created, crash before the done record: found by natural key",
       {Rec("intent", 1, "mem.database.new", "create", "", new_db)},
       [&](World* w) {
         (void)w->mem->create(CreateRequest{Addr("mem.database.new"), new_db});
       },
       {"mem.database.new"},
       {},
       {}},
      {"create intent but nothing was created",
       {Rec("intent", 1, "mem.database.new", "create", "", new_db)},
       [](World*) {},
       {},
       {},
       {}},
      {"created and done: found by the journalled id",
       {Rec("intent", 1, "mem.database.new", "create", "", new_db),
        Rec("done", 1, "mem.database.new", "create", "NEW", new_db)},
       [&](World* w) {
         (void)w->mem->create(CreateRequest{Addr("mem.database.new"), new_db});
       },
       {"mem.database.new"},
       {},
       {}},
      {"deleted before the crash",
       {Rec("intent", 1, "mem.database.keep", "delete", "KEEP")},
       [](World* w) { w->mem->EraseOutOfBand("mem.database", "KEEP"); },
       {},
       {},
       {"mem.database.keep"}},
      {"delete intent but the delete never happened",
       {Rec("intent", 1, "mem.database.keep", "delete", "KEEP")},
       [](World*) {},
       {},
       {},
       {}},
      {"updated before the crash",
       {Rec("intent", 1, "mem.database.keep", "update", "KEEP",
            {{"name", "KEEP"}, {"comment", "x"}})},
       [](World* w) {
         w->mem->PutOutOfBand("mem.database", "KEEP", {{{"name", "KEEP"}, {"comment", "x"}}});
       },
       {},
       {"mem.database.keep"},
       {}},
      {"created then undone by rollback: the last intent decides",
       {Rec("intent", 1, "mem.database.new", "create", "", new_db),
        Rec("done", 1, "mem.database.new", "create", "NEW", new_db),
        Rec("intent", 2, "mem.database.new", "undo-create", "NEW", new_db)},
       [](World*) {},
       {},
       {},
       {}},
  };
  for (const auto& c : cases) {
    TempDir dir;
    World w;
    w.Seed("mem.database.keep", {{"name", "KEEP"}});
    Journal j(dir.File("journal.jsonl"), RealFileSystem());
    for (const auto& r : c.journal) ASSERT_TRUE(j.Append(r).ok());
    c.live(&w);
    w.mem->ResetCounts();
    State state = w.state;
    auto report = RecoverFromJournal(j.path(), RealFileSystem(), w.registry, &state);
    ASSERT_TRUE(report.ok()) << c.reason << report.status().ToString();
    EXPECT_EQ(report->adopted, c.adopted) << c.reason;
    EXPECT_EQ(report->updated, c.updated) << c.reason;
    EXPECT_EQ(report->removed, c.removed) << c.reason;
    EXPECT_EQ(CompareStateToLive(state, *w.mem, w.registry), "") << c.reason;
    EXPECT_EQ(w.mem->Counts()["observe"], 1) << c.reason;
    EXPECT_EQ(w.mem->MutationCount(), 0) << c.reason;
  }
}

TEST(RecoveryTest, ObserveFailureLeavesStateUnchanged) {
  TempDir dir;
  World w;
  w.Seed("mem.database.keep", {{"name", "KEEP"}});
  Journal j(dir.File("journal.jsonl"), RealFileSystem());
  ASSERT_TRUE(j.Append(Rec("intent", 1, "mem.database.keep", "delete", "KEEP")).ok());
  w.mem->EraseOutOfBand("mem.database", "KEEP");
  w.mem->FailOn("observe", "mem.database.keep", Status::ProviderError("throttled"));
  State state = w.state;
  auto report = RecoverFromJournal(j.path(), RealFileSystem(), w.registry, &state);
  EXPECT_EQ(report.status().code(), StatusCode::kProviderError);
  EXPECT_NE(state.Find("mem.database.keep"), nullptr);
}

TEST(RecoveryTest, MissingJournalIsNotFound) {
  TempDir dir;
  World w;
  State state;
  auto report = RecoverFromJournal(dir.File("journal.jsonl"), RealFileSystem(), w.registry, &state);
  EXPECT_EQ(report.status().code(), StatusCode::kNotFound);
}

}  // namespace
}  // namespace causeway
