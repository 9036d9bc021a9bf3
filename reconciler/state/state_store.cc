// StateStore: the state file committed to a git repository through libgit2. Open() initialises
// the repository, Load() reads the file at the branch tip, Save() writes the working file and
// commits it (parent = previous tip, with "Serial:"/"Lineage:" trailers), History() walks the
// branch. Only the state file is ever put in a commit's tree; the lock, the journal and temp
// files are listed in the repository's .gitignore.
#include "reconciler/state/state_store.h"

#include <git2.h>
#include <git2/sys/odb_backend.h>
#include <openssl/evp.h>

#include <charconv>
#include <chrono>
#include <optional>

#include "reconciler/core/clock.h"
#include "reconciler/core/json_reader.h"
#include "reconciler/state/git_support.h"
#include "reconciler/state/state_json.h"
#include "reconciler/state/state_paths.h"

namespace causeway {

namespace {

Status GitError(const std::string& what) { return causeway::GitError("state store", what); }

constexpr char kGitignore[] =
    "# Written by causeway: only the state file is committed here.\n"
    "lock.json\n"
    "journal.jsonl\n"
    "*.tmp.*\n"
    ".gitignore\n";

// The last "Serial: N" trailer line of a commit message.
std::optional<uint64_t> SerialTrailer(const std::string& message) {
  std::optional<uint64_t> found;
  size_t pos = 0;
  while (pos <= message.size()) {
    size_t end = message.find('\n', pos);
    if (end == std::string::npos) end = message.size();
    std::string_view line(message.data() + pos, end - pos);
    constexpr std::string_view kPrefix = "Serial: ";
    if (line.substr(0, kPrefix.size()) == kPrefix) {
      uint64_t n = 0;
      auto digits = line.substr(kPrefix.size());
      auto [ptr, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), n);
      if (ec == std::errc() && ptr == digits.data() + digits.size()) found = n;
    }
    pos = end + 1;
  }
  return found;
}

// Refuses attributes that still carry a value although the resource marks them sensitive.
// The message names the attribute, never the value.
Status CheckNoSensitiveValues(const State& state) {
  for (const auto& [address, rs] : state.resources) {
    if (!rs.attributes.is_object()) continue;
    for (const auto& [attr, hash] : rs.sensitive_hashes) {
      const Value* v = nullptr;
      if (auto it = rs.attributes.find(attr); it != rs.attributes.end()) {
        v = &*it;
      } else if (!attr.empty() && attr.front() == '/') {
        try {
          Value::json_pointer ptr(attr);
          if (rs.attributes.contains(ptr)) v = &rs.attributes.at(ptr);
        } catch (const Value::exception&) {
          // Not a JSON pointer: nothing to look up.
        }
      }
      if (v != nullptr && !v->is_null()) {
        return Status::InvalidArgument("resource " + address + ": attribute \"" + attr +
                                       "\" is sensitive; state keeps only its hash, not its value");
      }
    }
  }
  return Status::Ok();
}

}  // namespace

struct StateStore::Repo {
  GitLibrary library;  // first member: initialised before and released after `repo`
  git_repository* repo = nullptr;
  // libgit2's loose-object writer for this repository's object directory (WriteBlob).
  git_odb_backend* loose = nullptr;
  // Lineage and serial of the last commit this store loaded or wrote. A commit id names its
  // content, so when the branch tip is still that commit Save() need not read and parse the
  // whole state file again to check for concurrent writers.
  bool known = false;
  git_oid known_id{};
  std::string known_lineage;
  uint64_t known_serial = 0;
  void Know(const git_oid& id, const State& state) {
    known = true;
    known_id = id;
    known_lineage = state.lineage;
    known_serial = state.serial;
  }
  ~Repo() {
    if (loose != nullptr) loose->free(loose);
    git_repository_free(repo);
  }
};

