// The backend document: an s3 or git block becomes the --state-remote URL it stands for; every
// mistake (both or neither block, unknown or missing fields, a ${...} the backend cannot
// resolve, a second backend document) is reported at file:line:column by FindBackend and by the
// loader alike.
#include "manifests/backend_document.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "manifests/loader.h"

namespace causeway {
namespace {

std::vector<std::string> LoaderErrors(const std::string& text) {
  LoadResult r = LoadManifestFiles({{"b.yaml", text}}, {});
  std::vector<std::string> out;
  for (const auto& d : r.diagnostics) out.push_back(d.str());
  return out;
}

std::vector<std::string> FindErrors(const std::string& text) {
  std::vector<Diagnostic> diags;
  EXPECT_FALSE(FindBackend({{"b.yaml", text}}, &diags).has_value());
  std::vector<std::string> out;
  for (const auto& d : diags) out.push_back(d.str());
  std::sort(out.begin(), out.end());
  auto loaded = LoaderErrors(text);
  std::sort(loaded.begin(), loaded.end());
  EXPECT_EQ(out, loaded) << "validate reports what the CLI refuses";
  return out;
}

TEST(BackendDocumentTest, AnS3BlockIsAnS3Url) {
  const std::string text =
      "kind: backend\nspec:\n  s3:\n    bucket: lake-state\n    key: stacks/raw/state.json\n"
      "    region: eu-west-1\n    endpoint: http://127.0.0.1:9000\n";
  std::vector<Diagnostic> diags;
  auto b = FindBackend({{"a.yaml", "kind: vars\nspec: {x: 1}\n"}, {"b.yaml", text}}, &diags);
  ASSERT_TRUE(b.has_value());
  EXPECT_TRUE(diags.empty());
  EXPECT_EQ(b->url,
            "s3://lake-state/stacks/raw/state.json?region=eu-west-1&endpoint=http://"
            "127.0.0.1:9000");
  EXPECT_EQ(b->at.str(), "b.yaml:1:1");
  LoadResult loaded = LoadManifestFiles({{"b.yaml", text}}, {});
  EXPECT_TRUE(loaded.diagnostics.empty());
  ASSERT_TRUE(loaded.backend.has_value()) << "the loader keeps what it read";
  EXPECT_EQ(loaded.backend->url, b->url);
}

TEST(BackendDocumentTest, AGitBlockIsItsUrlAndBranch) {
  std::vector<Diagnostic> diags;
  auto b = FindBackend({{"b.yaml",
                         "kind: backend\nspec:\n  git: {url: 'ssh://git@example.com/s.git', "
                         "branch: prod}\n"}},
                       &diags);
  ASSERT_TRUE(b.has_value());
  EXPECT_EQ(b->url, "ssh://git@example.com/s.git");
  EXPECT_EQ(b->branch, "prod");
}

TEST(BackendDocumentTest, NoBackendDocumentIsNone) {
  std::vector<Diagnostic> diags;
  EXPECT_FALSE(FindBackend({{"a.yaml", "kind: vars\nspec: {x: 1}\n"}}, &diags).has_value());
  EXPECT_TRUE(diags.empty());
}

TEST(BackendDocumentTest, MistakesAreReportedWhereTheyAre) {
  EXPECT_EQ(
      FindErrors("kind: backend\nspec:\n  s3: {bucket: b, key: k}\n  git: {url: x}\n"),
      std::vector<std::string>{"b.yaml:2:1: backend: give exactly one of s3 or git (got both)"});
  EXPECT_EQ(
      FindErrors("kind: backend\nspec: {}\n"),
      std::vector<std::string>{"b.yaml:2:1: backend: give exactly one of s3 or git (got neither)"});
  auto unknown = FindErrors("kind: backend\nspec:\n  s3:\n    buckt: b\n    key: k\n");
  ASSERT_FALSE(unknown.empty());
  const bool suggested = std::any_of(unknown.begin(), unknown.end(), [](const std::string& e) {
    return e.find("b.yaml:4:5") == 0 && e.find("'bucket'") != std::string::npos;
  });
  EXPECT_TRUE(suggested) << ::testing::PrintToString(unknown);
  auto var = FindErrors("kind: backend\nspec:\n  s3: {bucket: '${var.b}', key: k}\n");
  ASSERT_EQ(var.size(), 1u);
  EXPECT_NE(var[0].find("read before variables"), std::string::npos) << var[0];
  auto twice = FindErrors(
      "kind: backend\nspec:\n  git: {url: a}\n---\nkind: backend\nspec:\n  git: {url: b}\n");
  ASSERT_EQ(twice.size(), 1u);
  EXPECT_NE(twice[0].find("b.yaml:5:1: duplicate backend document: already declared at b.yaml:1:1"),
            std::string::npos)
      << twice[0];
}

}  // namespace
}  // namespace causeway
