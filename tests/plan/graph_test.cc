// DependencyGraph: order, levels, cycles (found, broken, unbreakable), closure, and big graphs.
#include "manifests/manifest_graph.h"

#include <gtest/gtest.h>

#include <map>

#include "providers/memory/memory_provider.h"
#include "tests/plan/plan_fixtures.h"

namespace causeway {
namespace {

using testing_plan::Manifests;
using testing_plan::Res;

SchemaSet MemSchemas() {
  SchemaSet s;
  for (const auto& k : MemoryProvider().schemas()) s[k.kind] = k;
  return s;
}

DependencyGraph Graph(const std::vector<std::string>& nodes,
                      const std::vector<std::pair<std::string, std::string>>& edges,
                      bool breakable = false) {
  DependencyGraph g;
  for (const auto& n : nodes) g.AddNode(n);
  for (const auto& [from, to] : edges) g.AddEdge(Edge{from, to, "attr", breakable});
  return g;
}

TEST(GraphTest, TopologicalOrderAndLevels) {
  struct Case {
    std::string reason;
    std::vector<std::string> nodes;
    std::vector<std::pair<std::string, std::string>> edges;
    std::vector<std::string> order;
    std::vector<std::vector<std::string>> levels;
  } cases[] = {
      {"no edges: address order", {"c", "a", "b"}, {}, {"a", "b", "c"}, {{"a", "b", "c"}}},
      {"dependency first, ties by address",
       {"a", "b", "c"},
       {{"a", "c"}},
       {"b", "c", "a"},
       {{"b", "c"}, {"a"}}},
      {"diamond",
       {"top", "left", "right", "base"},
       {{"top", "left"}, {"top", "right"}, {"left", "base"}, {"right", "base"}},
       {"base", "left", "right", "top"},
       {{"base"}, {"left", "right"}, {"top"}}},
      {"level is the longest path",
       {"a", "b", "c", "d"},
       {{"d", "a"}, {"d", "c"}, {"c", "b"}, {"b", "a"}},
       {"a", "b", "c", "d"},
       {{"a"}, {"b"}, {"c"}, {"d"}}},
      {"duplicate edges count once per edge",
       {"x", "y"},
       {{"x", "y"}, {"x", "y"}},
       {"y", "x"},
       {{"y"}, {"x"}}},
  };
  for (const auto& c : cases) {
    DependencyGraph g = Graph(c.nodes, c.edges);
    EXPECT_EQ(g.TopologicalOrder(), c.order) << c.reason;
    EXPECT_EQ(g.Levels(), c.levels) << c.reason;
    EXPECT_TRUE(g.FindCycle().empty()) << c.reason;
  }
}

TEST(GraphTest, FindsCycles) {
  struct Case {
    std::string reason;
    std::vector<std::pair<std::string, std::string>> edges;
    std::vector<std::string> cycle;
  } cases[] = {
      {"two nodes", {{"b", "a"}, {"a", "b"}}, {"a", "b", "a"}},
      {"three nodes, rotated to the smallest address",
       {{"c", "a"}, {"b", "c"}, {"a", "b"}},
       {"a", "b", "c", "a"}},
      {"self reference", {{"b", "b"}}, {"b", "b"}},
      {"acyclic", {{"a", "b"}, {"b", "c"}}, {}},
  };
  for (const auto& c : cases) {
    DependencyGraph g = Graph({"a", "b", "c"}, c.edges);
    EXPECT_EQ(g.FindCycle(), c.cycle) << c.reason;
  }
}

TEST(GraphTest, FromManifestsLabelsEdgesWithTheReferencingAttribute) {
  ManifestSet m = Manifests({
      Res("mem.role.r", R"({"role_name": "r", "trust_policy": {"Statement": [
            {"Principal": "${mem.integration.i.iam_user_arn}",
             "Condition": "${mem.integration.i.external_id}"}]}})"),
      Res("mem.integration.i", R"({"name": "i", "role_arn": "${mem.role.r.arn}"})"),
      Res("mem.grant.g", R"({"principal": "${mem.role.r.role_name}", "on": "x",
            "privileges": ["${var.p}"]})",
          {}, {"mem.integration.i"}),
      Res("mem.grant.other", R"({"principal": "${mem.role.missing.arn}", "on": "y",
            "privileges": []})"),
  });
  DependencyGraph g = GraphOfManifests(m, MemSchemas());
  std::map<std::string, Edge> by_key;
  for (const auto& e : g.edges()) by_key[e.from + ">" + e.to + ">" + e.attribute] = e;
  ASSERT_EQ(g.edges().size(), 4u) << "one edge per (from, to, attribute); unknown targets skipped";
  EXPECT_TRUE(by_key.at("mem.role.r>mem.integration.i>trust_policy").breakable);
  EXPECT_FALSE(by_key.at("mem.integration.i>mem.role.r>role_arn").breakable);
  EXPECT_FALSE(by_key.at("mem.grant.g>mem.role.r>principal").breakable);
  EXPECT_FALSE(by_key.at("mem.grant.g>mem.integration.i>").breakable) << "depends_on edge";
  EXPECT_EQ(g.DependenciesOf("mem.grant.g"),
            (std::vector<std::string>{"mem.integration.i", "mem.role.r"}));
}