namespace {

// The branch tip and the state file's text in it.
struct Tip {
  bool exists = false;
  git_oid id{};
  CommitPtr commit;
  std::string text;
};

Result<std::string> ReadFileAtCommit(git_repository* repo, git_commit* commit,
                                     const std::string& file, const std::string& branch) {
  git_tree* tree_raw = nullptr;
  if (git_commit_tree(&tree_raw, commit) != 0) return GitError("reading commit tree");
  TreePtr tree(tree_raw);
  git_tree_entry* entry_raw = nullptr;
  if (git_tree_entry_bypath(&entry_raw, tree.get(), file.c_str()) != 0) {
    return Status::Corruption("state store: commit " + OidHex(*git_commit_id(commit)) +
                              " on branch " + branch + " has no " + file);
  }
  TreeEntryPtr entry(entry_raw);
  if (git_tree_entry_type(entry.get()) != GIT_OBJECT_BLOB) {
    return Status::Corruption("state store: " + file + " in commit " +
                              OidHex(*git_commit_id(commit)) + " is not a file");
  }
  git_blob* blob_raw = nullptr;
  if (git_blob_lookup(&blob_raw, repo, git_tree_entry_id(entry.get())) != 0) {
    return GitError("reading " + file);
  }
  BlobPtr blob(blob_raw);
  const auto size = static_cast<size_t>(git_blob_rawsize(blob.get()));
  std::string text;
  text.reserve(size + kJsonReadPadding);  // so that the JSON reader need not copy it again
  text.assign(static_cast<const char*>(git_blob_rawcontent(blob.get())), size);
  return text;
}

// Writes `text` as a blob and sets `id` to its object id: the SHA-1 of "blob <size>\0<text>",
// as `git hash-object` computes it.
//
// Why not git_blob_create_from_buffer: the state blob is the whole state (28 MB at 100k
// resources) and libgit2 hashes it with SHA-1 collision detection, three times slower than
// OpenSSL's SHA-1 (0.067 s against 0.022 s for 45 MB, bench/RESULTS.md). Collision
// detection guards against crafted objects arriving from elsewhere; this blob is the text Causeway
// just wrote. So the id is computed here and the object is written by libgit2's own loose-object
// backend, which takes a precomputed id (git2/sys/odb_backend.h) and compresses and stores the
// object exactly as git_blob_create_from_buffer would. state_store_test checks the id against
// libgit2's and reads the blob back with hash verification on.
Status WriteBlob(git_odb_backend* loose, const std::string& text, git_oid* id) {
  const std::string header = "blob " + std::to_string(text.size()) + std::string(1, '\0');
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int digest_len = 0;
  std::unique_ptr<EVP_MD_CTX, void (*)(EVP_MD_CTX*)> ctx(EVP_MD_CTX_new(), EVP_MD_CTX_free);
  if (ctx == nullptr || EVP_DigestInit_ex(ctx.get(), EVP_sha1(), nullptr) != 1 ||
      EVP_DigestUpdate(ctx.get(), header.data(), header.size()) != 1 ||
      EVP_DigestUpdate(ctx.get(), text.data(), text.size()) != 1 ||
      EVP_DigestFinal_ex(ctx.get(), digest, &digest_len) != 1 || digest_len != GIT_OID_RAWSZ) {
    return Status::IOError("state store: hashing the state blob failed");
  }
  git_oid_fromraw(id, digest);
  if (loose->write(loose, id, text.data(), text.size(), GIT_OBJECT_BLOB) != 0) {
    return GitError("writing state blob");
  }
  return Status::Ok();
}

// `read_text` false: only the commit, not the state file's text (the caller knows its content).
Result<Tip> ReadTip(git_repository* repo, const StateStoreOptions& o, bool read_text = true) {
  Tip tip;
  std::string ref = "refs/heads/" + o.branch;
  int rc = git_reference_name_to_id(&tip.id, repo, ref.c_str());
  if (rc == GIT_ENOTFOUND) return tip;
  if (rc != 0) return GitError("resolving " + ref);
  git_commit* commit = nullptr;
  if (git_commit_lookup(&commit, repo, &tip.id) != 0) return GitError("reading " + ref);
  tip.commit.reset(commit);
  tip.exists = true;
  if (read_text) {
    CW_ASSIGN_OR_RETURN(tip.text, ReadFileAtCommit(repo, commit, o.file, o.branch));
  }
  return tip;
}

// The state `tip` holds. Before the first commit, a working file (placed by hand, or left by a
// first save whose commit failed) counts; with neither, the empty State.
Result<State> StateAtTip(const Tip& tip, const StateStoreOptions& o) {
  std::string path = JoinStatePath(o.dir, o.file);
  if (tip.exists) {
    auto state = StateFromJson(tip.text);
    if (!state.ok()) {
      return state.status().WithContext("state file " + path + " (commit " +
                                        OidHex(tip.id).substr(0, 12) + " on " + o.branch + ")");
    }
    return state;
  }
  auto text = o.fs->ReadFile(path);
  if (!text.ok()) {
    if (text.status().IsNotFound()) return State{};
    return text.status();
  }
  auto state = StateFromJson(*text);
  if (!state.ok()) return state.status().WithContext("state file " + path);
  return state;
}

// Writes `text` (the JSON of `out`) as the working file and commits it on the branch as the child
// of `tip`, with `message` as the summary. Conflict when the branch moved off `tip` meanwhile.
Result<git_oid> CommitText(git_repository* repo, git_odb_backend* loose, const StateStoreOptions& o,
                           const Tip& tip, const State& out, const std::string& text,
                           const std::string& message) {
  std::string ref = "refs/heads/" + o.branch;
  std::string path = JoinStatePath(o.dir, o.file);
  CW_RETURN_IF_ERROR(o.fs->WriteFileAtomic(path, text, 0600));

  git_oid blob_id;
  CW_RETURN_IF_ERROR(WriteBlob(loose, text, &blob_id));
  // Start from the previous tree so the commit changes exactly one file: the state file.
  TreePtr parent_tree;
  if (tip.exists) {
    git_tree* t = nullptr;
    if (git_commit_tree(&t, tip.commit.get()) != 0) return GitError("reading previous tree");
    parent_tree.reset(t);
  }
  git_treebuilder* tb_raw = nullptr;
  if (git_treebuilder_new(&tb_raw, repo, parent_tree.get()) != 0) {
    return GitError("building tree");
  }
  TreeBuilderPtr tb(tb_raw);
  if (git_treebuilder_insert(nullptr, tb.get(), o.file.c_str(), &blob_id, GIT_FILEMODE_BLOB) != 0) {
    return GitError("adding " + o.file + " to tree");
  }
  git_oid tree_id;
  if (git_treebuilder_write(&tree_id, tb.get()) != 0) return GitError("writing tree");
  git_tree* tree_raw = nullptr;
  if (git_tree_lookup(&tree_raw, repo, &tree_id) != 0) return GitError("reading new tree");
  TreePtr tree(tree_raw);

  git_signature* sig_raw = nullptr;
  if (git_signature_now(&sig_raw, o.author_name.c_str(), o.author_email.c_str()) != 0) {
    return GitError("author signature");
  }
  SignaturePtr sig(sig_raw);

  std::string summary = message;
  while (!summary.empty() && (summary.back() == '\n' || summary.back() == ' ')) summary.pop_back();
  if (summary.empty()) summary = "Update state";
  std::string full =
      summary + "\n\nSerial: " + std::to_string(out.serial) + "\nLineage: " + out.lineage + "\n";

  const git_commit* parents[1] = {tip.commit.get()};
  git_oid commit_id;
  // With update_ref, libgit2 refuses (GIT_EMODIFIED) if the branch moved off our parent.
  int rc =
      git_commit_create(&commit_id, repo, ref.c_str(), sig.get(), sig.get(), nullptr, full.c_str(),
                        tree.get(), tip.exists ? 1 : 0, tip.exists ? parents : nullptr);
  if (rc == GIT_EMODIFIED) {
    return Status::Conflict("state store: branch " + o.branch +
                            " moved while saving; load the state again and retry");
  }
  if (rc != 0) return GitError("committing state");
  // Best effort: keep the index equal to the commit so `git status` in the directory is clean.
  // The commit is already durable; a failure here changes nothing Load() reads.
  git_index* index_raw = nullptr;
  if (git_repository_index(&index_raw, repo) == 0) {
    IndexPtr index(index_raw);
    if (git_index_read_tree(index.get(), tree.get()) == 0) (void)git_index_write(index.get());
  }
  return commit_id;
}

}  // namespace

