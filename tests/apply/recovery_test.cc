// RecoverFromJournal on hand-written journals: adoption of objects created before the crash
// (found by id or by natural key), refresh of updated ones, removal of deleted ones, the
// dependencies journalled with each step (and journals of the former format, without them),
// addresses forgotten by `state rm`, one observe batch per provider, and, when observing fails,
// an unchanged state and a message naming each resource that could not be observed.
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

JournalRecord WithDeps(JournalRecord r, std::vector<std::string> deps) {
  r.dependencies = std::move(deps);
  return r;
}

TEST(RecoveryTest, DependenciesComeBackFromTheJournal) {
  const Value table = {{"database", "KEEP"}, {"name", "t"}, {"columns", {"id"}}};
  struct DepsCase {
    std::string reason;
    std::vector<JournalRecord> journal;
    std::function<void(World*)> live;
    std::string address;
    std::vector<std::string> dependencies;
  };
  std::vector<DepsCase> cases = {
      {"adopted: the create's dependencies",
       {WithDeps(Rec("intent", 1, "mem.table.t", "create", "", table), {"mem.database.keep"})},
       [&](World* w) {
         (void)w->mem->create(CreateRequest{Addr("mem.table.t"), table});
       },
       "mem.table.t",
       {"mem.database.keep"}},
      {"adopted from a journal of the former format: none (the next plan repairs them)",
       {Rec("intent", 1, "mem.table.t", "create", "", table)},
       [&](World* w) {
         (void)w->mem->create(CreateRequest{Addr("mem.table.t"), table});
       },
       "mem.table.t",
       {}},
      {"updated: the update's dependencies",
       {WithDeps(Rec("intent", 1, "mem.database.keep", "update", "KEEP", {{"name", "KEEP"}}),
                 {"mem.role.owner"})},
       [](World*) {},
       "mem.database.keep",
       {"mem.role.owner"}},
      {"update from a journal of the former format: kept as they were",
       {Rec("intent", 1, "mem.database.keep", "update", "KEEP", {{"name", "KEEP"}})},
       [](World*) {},
       "mem.database.keep",
       {"mem.bucket.seeded"}},
      {"a delete that never happened: the dependencies it had",
       {WithDeps(Rec("intent", 1, "mem.database.keep", "delete", "KEEP"), {"mem.bucket.seeded"})},
       [](World*) {},
       "mem.database.keep",
       {"mem.bucket.seeded"}},
  };
  for (const auto& c : cases) {
    TempDir dir;
    World w;
    w.Seed("mem.database.keep", {{"name", "KEEP"}}, {"mem.bucket.seeded"});
    Journal j(dir.File("journal.jsonl"), RealFileSystem());
    for (const auto& r : c.journal) ASSERT_TRUE(j.Append(r).ok());
    c.live(&w);
    State state = w.state;
    auto report = RecoverFromJournal(j.path(), RealFileSystem(), w.registry, &state);
    ASSERT_TRUE(report.ok()) << c.reason << report.status().ToString();
    ASSERT_NE(state.Find(c.address), nullptr) << c.reason;
    EXPECT_EQ(state.Find(c.address)->dependencies, c.dependencies) << c.reason;
  }
}

TEST(RecoveryTest, ForgottenAddressesAreLeftAlone) {
  TempDir dir;
  World w;
  w.Seed("mem.database.keep", {{"name", "KEEP"}});
  const Value new_db = {{"name", "new"}};
  (void)w.mem->create(CreateRequest{Addr("mem.database.new"), new_db});
  Journal j(dir.File("journal.jsonl"), RealFileSystem());
  ASSERT_TRUE(j.Append(Rec("intent", 1, "mem.database.new", "create", "", new_db)).ok());
  ASSERT_TRUE(j.Append(Rec("intent", 2, "mem.database.keep", "delete", "KEEP")).ok());
  w.mem->EraseOutOfBand("mem.database", "KEEP");
  JournalRecord forget;
  forget.type = "forget";
  forget.address = Addr("mem.database.new");
  ASSERT_TRUE(j.Append(forget).ok());
  // Not even observed: a resource that cannot be observed is what `state rm` gets past.
  w.mem->FailOn("observe", "mem.database.new", Status::ProviderError("bad reply"));
  State state = w.state;
  auto report = RecoverFromJournal(j.path(), RealFileSystem(), w.registry, &state);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_TRUE(report->adopted.empty());
  EXPECT_EQ(report->removed, std::vector<std::string>{"mem.database.keep"});
  EXPECT_EQ(state.Find("mem.database.new"), nullptr);
}

