// StateStore: the state committed to git through libgit2. Tests read the repository back with
// libgit2 directly, so they check what is really committed, not only what the store reports.
#include "reconciler/state/state_store.h"

#include <git2.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

#include "reconciler/state/state_json.h"
#include "reconciler/state/state_paths.h"
#include "tests/support/temp_dir.h"
#include "tests/support/test_file_system.h"

namespace causeway {
namespace {

std::string ReadAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void WriteAll(const std::string& path, const std::string& data) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << data;
}

ResourceState Resource(const std::string& name, const std::string& secret_hash = "") {
  ResourceState rs;
  rs.address = {"mem.role", name};
  rs.id = "role-" + name;
  rs.attributes = Value::object({{"name", name}, {"nested", {{"list", {1, "two", nullptr}}}}});
  rs.outputs = Value::object({{"arn", "arn:mem:" + name}});
  if (!secret_hash.empty()) rs.sensitive_hashes["password"] = secret_hash;
  return rs;
}

// A state of `n` roles, mem.role.r0 ... r<n-1>.
State Roles(int n) {
  State state;
  for (int i = 0; i < n; ++i) {
    state.resources["mem.role.r" + std::to_string(i)] = Resource("r" + std::to_string(i));
  }
  return state;
}

// Opens the store's repository with libgit2 for inspection.
class GitRepo {
 public:
  explicit GitRepo(const std::string& dir) {
    git_libgit2_init();
    ok_ = git_repository_open_ext(&repo_, dir.c_str(), GIT_REPOSITORY_OPEN_NO_SEARCH, nullptr) == 0;
  }
  ~GitRepo() {
    git_repository_free(repo_);
    git_libgit2_shutdown();
  }
  bool ok() const { return ok_; }
  git_repository* get() { return repo_; }

  // Commit at `ref`, or nullptr.
  git_commit* Tip(const std::string& branch) {
    git_oid oid;
    if (git_reference_name_to_id(&oid, repo_, ("refs/heads/" + branch).c_str()) != 0)
      return nullptr;
    git_commit* c = nullptr;
    if (git_commit_lookup(&c, repo_, &oid) != 0) return nullptr;
    return c;
  }

  // Names of the entries of the commit's tree.
  std::vector<std::string> TreeNames(git_commit* c) {
    git_tree* tree = nullptr;
    std::vector<std::string> out;
    if (git_commit_tree(&tree, c) != 0) return out;
    for (size_t i = 0; i < git_tree_entrycount(tree); ++i) {
      out.push_back(git_tree_entry_name(git_tree_entry_byindex(tree, i)));
    }
    git_tree_free(tree);
    return out;
  }

  std::string FileAt(git_commit* c, const std::string& file) {
    git_tree* tree = nullptr;
    git_tree_entry* entry = nullptr;
    git_blob* blob = nullptr;
    std::string out;
    if (git_commit_tree(&tree, c) == 0 && git_tree_entry_bypath(&entry, tree, file.c_str()) == 0 &&
        git_blob_lookup(&blob, repo_, git_tree_entry_id(entry)) == 0) {
      out.assign(static_cast<const char*>(git_blob_rawcontent(blob)),
                 static_cast<size_t>(git_blob_rawsize(blob)));
    }
    git_blob_free(blob);
    git_tree_entry_free(entry);
    git_tree_free(tree);
    return out;
  }

  // The uncompressed content of every object in the object database.
  std::vector<std::string> AllObjects() {
    std::vector<std::string> out;
    git_odb* odb = nullptr;
    if (git_repository_odb(&odb, repo_) != 0) return out;
    struct Ctx {
      git_odb* odb;
      std::vector<std::string>* out;
    } ctx{odb, &out};
    git_odb_foreach(
        odb,
        [](const git_oid* id, void* payload) -> int {
          auto* c = static_cast<Ctx*>(payload);
          git_odb_object* obj = nullptr;
          if (git_odb_read(&obj, c->odb, id) == 0) {
            c->out->emplace_back(static_cast<const char*>(git_odb_object_data(obj)),
                                 git_odb_object_size(obj));
            git_odb_object_free(obj);
          }
          return 0;
        },
        &ctx);
    git_odb_free(odb);
    return out;
  }

