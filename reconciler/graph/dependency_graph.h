// DependencyGraph: resources as nodes, "A depends on B" edges labelled with the attribute that
// holds the reference (manifests/manifest_graph.h builds one from a manifest set). Gives a topological order and levels,
// finds cycles, and breaks a cycle only through an edge whose attribute is
// updatable_after_create (that edge becomes a deferred update). Owns no I/O; the walker that
// runs steps in this order lives in reconciler/apply/. Thread-safety: not thread-safe to build;
// the first const query after a change builds an index, so share a graph between threads only
// after one query (Build leaves it built).
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "reconciler/core/status.h"

namespace causeway {

struct Edge {
  std::string from;        // dependent address ("aws.iam.role.reader")
  std::string to;          // dependency address
  std::string attribute;   // top-level attribute of `from` holding the reference; "" for depends_on
  bool breakable = false;  // attribute is updatable_after_create
};

class DependencyGraph {
 public:
  void AddNode(const std::string& address);
  void AddEdge(const Edge& edge);  // both ends must be nodes
  void AddEdge(Edge&& edge);

  // Adds one edge from the node being built (see Build); `to` must be one of Build's nodes
  // (others are ignored and return false). Returns whether the edge was new.
  using EdgeAdder = std::function<bool(const std::string& to, const std::string& attribute,
                                       bool breakable)>;
  // Builds a graph over `nodes` (duplicates collapse) whose edges come from `edges_of(i, add)`,
  // called once for nodes[i] in order; an edge to an address that is not a node is dropped, and
  // a repeated (to, attribute) pair of one node is added once. When `numbers` is given it
  // receives the node number (see IndexOf) of each of `nodes`, in the same order. Builds the
  // index as it goes: one hash lookup per edge, for 100k-node manifests.
  static DependencyGraph Build(const std::vector<std::string>& nodes,
                               const std::function<void(size_t, const EdgeAdder&)>& edges_of,
                               std::vector<int>* numbers = nullptr);

  // Removes breakable edges until the graph is acyclic, choosing as few as it can. Returns the
  // removed edges (each becomes a bootstrap value plus a deferred update). If a cycle has no
  // breakable edge, returns InvalidArgument whose message prints the cycle:
  // "dependency cycle: a.b.x -> c.d.y -> a.b.x (no attribute in it is updatable_after_create)".
  Result<std::vector<Edge>> BreakCycles();

  // Finds one cycle if any ("a -> b -> a" as a list of addresses, first repeated at the end).
  std::vector<std::string> FindCycle() const;

  // Nodes in dependency order (dependencies first); ties broken by address for stable output.
  // Requires an acyclic graph.
  std::vector<std::string> TopologicalOrder() const;
  // Level 0 has no dependencies; level n depends only on levels < n.
  std::vector<std::vector<std::string>> Levels() const;

  const std::set<std::string>& nodes() const { return nodes_; }
  const std::vector<Edge>& edges() const { return edges_; }
  // Addresses `address` directly depends on.
  std::vector<std::string> DependenciesOf(const std::string& address) const;
  // `addresses` plus everything they transitively depend on (for --target).
  std::set<std::string> Closure(const std::set<std::string>& addresses) const;

  // Nodes by number, for callers that keep a table per node (the planner): nodes are numbered
  // 0..size()-1 in address order, so comparing numbers compares addresses. A number is valid
  // until the next AddNode.
  size_t size() const { return nodes_.size(); }
  int IndexOf(const std::string& address) const;  // -1 when not a node
  const std::string& NameOf(int index) const;
  int EdgeFrom(size_t edge) const;  // the number of edges()[edge].from
  int EdgeTo(size_t edge) const;
  // TopologicalOrder() as node numbers.
  std::vector<int> TopologicalIndexes() const;

  // Internal: an index-based view of the graph (defined in graph.cc), built once and shared by
  // the traversals until the graph changes.
  struct Indexed;

 private:
  const Indexed& Index() const;

  std::set<std::string> nodes_;
  std::vector<Edge> edges_;
  // The index points into nodes_, so a copied graph starts without one; a moved one keeps it
  // (std::set moves its nodes).
  struct IndexCache {
    std::shared_ptr<Indexed> index;
    IndexCache() = default;
    IndexCache(const IndexCache&) {}
    IndexCache& operator=(const IndexCache&) {
      index.reset();
      return *this;
    }
    IndexCache(IndexCache&&) = default;
    IndexCache& operator=(IndexCache&&) = default;
  };
  mutable IndexCache cache_;  // reset by every change
};

}  // namespace causeway