StateStore::StateStore(StateStoreOptions options) : options_(std::move(options)) {
  if (options_.fs == nullptr) options_.fs = RealFileSystem();
}

StateStore::~StateStore() = default;

Status StateStore::Open() {
  if (repo_ != nullptr) return Status::Ok();
  if (options_.dir.empty()) return Status::InvalidArgument("state store: no directory configured");
  CW_RETURN_IF_ERROR(CheckStateFileName(options_.file, "state file"));
  auto repo = std::make_unique<Repo>();
  int valid = 0;
  std::string ref = "refs/heads/" + options_.branch;
  if (options_.branch.empty() || git_reference_name_is_valid(&valid, ref.c_str()) != 0 || !valid) {
    return Status::InvalidArgument("state store: invalid branch name \"" + options_.branch + "\"");
  }
  CW_RETURN_IF_ERROR(options_.fs->MakeDirs(options_.dir));
  // NO_SEARCH: never pick up a repository that merely encloses the state directory.
  int rc = git_repository_open_ext(&repo->repo, options_.dir.c_str(), GIT_REPOSITORY_OPEN_NO_SEARCH,
                                   nullptr);
  if (rc == GIT_ENOTFOUND) {
    git_repository_init_options init = GIT_REPOSITORY_INIT_OPTIONS_INIT;
    init.flags = GIT_REPOSITORY_INIT_MKPATH;
    init.initial_head = options_.branch.c_str();  // HEAD -> refs/heads/<branch>
    if (git_repository_init_ext(&repo->repo, options_.dir.c_str(), &init) != 0) {
      return GitError("initialising repository in " + options_.dir);
    }
  } else if (rc != 0) {
    return GitError("opening repository in " + options_.dir);
  }
  if (git_repository_is_bare(repo->repo)) {
    return Status::InvalidArgument("state store: " + options_.dir + " is a bare git repository");
  }
  std::string objects = std::string(git_repository_path(repo->repo)) + "objects";
  // Compression level, fsync and modes as libgit2's defaults for a repository's own loose backend.
  if (git_odb_backend_loose(&repo->loose, objects.c_str(), -1, 0, 0, 0) != 0) {
    return GitError("opening the object directory of " + options_.dir);
  }
  std::string gitignore = JoinStatePath(options_.dir, kGitignoreFileName);
  if (!options_.fs->Exists(gitignore)) {
    CW_RETURN_IF_ERROR(options_.fs->WriteFileAtomic(gitignore, kGitignore, 0644));
  }
  repo_ = std::move(repo);
  return Status::Ok();
}