TEST(GraphTest, BreaksCycleThroughUpdatableAttribute) {
  ManifestSet m = Manifests({
      Res("mem.role.r", R"({"role_name": "r", "trust_policy": {"Statement": [
            {"Principal": "${mem.integration.i.iam_user_arn}"}]}})"),
      Res("mem.integration.i", R"({"name": "i", "role_arn": "${mem.role.r.arn}"})"),
  });
  DependencyGraph g = GraphOfManifests(m, MemSchemas());
  ASSERT_EQ(g.FindCycle(),
            (std::vector<std::string>{"mem.integration.i", "mem.role.r", "mem.integration.i"}));
  auto broken = g.BreakCycles();
  ASSERT_TRUE(broken.ok()) << broken.status().ToString();
  ASSERT_EQ(broken->size(), 1u);
  EXPECT_EQ((*broken)[0].from, "mem.role.r");
  EXPECT_EQ((*broken)[0].to, "mem.integration.i");
  EXPECT_EQ((*broken)[0].attribute, "trust_policy");
  EXPECT_TRUE(g.FindCycle().empty());
  EXPECT_EQ(g.TopologicalOrder(), (std::vector<std::string>{"mem.role.r", "mem.integration.i"}));
  EXPECT_EQ(g.edges().size(), 1u);
}

TEST(GraphTest, NodesAreNumberedInAddressOrder) {
  // Declared out of address order, with a broken cycle: numbers follow addresses, edges keep
  // their ends' numbers after breaking, and TopologicalIndexes is TopologicalOrder as numbers.
  ManifestSet m = Manifests({
      Res("mem.role.r", R"({"role_name": "r", "trust_policy": {"Statement": [
            {"Principal": "${mem.integration.i.iam_user_arn}"}]}})"),
      Res("mem.integration.i", R"({"name": "i", "role_arn": "${mem.role.r.arn}"})"),
      Res("mem.grant.g", R"({"principal": "${mem.role.r.role_name}", "on": "x",
            "privileges": []})"),
  });
  std::vector<int> numbers;
  DependencyGraph g = GraphOfManifests(m, MemSchemas(), &numbers);
  EXPECT_EQ(numbers, (std::vector<int>{2, 1, 0})) << "the number of each resource, in file order";
  ASSERT_EQ(g.size(), 3u);
  EXPECT_EQ(g.IndexOf("mem.grant.g"), 0);
  EXPECT_EQ(g.IndexOf("mem.integration.i"), 1);
  EXPECT_EQ(g.IndexOf("mem.role.r"), 2);
  EXPECT_EQ(g.IndexOf("mem.role.missing"), -1);
  for (int i = 0; i < 3; ++i) EXPECT_EQ(g.IndexOf(g.NameOf(i)), i);
  auto check_edges = [&g] {
    for (size_t e = 0; e < g.edges().size(); ++e) {
      EXPECT_EQ(g.NameOf(g.EdgeFrom(e)), g.edges()[e].from);
      EXPECT_EQ(g.NameOf(g.EdgeTo(e)), g.edges()[e].to);
    }
  };
  check_edges();
  ASSERT_TRUE(g.BreakCycles().ok());
  check_edges();
  std::vector<std::string> named;
  for (int i : g.TopologicalIndexes()) named.push_back(g.NameOf(i));
  EXPECT_EQ(named, g.TopologicalOrder());
  EXPECT_EQ(named, (std::vector<std::string>{"mem.role.r", "mem.grant.g", "mem.integration.i"}));
  // A new node renumbers those after it.
  g.AddNode("mem.database.d");
  EXPECT_EQ(g.IndexOf("mem.database.d"), 0);
  EXPECT_EQ(g.IndexOf("mem.role.r"), 3);
  check_edges();
}