 private:
  git_repository* repo_ = nullptr;
  bool ok_ = false;
};

class StateStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = tmp_.path();
    dir_ = root_ + "/.causeway";
  }

  StateStoreOptions Options() const {
    StateStoreOptions o;
    o.dir = dir_;
    return o;
  }
  std::string StatePath() const { return dir_ + "/state.json"; }

  causeway::testing::TempDir tmp_;
  std::string root_;
  std::string dir_;
};

TEST_F(StateStoreTest, OpenInitialisesRepositoryOnTheBranch) {
  struct Case {
    std::string branch;
    std::string reason;
  } cases[] = {{"main", "default branch"}, {"state/prod", "configured branch"}};
  for (const auto& c : cases) {
    std::filesystem::remove_all(dir_);
    StateStoreOptions o = Options();
    o.branch = c.branch;
    StateStore store(o);
    Status s = store.Open();
    ASSERT_TRUE(s.ok()) << c.reason << ": " << s.ToString();
    EXPECT_TRUE(std::filesystem::is_directory(dir_ + "/.git")) << c.reason << ": non-bare";
    GitRepo repo(dir_);
    ASSERT_TRUE(repo.ok()) << c.reason;
    git_reference* head = nullptr;
    ASSERT_EQ(git_reference_lookup(&head, repo.get(), "HEAD"), 0);
    ASSERT_EQ(git_reference_type(head), GIT_REFERENCE_SYMBOLIC);
    EXPECT_EQ(std::string(git_reference_symbolic_target(head)), "refs/heads/" + c.branch)
        << c.reason;
    git_reference_free(head);
    EXPECT_TRUE(store.Open().ok()) << c.reason << ": opening twice is fine";
  }
}

TEST_F(StateStoreTest, OpenIgnoresAnEnclosingRepository) {
  {
    GitRepo unused(root_);  // just for init/shutdown
    git_repository* outer = nullptr;
    ASSERT_EQ(git_repository_init(&outer, root_.c_str(), 0), 0);
    git_repository_free(outer);
  }
  StateStore store(Options());
  ASSERT_TRUE(store.Open().ok());
  EXPECT_TRUE(std::filesystem::is_directory(dir_ + "/.git"))
      << "the state directory gets its own repository";
  ASSERT_TRUE(store.Save(State{}, "first").ok());
  GitRepo outer(root_);
  ASSERT_TRUE(outer.ok());
  EXPECT_EQ(outer.Tip("main"), nullptr) << "nothing may be committed to the enclosing repository";
  EXPECT_EQ(outer.Tip("master"), nullptr);
}

TEST_F(StateStoreTest, GitignoreKeepsLockJournalAndTempFilesOut) {
  StateStore store(Options());
  ASSERT_TRUE(store.Open().ok());
  std::string gitignore = ReadAll(dir_ + "/.gitignore");
  for (const char* line : {"lock.json", "journal.jsonl", "*.tmp.*"}) {
    EXPECT_NE(gitignore.find(std::string(line) + "\n"), std::string::npos) << line;
  }
  GitRepo repo(dir_);
  struct Case {
    std::string path;
    bool ignored;
    std::string reason;
  } cases[] = {
      {"lock.json", true, "lock"},
      {"journal.jsonl", true, "journal"},
      {"state.json.tmp.123.456", true, "atomic-write temp file"},
      {"state.json", false, "the state itself"},
  };
  for (const auto& c : cases) {
    int ignored = -1;
    ASSERT_EQ(git_ignore_path_is_ignored(&ignored, repo.get(), c.path.c_str()), 0);
    EXPECT_EQ(ignored != 0, c.ignored) << c.reason;
  }
}

TEST_F(StateStoreTest, LoadIsEmptyBeforeAnySave) {
  StateStore store(Options());
  ASSERT_TRUE(store.Open().ok());
  auto state = store.Load();
  ASSERT_TRUE(state.ok()) << state.status().ToString();
  EXPECT_TRUE(state->lineage.empty());
  EXPECT_EQ(state->serial, 0u);
  EXPECT_TRUE(state->resources.empty());
  auto history = store.History();
  ASSERT_TRUE(history.ok());
  EXPECT_TRUE(history->empty());
}

