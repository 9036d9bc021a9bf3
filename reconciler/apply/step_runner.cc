// Step runner: what one plan change means in provider calls. Resolves the change's config,
// checks that live state still matches the plan for anything it mutates, performs the journalled
// mutation(s) through ApplyContext and records the result in the state and the undo list.
#include <algorithm>
#include <set>

#include "reconciler/apply/apply_context.h"
#include "reconciler/core/reference.h"
#include "reconciler/plan/safety.h"

namespace causeway {

namespace {

Status StepError(const Change& c, const Status& s) {
  return Status(s.code(), c.address.str() + ": " + ActionName(c.action) + " failed: " + s.message(),
                s.provider_code());
}

Status Stale(const Change& c) {
  return Status::Conflict(c.address.str() + " changed since the plan was made; run plan again");
}

// change.depends_on plus every resource its config references (itself excluded). References
// in bootstrapped attributes are left out: they are the edge a deferred update broke, and
// recording them would put the cycle back into the state's dependencies.
std::vector<std::string> Dependencies(const Change& c) {
  std::set<std::string> deps(c.depends_on.begin(), c.depends_on.end());
  const auto& boot = c.bootstrap_attributes;
  for (const auto& ref : CollectReferences(c.config, nullptr)) {
    if (ref.is_var) continue;
    const std::string& path = ref.json_path;  // "/attr/..."
    std::string top = path.size() > 1 ? path.substr(1, path.find('/', 1) - 1) : std::string();
    if (std::find(boot.begin(), boot.end(), top) != boot.end()) continue;
    deps.insert(ref.target.str());
  }
  deps.erase(c.address.str());
  return {deps.begin(), deps.end()};
}

// The attributes to send: config (or `after` for plans without one) with bootstrap values put
// in when asked, references resolved, and the apply-time sensitive values merged in.
Result<Value> Desired(ApplyContext* ctx, const Change& c, bool bootstrap) {
  Value config = c.config.is_null() ? c.after : c.config;
  if (!config.is_object()) config = Value::object();
  if (bootstrap) {
    const KindSchema* schema = ctx->registry().Schema(c.address.kind);
    for (const auto& name : c.bootstrap_attributes) {
      const AttributeSchema* a = schema ? schema->Find(name) : nullptr;
      if (a != nullptr && !a->bootstrap.is_null()) {
        config[name] = a->bootstrap;
      } else {
        config.erase(name);
      }
    }
  }
  Value out = ctx->Resolve(config);
  auto sv = ctx->options().sensitive_values.find(c.address.str());
  if (sv != ctx->options().sensitive_values.end() && sv->second.is_object()) {
    Value secrets = ctx->Resolve(sv->second);
    for (auto it = secrets.begin(); it != secrets.end(); ++it) out[it.key()] = it.value();
  }
  if (ContainsUnknown(out)) {
    std::vector<std::string> names;
    for (auto it = out.begin(); it != out.end(); ++it) {
      if (ContainsUnknown(it.value())) names.push_back(it.key());
    }
    std::string list;
    for (const auto& n : names) list += (list.empty() ? "" : ", ") + n;
    return Status::InvalidArgument("unresolved reference in " + list);
  }
  // Validation checked the literal values; values that came through references are known only
  // now. A replace resolves before it deletes, so a bad value fails with nothing changed.
  if (const KindSchema* schema = ctx->registry().Schema(c.address.kind)) {
    for (const auto& a : schema->attributes) {
      auto v = out.find(a.name);
      if (v == out.end() || v->is_null()) continue;
      if (std::string invalid = CheckAttribute(schema->kind, a, *v); !invalid.empty()) {
        return Status::InvalidArgument(invalid);
      }
    }
  }
  return out;
}

// Observes the object the change is about. `id` may be empty (found by natural key).
Result<Observation> ObserveLive(ApplyContext* ctx, const Change& c, const std::string& id,
                                const Value& attributes) {
  Provider* p = ctx->registry().ForKind(c.address.kind);
  if (p == nullptr) return Status::InvalidArgument("no provider for kind " + c.address.kind);
  auto obs = p->observe({ObserveItem{c.address, id, attributes}});
  if (!obs.ok()) return obs.status();
  if (obs->size() != 1) return Status::ProviderError("observe returned the wrong number of items");
  return (*obs)[0];
}

// True when `live` matches change.before on `names` (all of before's attributes when empty).
bool MatchesBefore(const KindSchema* schema, const Change& c, const Observation& live,
                   std::vector<std::string> names) {
  if (!c.id.empty() && !live.id.empty() && c.id != live.id) return false;
  if (!c.before.is_object()) return true;
  if (names.empty()) {
    for (auto it = c.before.begin(); it != c.before.end(); ++it) names.push_back(it.key());
  }
  Value before = Value::object();
  Value now = Value::object();
  for (const auto& n : names) {
    if (c.before.contains(n)) before[n] = c.before[n];
    if (live.attributes.contains(n)) now[n] = live.attributes[n];
  }
  return ChangedAttributes(schema, before, now).empty();
}

Value UndoInfo(const std::string& id, const Value& attributes, const Value& outputs) {
  return Value{{"id", id}, {"attributes", attributes}, {"outputs", outputs}};
}

std::string KnownId(ApplyContext* ctx, const Change& c) {
  if (!c.id.empty()) return c.id;
  auto known = ctx->Find(c.address.str());
  return known ? known->id : std::string();
}

Status DoCreate(ApplyContext* ctx, const Change& c, const Value& attrs) {
  const std::vector<std::string> deps = Dependencies(c);
  auto r = ctx->Create(c.address, attrs, "create", Value(), deps);
  if (!r.ok()) return StepError(c, r.status());
  CompletedMutation m;
  m.kind = CompletedMutation::Kind::kCreated;
  m.address = c.address;
  m.id = r->id;
  m.attributes = r->attributes;
  m.previous_state = ctx->Find(c.address.str());
  ctx->PutResource(c.address, *r, attrs, deps);
  ctx->AddCompleted(std::move(m));
  return Status::Ok();
}

Status DoDelete(ApplyContext* ctx, const Change& c, const Observation& live) {
  auto known = ctx->Find(c.address.str());
  // An undeclared object is journalled apart, so that recovery never adopts it into the state.
  Status s = ctx->Remove(c.address, live.id, live.attributes,
                         c.undeclared ? "delete-undeclared" : "delete",
                         UndoInfo(live.id, live.attributes, live.outputs),
                         known ? known->dependencies : std::vector<std::string>{});
  if (!s.ok()) return StepError(c, s);
  CompletedMutation m;
  m.kind = CompletedMutation::Kind::kDeleted;
  m.address = c.address;
  m.id = live.id;
  m.attributes = live.attributes;
  m.previous_outputs = live.outputs;
  m.previous_state = ctx->Find(c.address.str());
  m.undeclared = c.undeclared;
  ctx->EraseResource(c.address.str());
  ctx->AddCompleted(std::move(m));
  return Status::Ok();
}

Status DoUpdate(ApplyContext* ctx, const Change& c, const Observation& live, const Value& attrs) {
  std::optional<ResourceState> previous = ctx->Find(c.address.str());
  // A deferred update keeps the dependencies its create recorded (see Dependencies()).
  std::vector<std::string> deps = Dependencies(c);
  if (c.action == Action::kDeferredUpdate && previous) deps = previous->dependencies;
  auto r = ctx->Update(c.address, live.id, live.attributes, attrs,
                       c.action == Action::kDeferredUpdate ? "deferred-update" : "update",
                       UndoInfo(live.id, live.attributes, live.outputs), deps);
  if (!r.ok()) return StepError(c, r.status());
  CompletedMutation m;
  m.kind = CompletedMutation::Kind::kUpdated;
  m.address = c.address;
  m.id = r->id.empty() ? live.id : r->id;
  m.attributes = r->attributes;
  m.previous_attributes = live.attributes;
  m.previous_outputs = live.outputs;
  m.previous_state = std::move(previous);
  ResourceResult result = *r;
  result.id = m.id;
  ctx->PutResource(c.address, result, attrs, deps);
  ctx->AddCompleted(std::move(m));
  return Status::Ok();
}

}  // namespace

Status RunChange(ApplyContext* ctx, const Change& c) {
  const KindSchema* schema = ctx->registry().Schema(c.address.kind);
  if (schema == nullptr || ctx->registry().ForKind(c.address.kind) == nullptr) {
    return StepError(c, Status::InvalidArgument("no provider knows kind " + c.address.kind));
  }
  switch (c.action) {
    case Action::kNoOp:
      return Status::Ok();
    case Action::kCreate: {
      auto attrs = Desired(ctx, c, /*bootstrap=*/true);
      if (!attrs.ok()) return StepError(c, attrs.status());
      return DoCreate(ctx, c, *attrs);
    }
    case Action::kUpdate:
    case Action::kDeferredUpdate: {
      auto attrs = Desired(ctx, c, /*bootstrap=*/false);
      if (!attrs.ok()) return StepError(c, attrs.status());
      auto live = ObserveLive(ctx, c, KnownId(ctx, c), *attrs);
      if (!live.ok()) return StepError(c, live.status());
      if (!live->exists) return Stale(c);
      // A deferred update follows this apply's own create; only a real update checks the plan.
      if (c.action == Action::kUpdate) {
        std::vector<std::string> touched;
        for (const auto& ac : c.attribute_changes) touched.push_back(ac.name);
        if (!MatchesBefore(schema, c, *live, touched)) return Stale(c);
        if (c.attribute_changes.empty()) {
          // Adoption of an object that already matches: record it, send nothing.
          ResourceResult adopted{live->id, live->attributes, live->outputs};
          ctx->PutResource(c.address, adopted, *attrs, Dependencies(c));
          return Status::Ok();
        }
      }
      return DoUpdate(ctx, c, *live, *attrs);
    }
    case Action::kDelete: {
      Value known = c.before.is_object() ? c.before : Value::object();
      auto live = ObserveLive(ctx, c, KnownId(ctx, c), known);
      if (!live.ok()) return StepError(c, live.status());
      if (!live->exists) {  // already gone: the goal is reached without a mutation
        if (!c.undeclared) ctx->ForgetGone(c.address.str());  // undeclared: not in the state
        return Status::Ok();
      }
      // Without the opt-in, a delete of data may only drop an object that is gone. The applier
      // observed it gone before the first step; it may have come back since.
      if (LacksDataOptIn(c, ctx->registry().schemas())) return RefuseDataDelete(c, live->id);
      if (!MatchesBefore(schema, c, *live, {})) return Stale(c);
      return DoDelete(ctx, c, *live);
    }
    case Action::kReplace: {
      // Resolve first so that an unresolvable config fails before anything is deleted.
      auto attrs = Desired(ctx, c, /*bootstrap=*/true);
      if (!attrs.ok()) return StepError(c, attrs.status());
      Value known = c.before.is_object() ? c.before : Value::object();
      auto live = ObserveLive(ctx, c, KnownId(ctx, c), known);
      if (!live.ok()) return StepError(c, live.status());
      if (!live->exists || !MatchesBefore(schema, c, *live, {})) return Stale(c);
      CW_RETURN_IF_ERROR(DoDelete(ctx, c, *live));
      return DoCreate(ctx, c, *attrs);
    }
  }
  return Status::Internal("unknown action");
}

}  // namespace causeway