TEST(GraphTest, UnbreakableCycleIsAnErrorPrintingTheCycle) {
  ManifestSet m = Manifests({
      Res("mem.grant.b", R"({"principal": "${mem.grant.a.on}", "on": "x", "privileges": []})"),
      Res("mem.grant.a", R"({"principal": "p", "on": "${mem.grant.c.on}", "privileges": []})"),
      Res("mem.grant.c", R"({"principal": "p", "on": "${mem.grant.b.on}", "privileges": []})"),
  });
  DependencyGraph g = GraphOfManifests(m, MemSchemas());
  size_t edges = g.edges().size();
  auto broken = g.BreakCycles();
  ASSERT_FALSE(broken.ok());
  EXPECT_EQ(broken.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(broken.status().message(),
            "dependency cycle: mem.grant.a -> mem.grant.c -> mem.grant.b -> mem.grant.a "
            "(no attribute in it is updatable_after_create)");
  EXPECT_EQ(g.edges().size(), edges) << "a failed BreakCycles leaves the graph as it was";
}

TEST(GraphTest, BreaksOnlyWhatIsNeeded) {
  struct Case {
    std::string reason;
    std::vector<Edge> edges;
    bool ok;
    std::vector<std::string> broken;  // "from>to"
  } cases[] = {
      {"breakable edge in a two-cycle",
       {{"a", "b", "x", true}, {"b", "a", "y", false}},
       true,
       {"a>b"}},
      {"acyclic graph keeps its breakable edges", {{"a", "b", "x", true}}, true, {}},
      {"self reference through a breakable attribute", {{"a", "a", "x", true}}, true, {"a>a"}},
      {"two cycles sharing one breakable edge",
       {{"a", "b", "x", true},
        {"b", "a", "y", false},
        {"b", "c", "y", false},
        {"c", "a", "z", false}},
       true,
       {"a>b"}},
      {"parallel unbreakable edge keeps the cycle",
       {{"a", "b", "x", true}, {"a", "b", "w", false}, {"b", "a", "y", false}},
       false,
       {}},
  };
  for (const auto& c : cases) {
    DependencyGraph g;
    for (const char* n : {"a", "b", "c"}) g.AddNode(n);
    for (const auto& e : c.edges) g.AddEdge(e);
    auto broken = g.BreakCycles();
    ASSERT_EQ(broken.ok(), c.ok) << c.reason << ": " << broken.status().ToString();
    if (!c.ok) continue;
    std::vector<std::string> got;
    for (const auto& e : *broken) got.push_back(e.from + ">" + e.to);
    EXPECT_EQ(got, c.broken) << c.reason;
    EXPECT_TRUE(g.FindCycle().empty()) << c.reason;
    EXPECT_EQ(g.TopologicalOrder().size(), 3u) << c.reason;
  }
}

TEST(GraphTest, ClosureFollowsDependencies) {
  DependencyGraph g = Graph({"a", "b", "c", "d", "e"}, {{"a", "b"}, {"b", "c"}, {"d", "c"}});
  EXPECT_EQ(g.Closure({"a"}), (std::set<std::string>{"a", "b", "c"}));
  EXPECT_EQ(g.Closure({"d", "e"}), (std::set<std::string>{"c", "d", "e"}));
  EXPECT_EQ(g.Closure({"c"}), (std::set<std::string>{"c"}));
  EXPECT_TRUE(g.Closure({"nope"}).empty()) << "unknown addresses are not nodes";
}

std::string Name(int i) {
  char buf[32];
  std::snprintf(buf, sizeof(buf), "mem.role.n%06d", i);
  return buf;
}

TEST(GraphTest, HundredThousandNodes) {
  const int n = 100000;
  DependencyGraph g;
  for (int i = 0; i < n; ++i) g.AddNode(Name(i));
  // A 100k-deep chain (no recursion limits) plus a fan of extra edges.
  for (int i = 1; i < n; ++i) g.AddEdge(Edge{Name(i), Name(i - 1), "a", false});
  for (int i = 100; i < n; i += 7) g.AddEdge(Edge{Name(i), Name(i / 3), "b", false});
  EXPECT_TRUE(g.FindCycle().empty());
  auto order = g.TopologicalOrder();
  ASSERT_EQ(order.size(), static_cast<size_t>(n));
  std::map<std::string, size_t> pos;
  for (size_t i = 0; i < order.size(); ++i) pos[order[i]] = i;
  for (const auto& e : g.edges()) ASSERT_LT(pos[e.to], pos[e.from]) << e.from;
  EXPECT_EQ(g.Levels().size(), static_cast<size_t>(n));
  EXPECT_EQ(g.Closure({Name(n - 1)}).size(), static_cast<size_t>(n));
  // Closing the chain into one 100k-node cycle: found, and unbreakable.
  g.AddEdge(Edge{Name(0), Name(n - 1), "c", false});
  auto cycle = g.FindCycle();
  ASSERT_GE(cycle.size(), 3u);
  EXPECT_EQ(cycle.front(), cycle.back());
  EXPECT_FALSE(g.BreakCycles().ok());
}

TEST(GraphTest, TwentyThousandBrokenCycles) {
  // 10k role/integration pairs, each a two-cycle broken through the role's trust policy.
  DependencyGraph g;
  const int pairs = 10000;
  for (int i = 0; i < pairs; ++i) {
    std::string role = "mem.role.r" + std::to_string(i);
    std::string integ = "mem.integration.i" + std::to_string(i);
    g.AddNode(role);
    g.AddNode(integ);
    g.AddEdge(Edge{role, integ, "trust_policy", true});
    g.AddEdge(Edge{integ, role, "role_arn", false});
    if (i > 0) g.AddEdge(Edge{role, "mem.role.r" + std::to_string(i - 1), "", false});
  }
  auto broken = g.BreakCycles();
  ASSERT_TRUE(broken.ok()) << broken.status().ToString();
  EXPECT_EQ(broken->size(), static_cast<size_t>(pairs));
  for (const auto& e : *broken) EXPECT_EQ(e.attribute, "trust_policy");
  EXPECT_TRUE(g.FindCycle().empty());
  EXPECT_EQ(g.TopologicalOrder().size(), static_cast<size_t>(2 * pairs));
}

}  // namespace
}  // namespace causeway