TEST_F(StateStoreTest, SaveThenLoadRoundTrips) {
  StateStore store(Options());
  ASSERT_TRUE(store.Open().ok());
  State s;
  s.resources["mem.role.a"] = Resource("a");
  s.resources["mem.role.b"] = Resource("b", "sha256:salt:abc");
  s.resources["mem.role.b"].dependencies = {"mem.role.a"};
  auto saved = store.Save(s, "Create two roles");
  ASSERT_TRUE(saved.ok()) << saved.status().ToString();
  EXPECT_EQ(saved->serial, 1u);
  EXPECT_FALSE(saved->lineage.empty());

  StateStore reopened(Options());  // a fresh process reading the same directory
  auto loaded = reopened.Load();
  ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
  EXPECT_EQ(StateToJson(*loaded), StateToJson(*saved));
  EXPECT_EQ(loaded->resources.at("mem.role.b").dependencies,
            std::vector<std::string>{"mem.role.a"});
  EXPECT_EQ(ReadAll(StatePath()), StateToJson(*saved)) << "working file matches the commit";
}

TEST_F(StateStoreTest, SerialIncrementsAndLineageIsSetOnce) {
  StateStore store(Options());
  State s;
  std::string lineage;
  for (uint64_t want = 1; want <= 3; ++want) {
    s.resources["mem.role.r" + std::to_string(want)] = Resource("r" + std::to_string(want));
    auto saved = store.Save(s, "save " + std::to_string(want));
    ASSERT_TRUE(saved.ok()) << saved.status().ToString();
    EXPECT_EQ(saved->serial, want);
    if (lineage.empty()) lineage = saved->lineage;
    EXPECT_EQ(saved->lineage, lineage) << "lineage is fixed at the first write";
    s = *saved;
  }
  auto loaded = store.Load();
  ASSERT_TRUE(loaded.ok());
  EXPECT_EQ(loaded->serial, 3u);
  EXPECT_EQ(loaded->lineage, lineage);
}

TEST_F(StateStoreTest, AnEmptyStoreAcceptsAStateFromElsewhere) {
  StateStore store(Options());
  State s;
  s.lineage = "imported-lineage";
  s.serial = 7;
  auto saved = store.Save(s, "import");
  ASSERT_TRUE(saved.ok()) << saved.status().ToString();
  EXPECT_EQ(saved->lineage, "imported-lineage") << "a lineage the caller brings is kept";
  EXPECT_EQ(saved->serial, 8u) << "serials never go backwards";
  State stale = s;
  auto again = store.Save(stale, "import again");
  EXPECT_EQ(again.status().code(), StatusCode::kConflict) << "once stored, serials must match";
}

TEST_F(StateStoreTest, EachSaveIsOneCommitWithSummaryAndTrailers) {
  StateStoreOptions o = Options();
  o.author_name = "Ops Bot";
  o.author_email = "ops@example.com";
  StateStore store(o);
  auto first = store.Save(State{}, "Initial state");
  ASSERT_TRUE(first.ok());
  State next = *first;
  next.resources["mem.role.a"] = Resource("a");
  auto second = store.Save(next, "Create mem.role.a\n\nmore detail\n");
  ASSERT_TRUE(second.ok());

  GitRepo repo(dir_);
  git_commit* tip = repo.Tip("main");
  ASSERT_NE(tip, nullptr);
  EXPECT_EQ(std::string(git_commit_message(tip)),
            "Create mem.role.a\n\nmore detail\n\nSerial: 2\nLineage: " + second->lineage + "\n");
  EXPECT_EQ(std::string(git_commit_author(tip)->name), "Ops Bot");
  EXPECT_EQ(std::string(git_commit_author(tip)->email), "ops@example.com");
  EXPECT_EQ(std::string(git_commit_committer(tip)->email), "ops@example.com");
  EXPECT_EQ(repo.TreeNames(tip), std::vector<std::string>{"state.json"})
      << "only the state file is committed";
  EXPECT_EQ(repo.FileAt(tip, "state.json"), StateToJson(*second));
  ASSERT_EQ(git_commit_parentcount(tip), 1u);
  git_commit* parent = nullptr;
  ASSERT_EQ(git_commit_parent(&parent, tip, 0), 0);
  EXPECT_EQ(std::string(git_commit_message(parent)),
            "Initial state\n\nSerial: 1\nLineage: " + first->lineage + "\n");
  EXPECT_EQ(git_commit_parentcount(parent), 0u) << "the first save is the root commit";
  EXPECT_EQ(repo.FileAt(parent, "state.json"), StateToJson(*first));
  git_commit_free(parent);
  git_commit_free(tip);
}