TEST(RecoveryTest, ObserveFailureNamesTheResourceAndLeavesStateUnchanged) {
  TempDir dir;
  World w;
  w.Seed("mem.database.keep", {{"name", "KEEP"}});
  w.Seed("mem.database.other", {{"name", "OTHER"}});
  Journal j(dir.File("journal.jsonl"), RealFileSystem());
  ASSERT_TRUE(j.Append(Rec("intent", 1, "mem.database.keep", "delete", "KEEP")).ok());
  ASSERT_TRUE(j.Append(Rec("intent", 2, "mem.database.other", "delete", "OTHER")).ok());
  w.mem->EraseOutOfBand("mem.database", "KEEP");
  w.mem->EraseOutOfBand("mem.database", "OTHER");
  w.mem->FailOn("observe", "mem.database.keep", Status::ProviderError("throttled"));
  w.mem->ResetCounts();
  State state = w.state;
  std::vector<std::string> unobserved;
  auto report = RecoverFromJournal(j.path(), RealFileSystem(), w.registry, &state, &unobserved);
  EXPECT_EQ(report.status().code(), StatusCode::kProviderError);
  EXPECT_EQ(report.status().message(), "could not observe mem.database.keep (id KEEP): throttled");
  EXPECT_EQ(unobserved, std::vector<std::string>{"mem.database.keep"});
  EXPECT_NE(state.Find("mem.database.keep"), nullptr) << "state unchanged";
  EXPECT_NE(state.Find("mem.database.other"), nullptr) << "not even for what was observed";
  EXPECT_EQ(w.mem->MutationCount(), 0);
}

// Wraps the memory provider: fails (or throws in) every observe() of more than one item.
class BatchFailingProvider : public Provider {
 public:
  BatchFailingProvider(std::shared_ptr<MemoryProvider> mem, bool throws)
      : mem_(std::move(mem)), throws_(throws) {}
  std::string name() const override { return "mem"; }
  std::vector<KindSchema> schemas() const override { return mem_->schemas(); }
  Status configure(const Value& c) override { return mem_->configure(c); }
  Result<std::vector<Observation>> observe(const std::vector<ObserveItem>& items) override {
    if (items.size() > 1 || fail_all_) {
      if (throws_) throw std::runtime_error("unexpected reply");
      return Status::ProviderError("batch failed");
    }
    return mem_->observe(items);
  }
  Result<ResourceResult> create(const CreateRequest& r) override { return mem_->create(r); }
  Result<ResourceResult> update(const UpdateRequest& r) override { return mem_->update(r); }
  Status remove(const DeleteRequest& r) override { return mem_->remove(r); }
  Result<std::vector<Observation>> list(const ListRequest& r) override { return mem_->list(r); }
  bool fail_all_ = false;

 private:
  std::shared_ptr<MemoryProvider> mem_;
  bool throws_;
};

TEST(RecoveryTest, AFailedBatchIsObservedOneResourceAtATime) {
  for (bool throws : {false, true}) {
    const std::string ctx = throws ? "throws: " : "fails: ";
    TempDir dir;
    World w;
    w.Seed("mem.database.keep", {{"name", "KEEP"}});
    const Value new_db = {{"name", "new"}};
    (void)w.mem->create(CreateRequest{Addr("mem.database.new"), new_db});
    Journal j(dir.File("journal.jsonl"), RealFileSystem());
    ASSERT_TRUE(j.Append(Rec("intent", 1, "mem.database.new", "create", "", new_db)).ok());
    ASSERT_TRUE(j.Append(Rec("intent", 2, "mem.database.keep", "delete", "KEEP")).ok());
    w.mem->EraseOutOfBand("mem.database", "KEEP");
    auto provider = std::make_shared<BatchFailingProvider>(w.mem, throws);
    ProviderRegistry registry;
    registry.Add(provider);

    State state = w.state;
    auto report = RecoverFromJournal(j.path(), RealFileSystem(), registry, &state);
    ASSERT_TRUE(report.ok()) << ctx << report.status().ToString();
    EXPECT_EQ(report->adopted, std::vector<std::string>{"mem.database.new"}) << ctx;
    EXPECT_EQ(report->removed, std::vector<std::string>{"mem.database.keep"}) << ctx;

    provider->fail_all_ = true;  // now every observe fails: both resources are named
    state = w.state;
    std::vector<std::string> unobserved;
    report = RecoverFromJournal(j.path(), RealFileSystem(), registry, &state, &unobserved);
    ASSERT_FALSE(report.ok()) << ctx;
    EXPECT_EQ(report.status().code(), StatusCode::kProviderError) << ctx;
    const std::string why =
        throws ? "the provider failed unexpectedly: unexpected reply" : "batch failed";
    EXPECT_EQ(report.status().message(),
              "could not observe 2 resources: mem.database.keep (id "
              "KEEP): " +
                  why + "; mem.database.new: " + why)
        << ctx;
    EXPECT_EQ(unobserved, (std::vector<std::string>{"mem.database.keep", "mem.database.new"}))
        << ctx;
    EXPECT_EQ(state.resources.size(), w.state.resources.size()) << ctx;
  }
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
