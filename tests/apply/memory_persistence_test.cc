// The mem provider's persistence: every mutation is durable before it returns (a synced record in
// PATH.log), the log is folded into PATH when it grows and when the provider is destroyed, a
// process that only reads never rewrites the files, and a torn last record (a crash mid-append)
// is ignored while a damaged one in the middle is refused.
#include <gtest/gtest.h>

#include <fstream>
#include <memory>
#include <sstream>
#include <string>

#include "providers/memory/memory_provider.h"
#include "tests/support/apply_fixtures.h"

namespace causeway {
namespace {

using apply_test::TempDir;

std::unique_ptr<MemoryProvider> Open(const std::string& path) {
  auto mem = std::make_unique<MemoryProvider>();
  Status s = mem->configure({{"path", path}});
  EXPECT_TRUE(s.ok()) << s.ToString();
  return mem;
}

void CreateDatabases(MemoryProvider* mem, int from, int to) {
  for (int i = from; i < to; ++i) {
    std::string name = "db" + std::to_string(i);
    auto r = mem->create(CreateRequest{Address{"mem.database", name}, {{"name", name}}});
    ASSERT_TRUE(r.ok()) << r.status().ToString();
  }
}

size_t Lines(const std::string& path) {
  std::ifstream in(path);
  size_t n = 0;
  for (std::string line; std::getline(in, line);) ++n;
  return n;
}

size_t Count(const Value& objects, const std::string& kind) {
  return objects.contains(kind) ? objects[kind].size() : 0;
}

TEST(MemoryPersistenceTest, EachMutationIsDurableBeforeItReturns) {
  TempDir dir;
  const std::string path = dir.File("live.json");
  auto writer = Open(path);
  CreateDatabases(writer.get(), 0, 3);
  ASSERT_TRUE(writer->remove(DeleteRequest{Address{"mem.database", "db1"}, "DB1", {}}).ok());
  // Read while the writer is still alive, as a killed process would leave it.
  auto seen = MemoryProvider::ReadLiveFiles(path);
  ASSERT_TRUE(seen.ok()) << seen.status().ToString();
  EXPECT_EQ(Count(*seen, "mem.database"), 2u);
  EXPECT_TRUE((*seen)["mem.database"].contains("DB0"));
  EXPECT_FALSE((*seen)["mem.database"].contains("DB1"));
  EXPECT_EQ(Lines(path + ".log"), 4u) << "one record per mutation";
  // A new process sees the same cloud.
  auto other = Open(path);
  EXPECT_EQ(other->Dump(), writer->Dump());
}

TEST(MemoryPersistenceTest, DestroyingAWriterFoldsTheLogIntoTheFile) {
  TempDir dir;
  const std::string path = dir.File("live.json");
  std::string dump;
  {
    auto writer = Open(path);
    CreateDatabases(writer.get(), 0, 5);
    dump = writer->Dump();
  }
  EXPECT_FALSE(std::ifstream(path + ".log").good()) << "the log was folded in and removed";
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  Value file = Value::parse(text.str());
  EXPECT_EQ(file["objects"]["mem.database"].size(), 5u);
  EXPECT_EQ(Open(path)->Dump(), dump);
}

TEST(MemoryPersistenceTest, LogsLongerThanTheLiveSetAreCompactedWhileWriting) {
  TempDir dir;
  const std::string path = dir.File("live.json");
  auto writer = Open(path);
  CreateDatabases(writer.get(), 0, 1);
  Value before = {{"name", "db0"}};
  for (int i = 0; i < 3000; ++i) {
    Value after = {{"name", "db0"}, {"comment", "v" + std::to_string(i)}};
    auto r =
        writer->update(UpdateRequest{Address{"mem.database", "db0"}, "DB0", before, after, {}});
    ASSERT_TRUE(r.ok()) << r.status().ToString();
    before = after;
  }
  EXPECT_LE(Lines(path + ".log"), 1024u) << "3001 mutations of one object were folded in";
  auto seen = MemoryProvider::ReadLiveFiles(path);
  ASSERT_TRUE(seen.ok());
  EXPECT_EQ((*seen)["mem.database"]["DB0"]["attributes"]["comment"], "v2999");
}

TEST(MemoryPersistenceTest, AReaderNeverRewritesTheFiles) {
  TempDir dir;
  const std::string path = dir.File("live.json");
  auto writer = Open(path);  // alive: its log is not folded in yet
  CreateDatabases(writer.get(), 0, 2);
  {
    auto reader = Open(path);
    auto o = reader->observe({ObserveItem{Address{"mem.database", "db0"}, "DB0", {}}});
    ASSERT_TRUE(o.ok());
    EXPECT_TRUE((*o)[0].exists);
  }
  EXPECT_EQ(Lines(path + ".log"), 2u) << "the reader left the writer's log alone";
  EXPECT_FALSE(std::ifstream(path).good()) << "and wrote no file of its own";
}

TEST(MemoryPersistenceTest, TornLastRecordIsIgnoredAndDamageInsideIsRefused) {
  TempDir dir;
  const std::string path = dir.File("live.json");
  auto writer = Open(path);
  CreateDatabases(writer.get(), 0, 2);
  {
    std::ofstream log(path + ".log", std::ios::app);
    log << R"({"kind":"mem.database","id":"DB9","obj)";  // a crash mid-append
  }
  auto seen = MemoryProvider::ReadLiveFiles(path);
  ASSERT_TRUE(seen.ok()) << seen.status().ToString();
  EXPECT_EQ(Count(*seen, "mem.database"), 2u);
  {
    std::ofstream log(path + ".log", std::ios::app);
    log << "\n"
        << R"({"kind":"mem.database","id":"DB3","object":{}})"
        << "\n";
  }
  auto damaged = MemoryProvider::ReadLiveFiles(path);
  ASSERT_FALSE(damaged.ok());
  EXPECT_EQ(damaged.status().code(), StatusCode::kCorruption);
  EXPECT_NE(damaged.status().message().find("live.json.log at byte"), std::string::npos)
      << damaged.status().message();
}

TEST(MemoryPersistenceTest, RecordWithAWronglyTypedFieldIsRefused) {
  TempDir dir;
  const std::string path = dir.File("live.json");
  {
    std::ofstream log(path + ".log");
    log << R"({"kind":"mem.database","id":3,"object":{}})"
        << "\n";
  }
  auto read = MemoryProvider::ReadLiveFiles(path);
  ASSERT_FALSE(read.ok());
  EXPECT_EQ(read.status().code(), StatusCode::kCorruption);
}

}  // namespace
}  // namespace causeway