TEST_F(StateStoreTest, DefaultAuthorIsCauseway) {
  StateStore store(Options());
  ASSERT_TRUE(store.Save(State{}, "x").ok());
  GitRepo repo(dir_);
  git_commit* tip = repo.Tip("main");
  ASSERT_NE(tip, nullptr);
  EXPECT_EQ(std::string(git_commit_author(tip)->name), "causeway");
  EXPECT_EQ(std::string(git_commit_author(tip)->email), "causeway@localhost");
  git_commit_free(tip);
}

TEST_F(StateStoreTest, LockAndJournalAreNeverCommitted) {
  StateStore store(Options());
  ASSERT_TRUE(store.Open().ok());
  WriteAll(dir_ + "/lock.json", "{}");
  WriteAll(dir_ + "/journal.jsonl", "{}\n");
  ASSERT_TRUE(store.Save(State{}, "with lock and journal present").ok());
  GitRepo repo(dir_);
  git_commit* tip = repo.Tip("main");
  ASSERT_NE(tip, nullptr);
  EXPECT_EQ(repo.TreeNames(tip), std::vector<std::string>{"state.json"});
  git_commit_free(tip);
  // The index matches the commit: nothing staged, and the ignored files are not untracked.
  git_status_list* status = nullptr;
  git_status_options opts = GIT_STATUS_OPTIONS_INIT;
  opts.flags = GIT_STATUS_OPT_INCLUDE_UNTRACKED;
  ASSERT_EQ(git_status_list_new(&status, repo.get(), &opts), 0);
  std::vector<std::string> dirty;
  for (size_t i = 0; i < git_status_list_entrycount(status); ++i) {
    const git_status_entry* e = git_status_byindex(status, i);
    const git_diff_delta* d = e->head_to_index != nullptr ? e->head_to_index : e->index_to_workdir;
    dirty.push_back(d != nullptr && d->new_file.path != nullptr ? d->new_file.path : "?");
  }
  git_status_list_free(status);
  EXPECT_TRUE(dirty.empty()) << "git status shows: " << ::testing::PrintToString(dirty);
}

TEST_F(StateStoreTest, HistoryIsNewestFirst) {
  StateStore store(Options());
  State s;
  for (const char* msg : {"one", "two\nbody line", "three"}) {
    auto saved = store.Save(s, msg);
    ASSERT_TRUE(saved.ok());
    s = *saved;
  }
  auto history = store.History();
  ASSERT_TRUE(history.ok()) << history.status().ToString();
  ASSERT_EQ(history->size(), 3u);
  std::vector<std::string> messages;
  std::vector<uint64_t> serials;
  for (const auto& c : *history) {
    messages.push_back(c.message);
    serials.push_back(c.serial);
    EXPECT_TRUE(std::regex_match(c.id, std::regex("^[0-9a-f]{40}$"))) << c.id;
    EXPECT_TRUE(std::regex_match(c.time, std::regex(R"(^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$)")))
        << c.time;
  }
  EXPECT_EQ(messages, (std::vector<std::string>{"three", "two", "one"}));
  EXPECT_EQ(serials, (std::vector<uint64_t>{3, 2, 1}));

  GitRepo repo(dir_);
  git_commit* tip = repo.Tip("main");
  ASSERT_NE(tip, nullptr);
  char hex[GIT_OID_HEXSZ + 1];
  git_oid_tostr(hex, sizeof(hex), git_commit_id(tip));
  EXPECT_EQ((*history)[0].id, hex);
  git_commit_free(tip);

  auto limited = store.History(2);
  ASSERT_TRUE(limited.ok());
  ASSERT_EQ(limited->size(), 2u);
  EXPECT_EQ((*limited)[1].message, "two");
}