Result<State> StateStore::Load() {
  CW_RETURN_IF_ERROR(Open());
  CW_ASSIGN_OR_RETURN(Tip tip, ReadTip(repo_->repo, options_));
  auto state = StateAtTip(tip, options_);
  repo_->known = tip.exists && state.ok();
  if (repo_->known) {
    repo_->known_id = tip.id;
    repo_->known_lineage = state->lineage;
    repo_->known_serial = state->serial;
  }
  return state;
}

Result<State> StateStore::Save(State state, const std::string& message) {
  CW_RETURN_IF_ERROR(Open());
  CW_RETURN_IF_ERROR(CheckNoSensitiveValues(state));
  git_repository* repo = repo_->repo;
  Tip tip;
  State current;
  git_oid tip_id;
  std::string ref = "refs/heads/" + options_.branch;
  if (repo_->known && git_reference_name_to_id(&tip_id, repo, ref.c_str()) == 0 &&
      git_oid_equal(&tip_id, &repo_->known_id) != 0) {
    CW_ASSIGN_OR_RETURN(tip, ReadTip(repo, options_, /*read_text=*/false));
  }
  if (tip.exists && git_oid_equal(&tip.id, &repo_->known_id) != 0) {
    current.lineage = repo_->known_lineage;
    current.serial = repo_->known_serial;
  } else {
    CW_ASSIGN_OR_RETURN(tip, ReadTip(repo, options_));
    CW_ASSIGN_OR_RETURN(current, StateAtTip(tip, options_));
  }
  // An empty store (nothing saved, no lineage) accepts any state, e.g. one moved from another
  // directory; after that, the caller must hold exactly the stored lineage and serial.
  bool empty = !tip.exists && current.lineage.empty() && current.serial == 0;
  if (!empty && (current.lineage != state.lineage || current.serial != state.serial)) {
    return Status::Conflict("state was saved by someone else since it was loaded (stored lineage " +
                            (current.lineage.empty() ? "<none>" : current.lineage) + " serial " +
                            std::to_string(current.serial) + ", this one lineage " +
                            (state.lineage.empty() ? "<none>" : state.lineage) + " serial " +
                            std::to_string(state.serial) + "); load the state again and retry");
  }
  const uint64_t next_serial = (empty ? state.serial : current.serial) + 1;
  State out = std::move(state);
  out.format_version = kStateFormatVersion;
  out.serial = next_serial;
  if (out.lineage.empty()) out.lineage = NewLineage();
  std::string text = StateToJson(out);
  CW_ASSIGN_OR_RETURN(git_oid commit_id,
                      CommitText(repo, repo_->loose, options_, tip, out, text, message));
  repo_->Know(commit_id, out);
  return out;
}

