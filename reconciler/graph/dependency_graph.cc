// DependencyGraph: building, cycle detection and breaking, topological order,
// levels and closures. Every traversal is iterative and linear (or n log n) in the graph size so
// that 100k-node graphs take well under a second and deep chains cannot overflow the stack.
#include "reconciler/graph/dependency_graph.h"

#include <algorithm>
#include <functional>
#include <queue>
#include <string_view>
#include <tuple>
#include <unordered_map>


namespace causeway {

namespace {

using Indexed = DependencyGraph::Indexed;

}  // namespace

// An index-based view of the graph: nodes numbered in address order (so comparing indexes
// compares addresses) and adjacency lists of edge indexes sorted by (target, attribute). The
// index's keys view the strings of nodes_ (a std::set's elements never move).
struct DependencyGraph::Indexed {
  std::vector<const std::string*> names;
  std::unordered_map<std::string_view, int> index;
  std::vector<int> from, to;             // per edge
  std::vector<std::vector<size_t>> out;  // node -> edge indexes
};

namespace {

// Numbers the nodes (in the set's order); no edges yet.
Indexed IndexNodes(const std::set<std::string>& nodes) {
  Indexed g;
  g.names.reserve(nodes.size());
  g.index.reserve(nodes.size());
  for (const auto& n : nodes) {
    g.index.emplace(n, static_cast<int>(g.names.size()));
    g.names.push_back(&n);
  }
  g.out.resize(nodes.size());
  return g;
}

void SortAdjacency(const std::vector<Edge>& edges, Indexed* g) {
  for (auto& adj : g->out) {
    if (adj.size() < 2) continue;
    std::sort(adj.begin(), adj.end(), [&](size_t a, size_t b) {
      return std::tie(g->to[a], edges[a].attribute, a) < std::tie(g->to[b], edges[b].attribute, b);
    });
  }
}

Indexed BuildIndex(const std::set<std::string>& nodes, const std::vector<Edge>& edges) {
  Indexed g = IndexNodes(nodes);
  g.from.resize(edges.size());
  g.to.resize(edges.size());
  for (size_t e = 0; e < edges.size(); ++e) {
    g.from[e] = g.index.at(edges[e].from);
    g.to[e] = g.index.at(edges[e].to);
    g.out[g.from[e]].push_back(e);
  }
  SortAdjacency(edges, &g);
  return g;
}

// Iterative DFS looking for a cycle among `roots` (in order), following only edges not in
// `removed` whose target is `allowed` (when given). Returns the cycle's edge indexes, rotated to
// start at the edge leaving the smallest address; empty when acyclic. `color` must be 0 for
// every node reachable from the roots.
std::vector<size_t> FindCycleEdges(const Indexed& g, const std::vector<char>& removed,
                                   const std::vector<int>& roots, const std::vector<char>* allowed,
                                   std::vector<char>* color) {
  std::vector<std::pair<int, size_t>> stack;  // node, next adjacency position
  std::vector<size_t> via;                    // via[i] = edge that led to stack[i + 1]
  for (int root : roots) {
    if ((*color)[root] != 0) continue;
    (*color)[root] = 1;
    stack.push_back({root, 0});
    while (!stack.empty()) {
      auto& [n, pos] = stack.back();
      if (pos < g.out[n].size()) {
        size_t e = g.out[n][pos++];
        int t = g.to[e];
        if (removed[e] || (allowed != nullptr && !(*allowed)[t])) continue;
        if ((*color)[t] == 1) {
          size_t k = 0;
          while (stack[k].first != t) ++k;
          std::vector<size_t> cycle(via.begin() + static_cast<std::ptrdiff_t>(k), via.end());
          cycle.push_back(e);
          auto smallest = std::min_element(cycle.begin(), cycle.end(), [&](size_t a, size_t b) {
            return g.from[a] < g.from[b];
          });
          std::rotate(cycle.begin(), smallest, cycle.end());
          return cycle;
        }
        if ((*color)[t] == 0) {
          (*color)[t] = 1;
          via.push_back(e);
          stack.push_back({t, 0});
        }
      } else {
        (*color)[n] = 2;
        stack.pop_back();
        if (!via.empty()) via.pop_back();
      }
    }
  }
  return {};
}

// Strongly connected components (iterative Tarjan), ignoring removed edges. Only components
// that can hold a cycle are returned: more than one node, or one node with a self-edge.
std::vector<std::vector<int>> CyclicComponents(const Indexed& g, const std::vector<char>& removed) {
  const int n = static_cast<int>(g.names.size());
  std::vector<int> idx(n, -1), low(n, 0);
  std::vector<char> on_stack(n, 0);
  std::vector<int> s;
  std::vector<std::pair<int, size_t>> call;
  std::vector<std::vector<int>> comps;
  int counter = 0;
  for (int root = 0; root < n; ++root) {
    if (idx[root] != -1) continue;
    idx[root] = low[root] = counter++;
    s.push_back(root);
    on_stack[root] = 1;
    call.push_back({root, 0});
    while (!call.empty()) {
      auto& [v, pos] = call.back();
      if (pos < g.out[v].size()) {
        size_t e = g.out[v][pos++];
        if (removed[e]) continue;
        int w = g.to[e];
        if (idx[w] == -1) {
          idx[w] = low[w] = counter++;
          s.push_back(w);
          on_stack[w] = 1;
          call.push_back({w, 0});
        } else if (on_stack[w]) {
          low[v] = std::min(low[v], idx[w]);
        }
        continue;
      }
      int done = v;
      call.pop_back();
      if (!call.empty()) low[call.back().first] = std::min(low[call.back().first], low[done]);
      if (low[done] != idx[done]) continue;
      std::vector<int> comp;
      int w;
      do {
        w = s.back();
        s.pop_back();
        on_stack[w] = 0;
        comp.push_back(w);
      } while (w != done);
      bool cyclic = comp.size() > 1;
      if (!cyclic) {
        for (size_t e : g.out[done]) cyclic = cyclic || (!removed[e] && g.to[e] == done);
      }
      if (cyclic) {
        std::sort(comp.begin(), comp.end());
        comps.push_back(std::move(comp));
      }
    }
  }
  return comps;
}

}  // namespace

void DependencyGraph::AddNode(const std::string& address) {
  nodes_.insert(address);
  cache_.index.reset();
}

void DependencyGraph::AddEdge(const Edge& edge) { AddEdge(Edge(edge)); }

void DependencyGraph::AddEdge(Edge&& edge) {
  edges_.push_back(std::move(edge));
  cache_.index.reset();
}

const DependencyGraph::Indexed& DependencyGraph::Index() const {
  if (cache_.index == nullptr) {
    cache_.index = std::make_shared<Indexed>(BuildIndex(nodes_, edges_));
  }
  return *cache_.index;
}

int DependencyGraph::IndexOf(const std::string& address) const {
  const Indexed& g = Index();
  auto it = g.index.find(address);
  return it == g.index.end() ? -1 : it->second;
}

const std::string& DependencyGraph::NameOf(int index) const { return *Index().names.at(index); }

int DependencyGraph::EdgeFrom(size_t edge) const { return Index().from.at(edge); }

int DependencyGraph::EdgeTo(size_t edge) const { return Index().to.at(edge); }

DependencyGraph DependencyGraph::Build(
    const std::vector<std::string>& nodes,
    const std::function<void(size_t, const EdgeAdder&)>& edges_of, std::vector<int>* numbers) {
  DependencyGraph g;
  for (const auto& n : nodes) g.nodes_.insert(n);
  // The index is built along with the edges rather than from them afterwards: every address is
  // looked up once, by hash, instead of in the set and again in the index.
  Indexed index = IndexNodes(g.nodes_);
  // Grown once rather than by doubling: reallocating a large vector is costly in a heap full of
  // small blocks.
  g.edges_.reserve(nodes.size() * 2);
  index.from.reserve(nodes.size() * 2);
  index.to.reserve(nodes.size() * 2);
  if (numbers != nullptr) numbers->clear();
  // (to, attribute) pairs already added from the current node: a node has few edges, so a vector.
  std::vector<std::pair<int, std::string>> seen;
  int from = -1;
  const EdgeAdder add = [&](const std::string& to_address, const std::string& attr,
                            bool breakable) {
    auto to = index.index.find(to_address);
    if (to == index.index.end()) return false;
    for (const auto& [t, a] : seen) {
      if (t == to->second && a == attr) return false;
    }
    seen.emplace_back(to->second, attr);
    index.out[from].push_back(g.edges_.size());
    index.from.push_back(from);
    index.to.push_back(to->second);
    g.edges_.push_back(Edge{*index.names[from], *index.names[to->second], attr, breakable});
    return true;
  };
  for (size_t i = 0; i < nodes.size(); ++i) {
    from = index.index.at(nodes[i]);
    if (numbers != nullptr) numbers->push_back(from);
    seen.clear();
    edges_of(i, add);
  }
  SortAdjacency(g.edges_, &index);
  g.cache_.index = std::make_shared<Indexed>(std::move(index));
  return g;
}

Result<std::vector<Edge>> DependencyGraph::BreakCycles() {
  const Indexed& g = Index();
  std::vector<char> removed(edges_.size(), 0);
  std::vector<char> allowed(g.names.size(), 0);
  std::vector<char> color(g.names.size(), 0);
  std::vector<size_t> broken;
  for (const auto& comp : CyclicComponents(g, removed)) {
    for (int v : comp) allowed[v] = 1;
    while (true) {
      for (int v : comp) color[v] = 0;
      std::vector<size_t> cycle = FindCycleEdges(g, removed, comp, &allowed, &color);
      if (cycle.empty()) break;
      auto it =
          std::find_if(cycle.begin(), cycle.end(), [&](size_t e) { return edges_[e].breakable; });
      if (it == cycle.end()) {
        std::string text;
        for (size_t e : cycle) text += edges_[e].from + " -> ";
        text += edges_[cycle.front()].from;
        return Status::InvalidArgument("dependency cycle: " + text +
                                       " (no attribute in it is updatable_after_create)");
      }
      removed[*it] = 1;
      broken.push_back(*it);
    }
    for (int v : comp) allowed[v] = 0;
  }
  std::vector<Edge> result;
  for (size_t e : broken) result.push_back(edges_[e]);
  std::sort(result.begin(), result.end(), [](const Edge& a, const Edge& b) {
    return std::tie(a.from, a.to, a.attribute) < std::tie(b.from, b.to, b.attribute);
  });
  if (!broken.empty()) {
    // Drop the removed edges, renumbering the rest in order. The index's adjacency lists keep
    // their order, so it stays valid without being rebuilt.
    constexpr size_t kGone = static_cast<size_t>(-1);
    std::vector<size_t> renumber(edges_.size(), kGone);
    std::vector<Edge> kept;
    kept.reserve(edges_.size() - broken.size());
    for (size_t e = 0; e < edges_.size(); ++e) {
      if (removed[e]) continue;
      renumber[e] = kept.size();
      kept.push_back(std::move(edges_[e]));
    }
    auto remap = [&renumber](std::vector<size_t>* list) {
      size_t w = 0;
      for (size_t e : *list) {
        if (renumber[e] != kGone) (*list)[w++] = renumber[e];
      }
      list->resize(w);
    };
    Indexed& index = *cache_.index;  // built by Index() above
    std::vector<int> from(kept.size()), to(kept.size());
    for (size_t e = 0; e < edges_.size(); ++e) {
      if (renumber[e] == kGone) continue;
      from[renumber[e]] = index.from[e];
      to[renumber[e]] = index.to[e];
    }
    index.from = std::move(from);
    index.to = std::move(to);
    for (auto& list : index.out) remap(&list);
    edges_ = std::move(kept);
  }
  return result;
}

std::vector<std::string> DependencyGraph::FindCycle() const {
  const Indexed& g = Index();
  std::vector<char> removed(edges_.size(), 0);
  std::vector<char> color(g.names.size(), 0);
  std::vector<int> roots(g.names.size());
  for (size_t i = 0; i < roots.size(); ++i) roots[i] = static_cast<int>(i);
  std::vector<size_t> cycle = FindCycleEdges(g, removed, roots, nullptr, &color);
  std::vector<std::string> out;
  if (cycle.empty()) return out;
  for (size_t e : cycle) out.push_back(edges_[e].from);
  out.push_back(edges_[cycle.front()].from);
  return out;
}

std::vector<int> DependencyGraph::TopologicalIndexes() const {
  const Indexed& g = Index();
  const size_t n = g.names.size();
  std::vector<size_t> pending(n, 0);    // unfinished dependencies (edges) per node
  std::vector<std::vector<int>> in(n);  // dependency -> dependents (one entry per edge)
  for (size_t e = 0; e < edges_.size(); ++e) {
    ++pending[g.from[e]];
    in[g.to[e]].push_back(g.from[e]);
  }
  std::priority_queue<int, std::vector<int>, std::greater<int>> ready;
  for (size_t v = 0; v < n; ++v) {
    if (pending[v] == 0) ready.push(static_cast<int>(v));
  }
  std::vector<int> order;
  order.reserve(n);
  while (!ready.empty()) {
    int v = ready.top();
    ready.pop();
    order.push_back(v);
    for (int d : in[v]) {
      if (--pending[d] == 0) ready.push(d);
    }
  }
  return order;
}

std::vector<std::string> DependencyGraph::TopologicalOrder() const {
  const Indexed& g = Index();
  std::vector<std::string> order;
  for (int v : TopologicalIndexes()) order.push_back(*g.names[v]);
  return order;
}

std::vector<std::vector<std::string>> DependencyGraph::Levels() const {
  const Indexed& g = Index();
  std::vector<int> level(g.names.size(), 0);
  std::vector<std::vector<std::string>> levels;
  for (const auto& name : TopologicalOrder()) {
    int v = g.index.at(name);
    for (size_t e : g.out[v]) level[v] = std::max(level[v], level[g.to[e]] + 1);
    if (static_cast<size_t>(level[v]) >= levels.size()) levels.resize(level[v] + 1);
    levels[level[v]].push_back(name);
  }
  for (auto& l : levels) std::sort(l.begin(), l.end());
  return levels;
}

std::vector<std::string> DependencyGraph::DependenciesOf(const std::string& address) const {
  std::vector<std::string> deps;
  const Indexed& g = Index();
  auto it = g.index.find(address);
  if (it == g.index.end()) return deps;
  // out is sorted by target, so targets come out in address order; an edge per attribute may
  // repeat one.
  for (size_t e : g.out[it->second]) {
    if (deps.empty() || deps.back() != edges_[e].to) deps.push_back(edges_[e].to);
  }
  return deps;
}

std::set<std::string> DependencyGraph::Closure(const std::set<std::string>& addresses) const {
  const Indexed& g = Index();
  std::vector<char> seen(g.names.size(), 0);
  std::vector<int> work;
  for (const auto& a : addresses) {
    auto it = g.index.find(a);
    if (it != g.index.end() && !seen[it->second]) {
      seen[it->second] = 1;
      work.push_back(it->second);
    }
  }
  while (!work.empty()) {
    int v = work.back();
    work.pop_back();
    for (size_t e : g.out[v]) {
      if (!seen[g.to[e]]) {
        seen[g.to[e]] = 1;
        work.push_back(g.to[e]);
      }
    }
  }
  std::set<std::string> out;
  for (size_t v = 0; v < seen.size(); ++v) {
    if (seen[v]) out.insert(out.end(), *g.names[v]);
  }
  return out;
}

}  // namespace causeway