TEST_F(StateStoreTest, ConflictWhenTwoStoresSaveFromTheSameLoadedState) {
  StateStore a(Options());
  StateStore b(Options());
  auto base = a.Save(State{}, "base");
  ASSERT_TRUE(base.ok());
  auto loaded_a = a.Load();
  auto loaded_b = b.Load();
  ASSERT_TRUE(loaded_a.ok());
  ASSERT_TRUE(loaded_b.ok());

  loaded_a->resources["mem.role.a"] = Resource("a");
  ASSERT_TRUE(a.Save(*loaded_a, "a wins").ok());
  loaded_b->resources["mem.role.b"] = Resource("b");
  auto lost = b.Save(*loaded_b, "b loses");
  ASSERT_FALSE(lost.ok());
  EXPECT_EQ(lost.status().code(), StatusCode::kConflict) << lost.status().ToString();

  auto now = b.Load();
  ASSERT_TRUE(now.ok());
  EXPECT_EQ(now->serial, 2u);
  EXPECT_NE(now->Find("mem.role.a"), nullptr) << "the losing save changed nothing";
  EXPECT_EQ(now->Find("mem.role.b"), nullptr);
  auto history = b.History();
  ASSERT_TRUE(history.ok());
  EXPECT_EQ(history->size(), 2u);
}

TEST_F(StateStoreTest, ConflictOnForeignLineageOrSerial) {
  StateStore store(Options());
  auto saved = store.Save(State{}, "base");
  ASSERT_TRUE(saved.ok());
  struct Case {
    std::string lineage;
    uint64_t serial;
    std::string reason;
  } cases[] = {
      {"", 0, "a fresh state saved over an existing one"},
      {"other-lineage", 1, "same serial, other lineage"},
      {saved->lineage, 0, "stale serial"},
      {saved->lineage, 2, "serial from the future"},
  };
  for (const auto& c : cases) {
    State s;
    s.lineage = c.lineage;
    s.serial = c.serial;
    auto r = store.Save(s, "x");
    EXPECT_EQ(r.status().code(), StatusCode::kConflict) << c.reason;
  }
}

