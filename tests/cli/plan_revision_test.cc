// plan --rev REV: the manifests as of a git revision, read through libgit2 without a checkout
// (the working tree holds other, uncommitted edits); the saved plan records the commit; a
// revision that does not exist, or where the directory did not exist, is an error.
#include <git2.h>
#include <gtest/gtest.h>

#include "tests/support/cli_runner.h"

namespace causeway::testing {
namespace {

constexpr const char* kCommitted = R"(kind: providers
spec:
  mem:
    path: .causeway-live.json
---
kind: mem.database
name: analytics
spec:
  name: analytics
)";

// Commits every file of `dir` that `names` lists, on a new repository there; the commit id.
std::string CommitFiles(const std::string& dir, const std::vector<std::string>& names) {
  git_repository* repo = nullptr;
  EXPECT_EQ(git_repository_init(&repo, dir.c_str(), 0), 0);
  git_index* index = nullptr;
  EXPECT_EQ(git_repository_index(&index, repo), 0);
  for (const auto& n : names) EXPECT_EQ(git_index_add_bypath(index, n.c_str()), 0);
  git_oid tree_id{}, commit_id{};
  EXPECT_EQ(git_index_write_tree(&tree_id, index), 0);
  git_tree* tree = nullptr;
  EXPECT_EQ(git_tree_lookup(&tree, repo, &tree_id), 0);
  git_signature* sig = nullptr;
  EXPECT_EQ(git_signature_now(&sig, "dev", "dev@example.com"), 0);
  EXPECT_EQ(git_commit_create_v(&commit_id, repo, "HEAD", sig, sig, nullptr, "manifests", tree, 0),
            0);
  char hex[GIT_OID_HEXSZ + 1];
  git_oid_tostr(hex, sizeof(hex), &commit_id);
  git_signature_free(sig);
  git_tree_free(tree);
  git_index_free(index);
  git_repository_free(repo);
  return hex;
}

TEST(PlanRevisionTest, PlansTheCommittedManifestsNotTheWorkingTree) {
  git_libgit2_init();
  CliRunner cli;
  cli.Write("main.yaml", kCommitted);
  const std::string commit = CommitFiles(cli.dir(), {"main.yaml"});
  // Uncommitted: a second database.
  cli.Write("main.yaml", std::string(kCommitted) +
                             "---\nkind: mem.database\nname: staging\nspec:\n  name: staging\n");

  auto at_rev = cli.Run({"plan", "--rev", "HEAD", "--json", "--out", "rev.plan"});
  ASSERT_EQ(at_rev.exit_code, 0) << at_rev.all();
  Value j = Value::parse(at_rev.out);
  EXPECT_EQ(j["summary"]["create"], 1) << "only the committed database";
  EXPECT_EQ(j["manifest_revision"], commit);
  EXPECT_EQ(Value::parse(cli.ReadFile("rev.plan"))["manifest_revision"], commit);

  auto worktree = cli.Run({"plan", "--json"});
  ASSERT_EQ(worktree.exit_code, 0) << worktree.all();
  EXPECT_EQ(Value::parse(worktree.out)["summary"]["create"], 2);
  EXPECT_EQ(Value::parse(worktree.out)["manifest_revision"], "");

  auto missing = cli.Run({"plan", "--rev", "no-such-branch"});
  EXPECT_EQ(missing.exit_code, 1);
  EXPECT_NE(missing.err.find("no such revision"), std::string::npos) << missing.err;
  git_libgit2_shutdown();
}

}  // namespace
}  // namespace causeway::testing
