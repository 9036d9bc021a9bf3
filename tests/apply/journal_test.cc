// Journal: records round trip (with dependencies, and without them as older journals were
// written), a torn last line is ignored, a damaged middle line is corruption, the file is
// private (0600), removal, and a failed write.
#include "reconciler/apply/journal.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include "tests/support/apply_fixtures.h"
#include "tests/support/test_file_system.h"

namespace causeway {
namespace {

using apply_test::TempDir;

JournalRecord Intent() {
  JournalRecord r;
  r.type = "intent";
  r.seq = 3;
  r.address = Address{"mem.role", "reader"};
  r.action = "update";
  r.id = "reader";
  r.attributes = Value{{"role_name", "reader"}, {"description", "new"}};
  r.undo = Value{
      {"id", "reader"}, {"attributes", {{"description", "old"}}}, {"outputs", Value::object()}};
  return r;
}

TEST(JournalTest, RecordsRoundTrip) {
  TempDir dir;
  Journal j(dir.File("journal.jsonl"), RealFileSystem());
  JournalRecord begin;
  begin.type = "begin";
  begin.attributes = Value{{"lineage", "L"}, {"serial", 4}};
  JournalRecord done = Intent();
  done.type = "done";
  done.outputs = Value{{"arn", "arn:x"}};
  JournalRecord failed = Intent();
  failed.type = "failed";
  failed.message = "throttled";
  JournalRecord with_deps = Intent();
  with_deps.dependencies = std::vector<std::string>{"mem.role.a", "mem.table.b"};
  with_deps.sensitive_hashes = {{"value", "sha256:salt:digest"}};
  JournalRecord no_deps = Intent();
  no_deps.dependencies = std::vector<std::string>{};
  JournalRecord forget;
  forget.type = "forget";
  forget.address = Address{"mem.table", "t"};
  std::vector<JournalRecord> written = {begin, Intent(), done, failed, with_deps, no_deps, forget};
  for (const auto& r : written) ASSERT_TRUE(j.Append(r).ok());

  auto read = Journal::Read(j.path(), RealFileSystem());
  ASSERT_TRUE(read.ok()) << read.status().ToString();
  ASSERT_EQ(read->size(), written.size());
  for (size_t i = 0; i < written.size(); ++i) {
    const auto& a = written[i];
    const auto& b = (*read)[i];
    EXPECT_EQ(a.type, b.type) << i;
    EXPECT_EQ(a.seq, b.seq) << i;
    EXPECT_EQ(a.address, b.address) << i;
    EXPECT_EQ(a.action, b.action) << i;
    EXPECT_EQ(a.id, b.id) << i;
    EXPECT_EQ(a.attributes, b.attributes) << i;
    EXPECT_EQ(a.outputs, b.outputs) << i;
    EXPECT_EQ(a.undo, b.undo) << i;
    EXPECT_EQ(a.message, b.message) << i;
    EXPECT_EQ(a.dependencies, b.dependencies) << i;
    EXPECT_EQ(a.sensitive_hashes, b.sensitive_hashes) << i;
  }
  EXPECT_FALSE((*read)[1].dependencies.has_value()) << "absent stays absent";
  EXPECT_TRUE((*read)[5].dependencies.has_value()) << "empty is not absent";
}

// A journal written by the version before dependencies were recorded still reads.
TEST(JournalTest, RecordsOfTheFormerFormatRead) {
  TempDir dir;
  const std::string path = dir.File("journal.jsonl");
  ASSERT_TRUE(RealFileSystem()
                  ->AppendSynced(path,
                                 R"({"type":"begin","seq":0,"address":"","attributes":{"steps":1}})"
                                 "\n"
                                 R"({"type":"intent","seq":1,"address":"mem.role.r",)"
                                 R"("action":"create","attributes":{"role_name":"r"}})"
                                 "\n")
                  .ok());
  auto read = Journal::Read(path, RealFileSystem());
  ASSERT_TRUE(read.ok()) << read.status().ToString();
  ASSERT_EQ(read->size(), 2u);
  EXPECT_EQ((*read)[1].action, "create");
  EXPECT_FALSE((*read)[1].dependencies.has_value());
}

TEST(JournalTest, DamagedLines) {
  struct Case {
    std::string tail;
    bool ok;
    size_t records;
    std::string reason;
  } cases[] = {
      {"{\"type\":\"done\",\"seq\":3,\"addr", true, 1,
       "torn last line (crash mid-append) is ignored"},
      {"not json\n", true, 1, "a garbled final line is treated as torn"},
      {"garbage\n" + std::string("{\"type\":\"end\"}\n"), false, 0,
       "a damaged middle line is corruption"},
      {"\n\n", true, 1, "blank lines are skipped"},
      {"{\"type\":\"end\"}", true, 2, "a complete final record without newline is kept"},
  };
  for (const auto& c : cases) {
    testing::TestFileSystem fs;  // in memory
    Journal j("/state/journal.jsonl", &fs);
    ASSERT_TRUE(j.Append(Intent()).ok());
    ASSERT_TRUE(fs.AppendSynced(j.path(), c.tail, 0600).ok());
    auto read = Journal::Read(j.path(), &fs);
    EXPECT_EQ(read.ok(), c.ok) << c.reason;
    if (read.ok()) {
      EXPECT_EQ(read->size(), c.records) << c.reason;
    } else {
      EXPECT_EQ(read.status().code(), StatusCode::kCorruption) << c.reason;
    }
  }
}

TEST(JournalTest, FileIsPrivateAndRemovable) {
  TempDir dir;
  Journal j(dir.File("journal.jsonl"), RealFileSystem());
  EXPECT_FALSE(Journal::Exists(j.path(), RealFileSystem()));
  ASSERT_TRUE(j.Append(Intent()).ok());
  struct stat st;
  ASSERT_EQ(::stat(j.path().c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  EXPECT_TRUE(Journal::Exists(j.path(), RealFileSystem()));
  ASSERT_TRUE(j.Remove().ok());
  EXPECT_FALSE(Journal::Exists(j.path(), RealFileSystem()));
  auto read = Journal::Read(j.path(), RealFileSystem());
  EXPECT_EQ(read.status().code(), StatusCode::kNotFound);
}

// A journal record that cannot be written is an error the applier sees before it mutates
// anything, and what was written before it still reads.
TEST(JournalTest, AFailedAppendIsAnErrorAndKeepsEarlierRecords) {
  testing::TestFileSystem fs;
  Journal j("/state/journal.jsonl", &fs);
  ASSERT_TRUE(j.Append(Intent()).ok());
  fs.FailWrites("journal");
  Status s = j.Append(Intent());
  EXPECT_EQ(s.code(), StatusCode::kIOError) << s.ToString();
  EXPECT_NE(s.message().find("disk full"), std::string::npos) << s.message();
  fs.ClearFaults();
  auto read = Journal::Read(j.path(), &fs);
  ASSERT_TRUE(read.ok()) << read.status().ToString();
  EXPECT_EQ(read->size(), 1u);
  EXPECT_EQ(fs.ModeOf(j.path()), 0600) << "the journal is private";
}

TEST(JournalTest, ConcurrentAppendsProduceWholeLines) {
  TempDir dir;
  Journal j(dir.File("journal.jsonl"), RealFileSystem());
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&j, t] {
      for (int i = 0; i < 25; ++i) {
        JournalRecord r = Intent();
        r.seq = static_cast<uint64_t>(t * 100 + i);
        (void)j.Append(r);
      }
    });
  }
  for (auto& t : threads) t.join();
  auto read = Journal::Read(j.path(), RealFileSystem());
  ASSERT_TRUE(read.ok());
  EXPECT_EQ(read->size(), 100u);
}

}  // namespace
}  // namespace causeway