TEST_F(StateStoreTest, StateFileHasMode0600) {
  ::umask(022);
  StateStore store(Options());
  ASSERT_TRUE(store.Save(State{}, "x").ok());
  struct stat st;
  ASSERT_EQ(::stat(StatePath().c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
}

TEST_F(StateStoreTest, WritesExactlyWhatItIsGivenAndNoSensitiveValue) {
  const std::string secret = "hunter2-super-secret";
  const std::string hash = SensitiveHash(Value(secret), "salt123");
  StateStore store(Options());
  State s;
  s.resources["mem.role.a"] = Resource("a", hash);  // the caller already stripped "password"
  auto saved = store.Save(s, "create");
  ASSERT_TRUE(saved.ok()) << saved.status().ToString();

  GitRepo repo(dir_);
  git_commit* tip = repo.Tip("main");
  ASSERT_NE(tip, nullptr);
  EXPECT_EQ(repo.FileAt(tip, "state.json"), StateToJson(*saved));
  git_commit_free(tip);
  bool hash_found = false;
  for (const std::string& obj : repo.AllObjects()) {
    EXPECT_EQ(obj.find(secret), std::string::npos) << "secret in a git object";
    if (obj.find(hash) != std::string::npos) hash_found = true;
  }
  EXPECT_TRUE(hash_found) << "the salted hash is what state keeps";
}

TEST_F(StateStoreTest, RefusesAStateThatStillHoldsASensitiveValue) {
  const std::string secret = "hunter2-super-secret";
  StateStore store(Options());
  State s;
  s.resources["mem.role.a"] = Resource("a", SensitiveHash(Value(secret), "salt"));
  s.resources["mem.role.a"].attributes["password"] = secret;  // not stripped: a caller bug
  auto r = store.Save(s, "leak");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(r.status().message().find("password"), std::string::npos);
  EXPECT_EQ(r.status().message().find(secret), std::string::npos) << "never echo the value";
  EXPECT_FALSE(std::filesystem::exists(StatePath()));
  GitRepo repo(dir_);
  EXPECT_EQ(repo.Tip("main"), nullptr);
  for (const std::string& obj : repo.AllObjects()) EXPECT_EQ(obj.find(secret), std::string::npos);
}

TEST_F(StateStoreTest, CorruptOrNewerStateFileNamesTheFile) {
  struct Case {
    std::string content;
    std::string want;
    std::string reason;
  } cases[] = {
      {"{\"format_version\": 1, \"lineage\": ", "not valid JSON", "malformed JSON"},
      {R"({"format_version": 2, "lineage": "x", "serial": 1})", "format_version 2",
       "written by a newer causeway"},
  };
  for (const auto& c : cases) {
    StateStore store(Options());
    ASSERT_TRUE(store.Open().ok());
    WriteAll(StatePath(), c.content);
    auto r = store.Load();
    ASSERT_FALSE(r.ok()) << c.reason;
    EXPECT_EQ(r.status().code(), StatusCode::kCorruption) << c.reason;
    EXPECT_NE(r.status().message().find(StatePath()), std::string::npos)
        << c.reason << ": " << r.status().message();
    EXPECT_NE(r.status().message().find(c.want), std::string::npos)
        << c.reason << ": " << r.status().message();
    EXPECT_FALSE(store.Save(State{}, "over a corrupt file").ok()) << c.reason;
  }
}

TEST_F(StateStoreTest, DamagedCommittedStateIsRefused) {
  // Objects are read without re-hashing them (as git does): a damaged one must still be refused
  // by zlib's checksum or the state parser, never loaded as something else.
  {
    StateStore store(Options());
    ASSERT_TRUE(store.Save(Roles(50), "fifty roles").ok());
  }
  // The state blob is the largest loose object; flip bytes in the middle of its deflate stream.
  std::string blob;
  for (const auto& e : std::filesystem::recursive_directory_iterator(dir_ + "/.git/objects")) {
    if (!e.is_regular_file()) continue;
    if (blob.empty() || e.file_size() > std::filesystem::file_size(blob)) blob = e.path();
  }
  ASSERT_FALSE(blob.empty());
  std::string bytes = ReadAll(blob);
  ASSERT_GT(bytes.size(), 100u);
  for (size_t i = bytes.size() / 2; i < bytes.size() / 2 + 8; ++i) bytes[i] ^= 0x5a;
  std::filesystem::permissions(blob, std::filesystem::perms::owner_write,
                               std::filesystem::perm_options::add);
  WriteAll(blob, bytes);

  StateStore store(Options());
  auto r = store.Load();
  ASSERT_FALSE(r.ok()) << "a damaged object was loaded as " << r->resources.size() << " resources";
  EXPECT_NE(r.status().message().find("state"), std::string::npos) << r.status().message();
}

TEST_F(StateStoreTest, StateBlobIsAValidGitObject) {
  // Save computes the blob's id itself (OpenSSL's SHA-1) and writes it through libgit2's loose
  // backend: the id must be the one git computes, and the object must read back with libgit2
  // re-hashing it.
  {
    StateStore store(Options());
    ASSERT_TRUE(store.Save(Roles(20), "twenty roles").ok());
  }
  GitRepo repo(dir_);
  ASSERT_TRUE(repo.ok());
  git_commit* tip = repo.Tip("main");
  ASSERT_NE(tip, nullptr);
  git_tree* tree = nullptr;
  ASSERT_EQ(git_commit_tree(&tree, tip), 0);
  const git_tree_entry* entry = git_tree_entry_byname(tree, "state.json");
  ASSERT_NE(entry, nullptr);
  const std::string text = ReadAll(StatePath());
  git_oid want;
  ASSERT_EQ(git_odb_hash(&want, text.data(), text.size(), GIT_OBJECT_BLOB), 0);
  EXPECT_TRUE(git_oid_equal(git_tree_entry_id(entry), &want));
  ASSERT_EQ(git_libgit2_opts(GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION, 1), 0);
  git_blob* blob = nullptr;
  ASSERT_EQ(git_blob_lookup(&blob, repo.get(), &want), 0) << git_error_last()->message;
  EXPECT_EQ(std::string(static_cast<const char*>(git_blob_rawcontent(blob)),
                        static_cast<size_t>(git_blob_rawsize(blob))),
            text);
  git_blob_free(blob);
  git_tree_free(tree);
  git_commit_free(tip);
}

TEST_F(StateStoreTest, LoadReadsTheCommittedFileNotTheWorkingCopy) {
  StateStore store(Options());
  auto saved = store.Save(State{}, "x");
  ASSERT_TRUE(saved.ok());
  WriteAll(StatePath(), "garbage");  // e.g. a crash or a hand edit after the commit
  auto loaded = store.Load();
  ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
  EXPECT_EQ(loaded->serial, 1u);
}

TEST_F(StateStoreTest, RejectsFileNamesOutsideTheStateDirectory) {
  struct Case {
    std::string file;
    bool ok;
    std::string reason;
  } cases[] = {
      {"state.json", true, "default"},
      {"prod.state.json", true, "dots inside a name"},
      {"../state.json", false, "parent directory"},
      {"..", false, "dot-dot"},
      {"a..b", false, "contains dot-dot"},
      {"/etc/passwd", false, "absolute"},
      {"sub/state.json", false, "subdirectory"},
      {"", false, "empty"},
      {"lock.json", false, "the lock file"},
      {"journal.jsonl", false, "the journal"},
      {".git", false, "the git directory"},
  };
  for (const auto& c : cases) {
    StateStoreOptions o = Options();
    o.file = c.file;
    StateStore store(o);
    Status s = store.Open();
    EXPECT_EQ(s.ok(), c.ok) << c.reason << ": " << s.ToString();
    if (!c.ok) {
      EXPECT_EQ(s.code(), StatusCode::kInvalidArgument) << c.reason;
    }
    EXPECT_EQ(CheckStateFileName(c.file, "file").ok(), c.ok) << c.reason;
  }
}

TEST_F(StateStoreTest, RejectsInvalidConfiguration) {
  struct Case {
    std::string dir;
    std::string branch;
    std::string reason;
  } cases[] = {
      {"", "main", "no directory"},
      {"<dir>", "", "empty branch"},
      {"<dir>", "bad..branch", "invalid ref name"},
      {"<dir>", "bad branch", "space in ref name"},
  };
  for (const auto& c : cases) {
    StateStoreOptions o;
    o.dir = c.dir == "<dir>" ? dir_ : c.dir;
    o.branch = c.branch;
    StateStore store(o);
    Status s = store.Open();
    EXPECT_EQ(s.code(), StatusCode::kInvalidArgument) << c.reason << ": " << s.ToString();
  }
}

TEST_F(StateStoreTest, WritesTheWorkingFileThroughTheFileSystemSeam) {
  causeway::testing::TestFileSystem fs(RealFileSystem());
  StateStoreOptions o = Options();
  o.fs = &fs;
  StateStore store(o);
  ASSERT_TRUE(store.Save(State{}, "x").ok());
  EXPECT_EQ(fs.writes(), (std::vector<std::string>{dir_ + "/.gitignore " + std::to_string(0644),
                                                   StatePath() + " " + std::to_string(0600)}));
}

TEST_F(StateStoreTest, FailedWorkingFileWriteCommitsNothing) {
  causeway::testing::TestFileSystem fs(RealFileSystem());
  StateStoreOptions o = Options();
  o.fs = &fs;
  StateStore store(o);
  ASSERT_TRUE(store.Open().ok());
  fs.FailWrites();
  auto r = store.Save(State{}, "x");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kIOError);
  auto history = store.History();
  ASSERT_TRUE(history.ok());
  EXPECT_TRUE(history->empty());
  fs.ClearFaults();
  auto retry = store.Save(State{}, "x");
  EXPECT_TRUE(retry.ok()) << "a failed save leaves the store usable: " << retry.status().ToString();
}

}  // namespace
}  // namespace causeway
