// Planner: scope (--target, destroy), refresh, reference resolution in dependency order, diff,
// cycle-broken deferred updates, deletes and destroy safety. See planner.h for the algorithm.
#include "reconciler/plan/planner.h"

#include <algorithm>
#include <optional>

#include "manifests/manifest_graph.h"
#include "reconciler/core/reference.h"
#include "reconciler/plan/diff.h"
#include "reconciler/plan/safety.h"

namespace causeway {

namespace {

bool Creates(Action a) { return a == Action::kCreate || a == Action::kReplace; }

bool Contains(const std::vector<std::string>& v, const std::string& s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

Value Field(const Value& obj, const std::string& key) {
  return obj.is_object() && obj.contains(key) ? obj[key] : Value();
}

// One resource under planning: a manifest resource in scope, or a state entry to delete.
struct Node {
  const ResourceDecl* decl = nullptr;  // null for deletes
  const KindSchema* schema = nullptr;
  const ResourceState* state = nullptr;
  // A copy rather than a pointer into the manifests: it is compared for every reference and in
  // every sort, and reading it through a pointer measured slower (a cache miss each time). The
  // provider id is kept in change->id (set only when the resource exists).
  Address address;
  bool exists = false;  // live (after refresh) or in state (without refresh)
  // Live attributes and outputs (after refresh; objects when exists), until planning moves them
  // into change.before / change.before_outputs: read them through Live() and LiveOutputs().
  Value live;
  Value live_outputs;
  Value desired;            // resolved spec (null until resolved)
  bool planned = false;     // change.action is final (for output references)
  bool live_moved = false;  // live / live_outputs now live in change.before*
  // Where its change is built: in the plan's own vector for manifest resources (so the node
  // table does not hold a second copy of every Change), in delete_storage_ for deletes.
  Change* change = nullptr;
  std::vector<const Edge*> broken;    // cycle edges removed from this resource
  std::vector<Node*> broken_targets;  // their targets' nodes
  std::vector<Node*> deps;            // direct dependencies (graph after breaking), by address
  // Another resource's spec references it: its desired values may be resolved after it is
  // planned. Otherwise planning moves them into change.after instead of copying them.
  bool referenced = false;
  bool needed = false;  // resolved in Refresh's pre-pass
  // The pre-pass resolved this spec to what the main pass would (only variables, state entries
  // outside the plan, and known inputs of other stable resources): the main pass keeps it.
  bool pre_stable = false;

  // Of a node of PlanBuilder::nodes_: a manifest resource being planned (the others are graph
  // nodes outside --target's scope, and have no declaration).
  bool InScope() const { return decl != nullptr; }
  const Value& Live() const { return live_moved ? change->before : live; }
  const Value& LiveOutputs() const { return live_moved ? change->before_outputs : live_outputs; }
};

class PlanBuilder {
 public:
  PlanBuilder(const ProviderRegistry* registry, const ManifestSet& manifests, const State& state,
              const PlanOptions& options)
      : registry_(registry), manifests_(manifests), state_(state), options_(options) {}

  Result<PlanResult> Build();

 private:
  Status Scope();
  Status Refresh();
  // Resolves a reference made in `from`'s spec.
  std::optional<Value> Resolve(const Reference& ref, const Node& from) const;
  // `v`: `from`'s spec or a part of it.
  Value InterpolateSpec(const Value& v, const Node& from) const {
    return Interpolate(v, [this, &from](const Reference& r) { return Resolve(r, from); });
  }
  void PlanResource(Node* n);
  void PlanBrokenEdges(Node* n);
  // A resource whose state entry records other dependencies than the manifests imply (`deps`)
  // and that has nothing else to change is planned as an update that only rewrites the entry:
  // recovery by an older version, or an import, left them incomplete.
  void RepairDependencies(Node* n, const std::vector<std::string>& deps);
  void PlanDeletes();
  // Asks `p` what the containers among `group` (observed already) hold that none declares.
  Status FindUndeclared(Provider* p, const std::vector<Node*>& group);
  // Plan::undeclared from found_, and a delete for each removed one (see planner.h, step 6).
  void PlanUndeclared();
  Status CheckSafety();
  const KindSchema* SchemaOf(const std::string& kind) const { return registry_->Schema(kind); }
  bool Ignored(const Node& n, const std::string& attr) const {
    return n.decl != nullptr && Contains(n.decl->lifecycle.ignore_changes, attr);
  }

  const ProviderRegistry* registry_;
  const ManifestSet& manifests_;
  const State& state_;
  const PlanOptions& options_;

  std::vector<Edge> broken_;  // cycle edges removed by BreakCycles (Node::broken points here)
  // One per graph node, numbered as the graph numbers them (address order); those of manifest
  // resources in scope have their declaration (Node::InScope). Nodes point at each other (deps,
  // broken_targets), so nothing looks a resource up by address once the scope is set up.
  std::vector<Node> nodes_;
  std::map<std::string, Node> deletes_;  // state entries to delete
  std::vector<Node*> order_;             // nodes_ in dependency order
  bool main_pass_ = false;               // false: pre-refresh pass (outputs from state)
  mutable bool stable_ = true;           // pre-pass: no reference so far depends on the pass
  // The plan being built: its changes start as one per order_ entry (Node::change points at
  // them), with room for the deferred updates and deletes appended at the end.
  Plan plan_;
  std::vector<Change> delete_storage_;  // Node::change of each of deletes_
  std::vector<Change> deferred_;
  std::vector<Node*> delete_order_;  // deletes_ in the order their changes are planned
  std::vector<Undeclared> found_;    // what the providers' undeclared() reported
  std::vector<Change> undeclared_deletes_;
};

Status PlanBuilder::Scope() {
  std::set<std::string> target_scope;
  const std::set<std::string>* manifest_scope = &target_scope;  // empty when destroying
  std::set<std::string> delete_scope;
  // The graph lives only while the scope is set up: the nodes keep what the passes below need
  // of it (dependencies, broken edges), and its strings and edges are freed before planning.
  DependencyGraph graph;
  std::vector<int> numbers;  // node number of each manifest resource
  if (!options_.destroy) {
    graph = GraphOfManifests(manifests_, registry_->schemas(), &numbers);
  }
  for (const auto& t : options_.targets) {
    if (!graph.nodes().count(t) && state_.Find(t) == nullptr) {
      return Status::InvalidArgument("target " + t + " is not in the manifests or the state");
    }
  }
  if (options_.destroy) {
    if (options_.targets.empty()) {
      for (const auto& [a, _] : state_.resources) delete_scope.insert(a);
    } else {
      // Targets and everything in state that (transitively) depends on them.
      std::map<std::string, std::vector<std::string>> dependents;
      for (const auto& [a, r] : state_.resources) {
        for (const auto& d : r.dependencies) dependents[d].push_back(a);
      }
      std::vector<std::string> work;
      for (const auto& t : options_.targets) {
        if (state_.Find(t) && delete_scope.insert(t).second) work.push_back(t);
      }
      while (!work.empty()) {
        std::string a = work.back();
        work.pop_back();
        for (const auto& d : dependents[a]) {
          if (delete_scope.insert(d).second) work.push_back(d);
        }
      }
    }
  } else {
    // Closure before breaking cycles, so a target pulls in its whole cycle.
    if (options_.targets.empty()) {
      manifest_scope = &graph.nodes();
    } else {
      target_scope = graph.Closure(options_.targets);
    }
    // Each node's state entry, and the state entries that are not graph nodes: both are sorted
    // by address (nodes are numbered in that order), so one merge walk instead of a lookup each.
    nodes_.resize(graph.size());
    auto node = graph.nodes().begin();
    size_t number = 0;
    for (const auto& [a, entry] : state_.resources) {
      while (node != graph.nodes().end() && *node < a) ++node, ++number;
      if (node != graph.nodes().end() && *node == a) {
        nodes_[number].state = &entry;
        continue;
      }
      if (options_.targets.empty() || options_.targets.count(a)) delete_scope.insert(a);
    }
    CW_ASSIGN_OR_RETURN(broken_, graph.BreakCycles());
  }
  std::map<std::string, const ResourceDecl*> decls;  // only needed for deletes
  for (size_t r_index = 0; r_index < manifests_.resources.size(); ++r_index) {
    const ResourceDecl& r = manifests_.resources[r_index];
    if (!delete_scope.empty()) decls[r.address.str()] = &r;
    // Without targets every manifest resource is in scope (and a node of the graph), unless
    // destroying (no graph: only deletes are planned).
    if (options_.destroy ||
        (!options_.targets.empty() && !manifest_scope->count(r.address.str()))) {
      continue;
    }
    const int i = numbers[r_index];
    Node& n = nodes_[i];  // its state was found above
    n.decl = &r;
    n.address = r.address;
    n.schema = SchemaOf(r.address.kind);
  }
  for (const auto& a : delete_scope) {
    auto inserted = deletes_.emplace(a, Node()).first;
    Node& n = inserted->second;
    n.state = state_.Find(a);
    auto decl = decls.find(a);
    n.decl = decl == decls.end() ? nullptr : decl->second;  // destroy: lifecycle still applies
  }
  for (const auto& e : broken_) {
    Node* from = &nodes_[graph.IndexOf(e.from)];
    from->broken.push_back(&e);
    from->broken_targets.push_back(&nodes_[graph.IndexOf(e.to)]);
    from->broken_targets.back()->referenced = true;
  }
  // Dependencies as pointers, once: the passes below walk them for every resource. Nodes are
  // numbered in address order, so pointer order is address order.
  for (size_t e = 0; e < graph.edges().size(); ++e) {
    Node& from = nodes_[graph.EdgeFrom(e)];
    Node& to = nodes_[graph.EdgeTo(e)];
    if (from.InScope() && to.InScope()) from.deps.push_back(&to);
    if (!graph.edges()[e].attribute.empty()) to.referenced = true;
  }
  for (Node& n : nodes_) {
    if (n.deps.size() < 2) continue;
    std::sort(n.deps.begin(), n.deps.end());
    n.deps.erase(std::unique(n.deps.begin(), n.deps.end()), n.deps.end());
  }
  for (int i : graph.TopologicalIndexes()) {
    if (nodes_[i].InScope()) order_.push_back(&nodes_[i]);
  }
  // Reserved once, so that the pointers to changes stay valid as deferred updates and deletes
  // are appended: at most one deferred update per node with broken edges.
  size_t deferred = 0;
  for (const Node* n : order_) deferred += n->broken.empty() ? 0 : 1;
  plan_.changes.reserve(order_.size() + deferred + deletes_.size());
  plan_.changes.resize(order_.size());
  for (size_t k = 0; k < order_.size(); ++k) order_[k]->change = &plan_.changes[k];
  delete_storage_.resize(deletes_.size());
  size_t k = 0;
  for (auto& [a, n] : deletes_) {
    n.change = &delete_storage_[k++];
    n.address = n.state->address;
    if (n.address.kind.empty()) n.address = Address::Parse(a).value_or(Address{a, ""});
    n.change->address = n.address;
    n.schema = SchemaOf(n.address.kind);
  }
  return Status::Ok();
}

std::optional<Value> PlanBuilder::Resolve(const Reference& ref, const Node& from) const {
  if (ref.is_var) {
    auto it = manifests_.vars.find(ref.var);
    if (it == manifests_.vars.end()) return std::nullopt;
    return it->second;
  }
  // A reference to a resource in scope is an edge of the graph: kept, it is one of the
  // resource's dependencies; broken, its target is in broken_targets. Anything else is outside
  // the plan (at most in the state).
  const Node* node = nullptr;
  for (const Node* d : from.deps) {
    if (d->address == ref.target) node = d;
  }
  for (const Node* d : from.broken_targets) {
    if (d->address == ref.target) node = d;
  }
  if (node == nullptr) {
    const ResourceState* s = state_.Find(ref.target.str());
    if (s == nullptr) return std::nullopt;
    Value v = Field(s->outputs, ref.attribute);
    if (v.is_null()) v = Field(s->attributes, ref.attribute);
    return v.is_null() ? std::nullopt : std::optional<Value>(std::move(v));
  }
  const Node& t = *node;
  const AttributeSchema* a = t.schema ? t.schema->Find(ref.attribute) : nullptr;
  // Sensitive values must not leak into other resources' plans.
  if (a != nullptr && a->sensitive) return std::nullopt;
  bool input = a != nullptr ? !a->computed : t.decl->spec.contains(ref.attribute);
  if (input) {
    Value v = DesiredValue(t.schema, t.desired, ref.attribute);
    // The main pass may see a different desired value, or fall back to the live one.
    if (!main_pass_ && (!t.pre_stable || v.is_null())) stable_ = false;
    if (v.is_null() && t.exists) v = Field(t.Live(), ref.attribute);
    return v.is_null() ? std::nullopt : std::optional<Value>(std::move(v));
  }
  if (!main_pass_) {
    stable_ = false;  // the main pass reads the observed outputs instead
    if (t.state == nullptr) return std::nullopt;
    Value v = Field(t.state->outputs, ref.attribute);
    return v.is_null() ? std::nullopt : std::optional<Value>(std::move(v));
  }
  if (!t.planned || !t.exists || Creates(t.change->action)) return std::nullopt;
  Value v = Field(t.LiveOutputs(), ref.attribute);
  if (v.is_null()) v = Field(t.Live(), ref.attribute);
  return v.is_null() ? std::nullopt : std::optional<Value>(std::move(v));
}

Status PlanBuilder::Refresh() {
  // Pre-pass: resolve what can be known before observing, for natural-key lookups. Only
  // resources observed by natural key (no id in state) need it, with everything they reference
  // (their dependencies, and the targets of broken cycle edges); the main pass resolves again
  // every spec whose value could differ (see Node::pre_stable). order_ has dependencies first, so
  // walking it backwards marks them all.
  const std::vector<Node*>& ordered = order_;
  // The main pass reads a broken edge's target before re-resolving it (the target comes later
  // in order_): it sees the pre-pass value, so those are always resolved here.
  for (Node* n : order_) {
    for (Node* t : n->broken_targets) t->needed = true;
  }
  for (size_t i = ordered.size(); i-- > 0;) {
    Node* n = ordered[i];
    if (options_.refresh && (n->state == nullptr || n->state->id.empty())) n->needed = true;
    if (!n->needed) continue;
    for (Node* d : n->deps) d->needed = true;
    for (Node* t : n->broken_targets) t->needed = true;
  }
  for (Node* n : ordered) {
    if (!n->needed) continue;
    stable_ = true;
    n->desired = InterpolateSpec(n->decl->spec, *n);
    n->pre_stable = stable_;
  }
  // By address (kind, then name): the node table's order (by address text) nearly always is
  // that order already, so it is sorted only when it is not.
  std::vector<Node*> all;
  all.reserve(order_.size() + deletes_.size());
  for (Node& n : nodes_) {
    if (n.InScope()) all.push_back(&n);
  }
  for (auto& [_, n] : deletes_) all.push_back(&n);
  auto by_address = [](const Node* x, const Node* y) { return x->address < y->address; };
  if (!std::is_sorted(all.begin(), all.end(), by_address)) {
    std::sort(all.begin(), all.end(), by_address);
  }
  if (!options_.refresh) {
    for (Node* n : all) {
      if (n->state == nullptr) continue;
      n->exists = true;
      n->change->id = n->state->id;
      n->live = n->state->attributes;
      n->live_outputs = n->state->outputs;
    }
    return Status::Ok();
  }
  std::map<std::string, std::vector<Node*>> by_provider;
  for (Node* n : all) by_provider[n->address.provider()].push_back(n);
  for (const auto& [name, group] : by_provider) {
    Provider* p = registry_->Get(name);
    if (p == nullptr) {
      return Status::InvalidArgument("no provider '" + name + "' for " +
                                     group.front()->address.str());
    }
    std::vector<ObserveItem> items;
    items.reserve(group.size());
    for (const Node* n : group) {
      ObserveItem item;
      item.address = n->address;
      if (n->state != nullptr && !n->state->id.empty()) {
        item.id = n->state->id;
        item.attributes = ItemAttributes::View(n->state->attributes);  // state_ outlives refresh
      } else {
        Value known = Value::object();
        for (auto it = n->desired.begin(); it != n->desired.end(); ++it) {
          const AttributeSchema* a = n->schema ? n->schema->Find(it.key()) : nullptr;
          if ((a != nullptr && a->sensitive) || ContainsUnknown(it.value())) continue;
          known[it.key()] = it.value();
        }
        item.attributes = std::move(known);
      }
      items.push_back(std::move(item));
    }
    auto observed = p->observe(items);
    if (!observed.ok()) return observed.status().WithContext("refresh (" + name + ")");
    if (observed->size() != items.size()) {
      return Status::ProviderError("refresh (" + name + "): provider returned " +
                                   std::to_string(observed->size()) + " observations for " +
                                   std::to_string(items.size()) + " resources");
    }
    items.clear();
    items.shrink_to_fit();
    for (size_t i = 0; i < group.size(); ++i) {
      Observation& o = (*observed)[i];
      Node* n = group[i];
      n->exists = o.exists;
      if (o.exists) {
        n->change->id = std::move(o.id);
        n->live = o.attributes.is_object() ? std::move(o.attributes) : Value::object();
        n->live_outputs = o.outputs.is_object() ? std::move(o.outputs) : Value::object();
      }
    }
    if (options_.undeclared && options_.targets.empty() && !options_.destroy) {
      CW_RETURN_IF_ERROR(FindUndeclared(p, group));
    }
  }
  return Status::Ok();
}

Status PlanBuilder::FindUndeclared(Provider* p, const std::vector<Node*>& group) {
  // Live attributes and id where the object exists (views: the nodes outlive the call), else
  // what is known of the desired ones and no id: a container that is gone holds nothing.
  std::vector<ObserveItem> managed;
  managed.reserve(group.size());
  for (const Node* n : group) {
    ObserveItem item;
    item.address = n->address;
    if (n->exists) {
      item.id = n->change->id;
      item.attributes = ItemAttributes::View(n->live);
    } else if (n->InScope() && n->desired.is_object()) {
      Value known = Value::object();
      for (auto it = n->desired.begin(); it != n->desired.end(); ++it) {
        const AttributeSchema* a = n->schema ? n->schema->Find(it.key()) : nullptr;
        if ((a != nullptr && a->sensitive) || ContainsUnknown(it.value())) continue;
        known[it.key()] = it.value();
      }
      item.attributes = std::move(known);
    } else if (n->state != nullptr) {  // gone: no id, so no provider lists inside it
      item.attributes = ItemAttributes::View(n->state->attributes);
    }
    managed.push_back(std::move(item));
  }
  auto found = p->undeclared(managed);
  if (!found.ok()) {
    return found.status().WithContext("looking for what no manifest declares (" + p->name() +
                                      "; --no-undeclared skips it)");
  }
  for (auto& u : *found) found_.push_back(std::move(u));
  return Status::Ok();
}

void PlanBuilder::PlanUndeclared() {
  std::stable_sort(found_.begin(), found_.end(), [](const Undeclared& x, const Undeclared& y) {
    if (x.privilege != y.privilege) return x.privilege;
    if (x.container != y.container) return x.container < y.container;
    return x.address < y.address;
  });
  std::map<std::string, const Node*> containers;
  for (const Node& n : nodes_) {
    if (n.InScope()) containers.emplace(n.address.str(), &n);
  }
  for (Undeclared& u : found_) {
    UndeclaredFinding f;
    const std::string container = u.container.str();
    const std::string address = u.address.str();
    auto it = containers.find(container);
    const Node* n = it == containers.end() ? nullptr : it->second;
    const bool exclusive = n != nullptr && n->decl->lifecycle.exclusive;
    const KindSchema* schema = SchemaOf(u.address.kind);
    if (!exclusive) {
      f.note = "kept: " + container + " is not exclusive (lifecycle.exclusive removes it)";
    } else if (!n->exists || Creates(n->change->action)) {
      f.note = "kept: " + container + " is being created or replaced";
    } else if (manifests_.Find(u.address) != nullptr || state_.Find(address) != nullptr) {
      f.note = "kept: its address " + address + " is taken by a managed resource";
    } else if (schema != nullptr && schema->holds_data && !options_.allow_destroy.count(address)) {
      f.note = "kept: it holds data; --allow-destroy " + address + " removes it";
    } else {
      f.removed = true;
      f.note = "removed: not declared, inside " + container + " whose lifecycle is exclusive";
      Change c;
      c.address = u.address;
      c.action = Action::kDelete;
      c.id = u.id;
      c.before = u.attributes;
      c.before_outputs = Value::object();
      c.undeclared = true;
      c.reason = u.summary + "; not declared in the manifests, and " + container + " is exclusive";
      (void)CheckDestroy(&c, schema, nullptr, options_.allow_destroy, false);
      undeclared_deletes_.push_back(std::move(c));
    }
    f.found = std::move(u);
    plan_.undeclared.push_back(std::move(f));
  }
  found_.clear();
}

void PlanBuilder::PlanResource(Node* n) {
  Change& c = *n->change;
  c.address = n->address;
  std::set<std::string> broken_attrs;
  for (const Edge* e : n->broken) broken_attrs.insert(e->attribute);
  DiffInput in;
  in.schema = n->schema;
  in.spec = &n->decl->spec;
  in.desired = &n->desired;
  in.live = n->exists ? &n->live : nullptr;
  in.sensitive_hashes = n->state ? &n->state->sensitive_hashes : nullptr;
  in.ignore_changes = &n->decl->lifecycle.ignore_changes;
  in.skip = broken_attrs;
  DiffResult d = DiffAttributes(in);
  if (!n->exists) {
    c.action = Action::kCreate;
    if (n->state != nullptr) c.reason = "was deleted outside Causeway; it will be created again";
  } else {
    c.action = !d.replace_reasons.empty() ? Action::kReplace
               : !d.changes.empty()       ? Action::kUpdate
                                          : Action::kNoOp;
    c.replace_reasons = d.replace_reasons;
    if (n->state == nullptr) {
      // Adoption is a change to the state even when the object already matches: plan it as an
      // update (with no attribute changes, apply records it without sending anything).
      if (c.action == Action::kNoOp) c.action = Action::kUpdate;
      c.reason = "exists but is not in the state; it will be adopted";
    }
  }
  c.attribute_changes = std::move(d.changes);
  const bool created = Creates(c.action);
  const bool keep_live = n->exists && !created;
  // after: what the object will look like; config: the spec apply resolves and sends.
  c.after = keep_live ? n->live : Value::object();
  if (n->exists) {  // from here on read through Live() / LiveOutputs()
    c.before = std::move(n->live);
    c.before_outputs = std::move(n->live_outputs);
    n->live_moved = true;
  }
  c.config = Value::object();
  for (const auto& name : ComparedAttributes(n->schema, n->decl->spec)) {
    const AttributeSchema* a = n->schema ? n->schema->Find(name) : nullptr;
    if (a != nullptr && a->sensitive) continue;
    if (keep_live && (Ignored(*n, name) || broken_attrs.count(name))) continue;
    if (broken_attrs.count(name)) {  // created now: bootstrap value, real one deferred
      c.after[name] = a ? a->bootstrap : Value();
      continue;
    }
    if (!n->referenced && n->desired.is_object() && n->desired.contains(name)) {
      c.after[name] = std::move(n->desired[name]);
    } else {
      c.after[name] = DesiredValue(n->schema, n->desired, name);
    }
  }
  if (!n->referenced) n->desired = Value();  // moved from: nothing reads it again
  for (auto it = n->decl->spec.begin(); it != n->decl->spec.end(); ++it) {
    const AttributeSchema* a = n->schema ? n->schema->Find(it.key()) : nullptr;
    if (a != nullptr && a->sensitive) continue;
    if (keep_live && (Ignored(*n, it.key()) || broken_attrs.count(it.key()))) {
      if (c.before.contains(it.key())) c.config[it.key()] = c.before[it.key()];
      continue;
    }
    c.config[it.key()] = it.value();
  }
  if (n->schema != nullptr) {
    for (const auto& a : n->schema->attributes) {
      if (a.sensitive) c.after.erase(a.name);
    }
  }
  n->planned = true;
}

void PlanBuilder::PlanBrokenEdges(Node* n) {
  Change& c = *n->change;
  // attribute -> its targets' addresses and nodes
  std::map<std::string, std::vector<std::pair<std::string, const Node*>>> targets;
  for (size_t i = 0; i < n->broken.size(); ++i) {
    targets[n->broken[i]->attribute].push_back({n->broken[i]->to, n->broken_targets[i]});
  }
  const bool created = Creates(c.action);
  Change d;
  d.address = n->address;
  d.action = Action::kDeferredUpdate;
  d.holds_data = n->schema != nullptr && n->schema->holds_data;
  Value deferred_after = Value::object();
  std::set<std::string> deps;
  std::vector<std::string> reasons;
  for (auto& [attr, tos] : targets) {
    std::sort(tos.begin(), tos.end());
    tos.erase(std::unique(tos.begin(), tos.end()), tos.end());
    if (!n->decl->spec.contains(attr)) continue;
    const AttributeSchema* a = n->schema ? n->schema->Find(attr) : nullptr;
    if (a != nullptr && a->sensitive) continue;
    Value want = InterpolateSpec(n->decl->spec[attr], *n);
    n->desired[attr] = want;
    Value have = Field(n->Live(), attr);
    if (!created) {
      if (Ignored(*n, attr)) continue;
      if (!ContainsUnknown(want)) {  // known now: a plain update is enough
        if (AttributeEqual(a, have, want)) continue;
        c.attribute_changes.push_back({attr, have, want, false, false});
        c.after[attr] = want;
        c.config[attr] = want;
        if (c.action == Action::kNoOp) c.action = Action::kUpdate;
        continue;
      }
    } else {
      Value boot = a ? a->bootstrap : Value();
      c.bootstrap_attributes.push_back(attr);
      if (c.action == Action::kCreate || !AttributeEqual(a, have, boot)) {
        auto& changes = c.attribute_changes;
        changes.erase(std::remove_if(changes.begin(), changes.end(),
                                     [&](const AttributeChange& x) { return x.name == attr; }),
                      changes.end());
        changes.push_back({attr, c.action == Action::kCreate ? Value() : have, boot, false, false});
      }
      have = boot;
    }
    d.attribute_changes.push_back({attr, have, want, false, false});
    deferred_after[attr] = want;
    bool pending = false;
    std::string list;
    for (size_t i = 0; i < tos.size(); ++i) {
      const auto& [to, t] = tos[i];
      pending = pending || Creates(t->change->action);
      if (t->change->action != Action::kNoOp) deps.insert(to);
      if (i > 0) list += i + 1 == tos.size() ? " and " : ", ";
      list += to;
    }
    const bool one = tos.size() == 1;
    if (pending) {
      reasons.push_back(attr + " references " + list + " outputs that exist only after " +
                        (one ? "it is" : "they are") + " created");
    } else {
      reasons.push_back(attr + " references " + list +
                        (one ? ", which depends" : ", which depend") + " on " + n->address.str() +
                        "; it is set once both exist");
    }
  }
  auto by_name = [](const AttributeChange& x, const AttributeChange& y) { return x.name < y.name; };
  std::sort(c.attribute_changes.begin(), c.attribute_changes.end(), by_name);
  if (d.attribute_changes.empty()) return;
  std::sort(d.attribute_changes.begin(), d.attribute_changes.end(), by_name);
  if (!created) {
    d.id = c.id;
    d.before = c.before;
    d.before_outputs = c.before_outputs;
  }
  d.after = c.after;
  d.config = c.config;
  for (auto it = deferred_after.begin(); it != deferred_after.end(); ++it) {
    d.after[it.key()] = it.value();
    d.config[it.key()] = n->decl->spec[it.key()];
  }
  if (c.action != Action::kNoOp) deps.insert(n->address.str());
  d.depends_on.assign(deps.begin(), deps.end());
  for (size_t i = 0; i < reasons.size(); ++i) d.reason += (i ? "; " : "") + reasons[i];
  deferred_.push_back(std::move(d));
}

void PlanBuilder::RepairDependencies(Node* n, const std::vector<std::string>& deps) {
  Change& c = *n->change;
  if (c.action != Action::kNoOp || n->state == nullptr) return;  // apply records `deps` anyway
  // Both are sorted when apply wrote the entry (`deps` is in address order): no sets to build
  // for the hundred thousand entries that match.
  if (n->state->dependencies == deps) return;
  std::set<std::string> recorded(n->state->dependencies.begin(), n->state->dependencies.end());
  if (recorded == std::set<std::string>(deps.begin(), deps.end())) return;
  auto list = [](const auto& addresses) {
    std::string out;
    for (const auto& a : addresses) out += (out.empty() ? "" : ", ") + a;
    return out.empty() ? std::string("nothing") : out;
  };
  // An update without attribute changes: apply observes it, sends nothing and writes the entry.
  c.action = Action::kUpdate;
  c.reason = "the state records it as depending on " + list(recorded) +
             ", but the manifests make it depend on " + list(deps) +
             "; apply records that (nothing is sent), so that deletes are ordered right";
}

void PlanBuilder::PlanDeletes() {
  // A delete waits for the changes of resources that depend on it (state dependencies), so
  // dependents go first. Delete-delete edges may form cycles; any order inside one is fine.
  DependencyGraph g;
  for (const auto& [a, _] : deletes_) g.AddNode(a);
  for (const auto& [a, n] : deletes_) {
    for (const auto& dep : n.state->dependencies) {
      if (deletes_.count(dep)) g.AddEdge(Edge{dep, a, "", true});
    }
  }
  (void)g.BreakCycles();                                   // every edge is breakable: cannot fail
  std::map<std::string, std::set<std::string>> waits_for;  // deleted -> changed dependents
  for (const Node* n : order_) {
    if (n->change->action == Action::kNoOp || n->state == nullptr) continue;
    for (const auto& dep : n->state->dependencies) {
      if (deletes_.count(dep)) waits_for[dep].insert(n->address.str());
    }
  }
  for (const auto& a : g.TopologicalOrder()) {
    Node& n = deletes_.at(a);
    Change& c = *n.change;
    c.action = Action::kDelete;
    if (!n.exists) c.id = n.state->id;
    c.before = n.exists ? std::move(n.live) : n.state->attributes;
    c.before_outputs = n.exists ? std::move(n.live_outputs) : n.state->outputs;
    n.live_moved = n.exists;
    if (!n.exists)
      c.reason = "already deleted outside Causeway; this only removes it from the state";
    std::set<std::string> deps = waits_for[a];
    for (const auto& d : g.DependenciesOf(a)) deps.insert(d);
    c.depends_on.assign(deps.begin(), deps.end());
    delete_order_.push_back(&n);
  }
}

Status PlanBuilder::CheckSafety() {
  std::vector<std::string> refused;
  for (Node* np : order_) {
    Node& n = *np;
    std::string why = CheckDestroy(n.change, n.schema, &n.decl->lifecycle, options_.allow_destroy,
                                   options_.destroy);
    if (!why.empty()) refused.push_back(why);
  }
  for (const Node* np : delete_order_) {
    const Node& n = *np;
    Change& c = *n.change;
    std::string why = CheckDestroy(&c, n.schema, n.decl ? &n.decl->lifecycle : nullptr,
                                   options_.allow_destroy, options_.destroy);
    // Already gone: dropping the state entry destroys nothing, so it needs no opt-in (apply
    // observes it gone again before it drops the entry). An opt-in given is still recorded.
    if (!n.exists && options_.refresh) continue;
    if (!why.empty()) refused.push_back(why);
  }
  if (refused.empty()) return Status::Ok();
  std::string msg;
  for (size_t i = 0; i < refused.size(); ++i) msg += (i ? "\n" : "") + refused[i];
  return Status::InvalidArgument(msg);
}

Result<PlanResult> PlanBuilder::Build() {
  CW_RETURN_IF_ERROR(Scope());
  CW_RETURN_IF_ERROR(Refresh());
  main_pass_ = true;
  for (Node* np : order_) {
    Node& n = *np;
    if (!n.pre_stable) n.desired = InterpolateSpec(n.decl->spec, n);
    PlanResource(&n);
  }
  for (Node* np : order_) {  // address order would do too; order_ is deterministic
    Node& n = *np;
    if (!n.broken.empty()) PlanBrokenEdges(&n);
  }
  std::sort(deferred_.begin(), deferred_.end(),
            [](const Change& x, const Change& y) { return x.address < y.address; });
  for (Node* np : order_) {
    Node& n = *np;
    // Every dependency, also those without a step (apply waits only for those with one): apply
    // records depends_on in the state, and deletes are ordered from the state.
    std::vector<std::string> deps;
    deps.reserve(n.deps.size());
    for (const Node* d : n.deps) deps.push_back(d->address.str());
    RepairDependencies(&n, deps);
    n.change->depends_on = std::move(deps);
  }
  PlanDeletes();
  CW_RETURN_IF_ERROR(CheckSafety());
  PlanUndeclared();

  PlanResult result;
  Plan& plan = result.plan;
  plan = std::move(plan_);  // holds the changes of order_ already
  plan.lineage = state_.lineage;
  plan.serial = state_.serial;
  plan.manifest_digest = manifests_.digest;
  plan.destroy = options_.destroy;
  for (auto& c : deferred_) plan.changes.push_back(std::move(c));
  for (Node* n : delete_order_) plan.changes.push_back(std::move(*n->change));
  for (auto& c : undeclared_deletes_) plan.changes.push_back(std::move(c));
  return result;
}

}  // namespace

Result<PlanResult> Planner::MakePlan(const ManifestSet& manifests, const State& state,
                                     const PlanOptions& options) const {
  PlanBuilder builder(registry_, manifests, state, options);
  return builder.Build();
}

}  // namespace causeway