Result<State> StateStore::Adopt(const std::string& text, const std::string& message) {
  CW_RETURN_IF_ERROR(Open());
  CW_ASSIGN_OR_RETURN(State incoming, StateFromJson(text));
  CW_RETURN_IF_ERROR(CheckNoSensitiveValues(incoming));
  git_repository* repo = repo_->repo;
  CW_ASSIGN_OR_RETURN(Tip tip, ReadTip(repo, options_));
  CW_ASSIGN_OR_RETURN(State current, StateAtTip(tip, options_));
  const bool empty = current.lineage.empty() && current.serial == 0;
  if (!empty && current.lineage != incoming.lineage) {
    return Status::Conflict("the state to adopt belongs to another lineage (" + incoming.lineage +
                            ") than the one stored in " + options_.dir + " (" + current.lineage +
                            "): it is another stack's state");
  }
  if (!empty && incoming.serial <= current.serial) {
    return Status::Conflict("the state to adopt (serial " + std::to_string(incoming.serial) +
                            ") is not newer than the one stored in " + options_.dir + " (serial " +
                            std::to_string(current.serial) + ")");
  }
  CW_ASSIGN_OR_RETURN(git_oid commit_id,
                      CommitText(repo, repo_->loose, options_, tip, incoming, text, message));
  repo_->Know(commit_id, incoming);
  return incoming;
}

Result<std::string> StateStore::TipText() {
  CW_RETURN_IF_ERROR(Open());
  CW_ASSIGN_OR_RETURN(Tip tip, ReadTip(repo_->repo, options_));
  return tip.exists ? tip.text : std::string();
}

Result<std::vector<StateCommit>> StateStore::History(int limit) {
  CW_RETURN_IF_ERROR(Open());
  git_repository* repo = repo_->repo;
  std::vector<StateCommit> out;
  std::string ref = "refs/heads/" + options_.branch;
  git_oid tip;
  int rc = git_reference_name_to_id(&tip, repo, ref.c_str());
  if (rc == GIT_ENOTFOUND) return out;
  if (rc != 0) return GitError("resolving " + ref);
  git_revwalk* walk_raw = nullptr;
  if (git_revwalk_new(&walk_raw, repo) != 0) return GitError("walking history");
  RevwalkPtr walk(walk_raw);
  git_revwalk_sorting(walk.get(), GIT_SORT_TOPOLOGICAL | GIT_SORT_TIME);
  if (git_revwalk_push(walk.get(), &tip) != 0) return GitError("walking history");
  git_oid id;
  while ((limit <= 0 || out.size() < static_cast<size_t>(limit)) &&
         git_revwalk_next(&id, walk.get()) == 0) {
    git_commit* c_raw = nullptr;
    if (git_commit_lookup(&c_raw, repo, &id) != 0) return GitError("reading commit");
    CommitPtr commit(c_raw);
    StateCommit sc;
    sc.id = OidHex(id);
    sc.time = FormatUtc(std::chrono::system_clock::from_time_t(
        static_cast<std::time_t>(git_commit_time(commit.get()))));
    const char* msg = git_commit_message(commit.get());
    sc.message = msg != nullptr ? msg : "";
    sc.message = sc.message.substr(0, sc.message.find('\n'));
    if (auto serial = SerialTrailer(msg != nullptr ? msg : ""); serial.has_value()) {
      sc.serial = *serial;
    } else {
      // A commit made without our trailer: read the serial from the file it holds.
      auto text = ReadFileAtCommit(repo, commit.get(), options_.file, options_.branch);
      if (text.ok()) {
        auto state = StateFromJson(*text);
        if (state.ok()) sc.serial = state->serial;
      }
    }
    out.push_back(std::move(sc));
  }
  return out;
}

}  // namespace causeway
