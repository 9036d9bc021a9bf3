// Rollback: undoes the completed mutations of a failed apply in reverse completion order, each
// undo journalled ("undo-create", "undo-update", "undo-delete") like any other mutation. What
// cannot be undone stays in the state and is reported in needs_attention. A deleted undeclared
// object (one an exclusive container held) is re-created where its kind is recreatable, as
// "undo-delete-undeclared", and stays out of the state as it was.
#include "reconciler/apply/apply_context.h"

namespace causeway {

namespace {

Value UndoInfo(const std::string& id, const Value& attributes, const Value& outputs) {
  return Value{{"id", id}, {"attributes", attributes}, {"outputs", outputs}};
}

// The dependencies the state entry had before the mutation: an undo restores them.
std::vector<std::string> PreviousDependencies(const CompletedMutation& m) {
  return m.previous_state ? m.previous_state->dependencies : std::vector<std::string>{};
}

// Undo of a create: delete what was created.
Status UndoCreate(ApplyContext* ctx, const CompletedMutation& m, std::string* problem) {
  auto created = ctx->Find(m.address.str());
  Status s = ctx->Remove(m.address, m.id, m.attributes, "undo-create",
                         UndoInfo(m.id, m.attributes, Value::object()),
                         created ? created->dependencies : std::vector<std::string>{});
  if (!s.ok()) {
    *problem = m.address.str() + ": created but could not be deleted: " + s.message();
    return s;
  }
  ctx->EraseResource(m.address.str());
  return s;
}

// Undo of an update: put the previous attributes back.
Status UndoUpdate(ApplyContext* ctx, const CompletedMutation& m, std::string* problem) {
  auto r = ctx->Update(m.address, m.id, m.attributes, m.previous_attributes, "undo-update",
                       UndoInfo(m.id, m.attributes, m.previous_outputs), PreviousDependencies(m));
  if (!r.ok()) {
    *problem = m.address.str() + ": updated but could not be restored: " + r.status().message();
    return r.status();
  }
  ResourceState entry = m.previous_state.value_or(ResourceState{});
  entry.address = m.address;
  entry.id = r->id.empty() ? m.id : r->id;
  entry.attributes = ctx->StripSensitive(m.address.kind, r->attributes);
  entry.outputs = r->outputs.is_object() ? r->outputs : Value::object();
  ctx->RestoreResource(entry);
  return Status::Ok();
}

// Undo of a delete: re-create from the previous attributes, where the kind allows it. A
// sensitive value is sent only if it provably is the one the object had (its state hash).
Status UndoDelete(ApplyContext* ctx, const CompletedMutation& m, std::string* problem) {
  const KindSchema* schema = ctx->registry().Schema(m.address.kind);
  if (schema != nullptr && !schema->recreatable) {
    *problem = m.address.str() + ": deleted and cannot be re-created (kind " + m.address.kind +
               " is not recreatable)";
    return Status::Aborted(*problem);
  }
  Value attrs = m.attributes.is_object() ? m.attributes : Value::object();
  std::map<std::string, std::string> kept_hashes;
  auto sv = ctx->options().sensitive_values.find(m.address.str());
  if (m.previous_state && sv != ctx->options().sensitive_values.end() && sv->second.is_object()) {
    for (const auto& [name, hash] : m.previous_state->sensitive_hashes) {
      if (sv->second.contains(name) && SensitiveHashMatches(hash, sv->second[name])) {
        attrs[name] = sv->second[name];
        kept_hashes[name] = hash;
      }
    }
  }
  auto r = ctx->Create(m.address, attrs, m.undeclared ? "undo-delete-undeclared" : "undo-delete",
                       UndoInfo(m.id, m.attributes, m.previous_outputs), PreviousDependencies(m));
  if (!r.ok()) {
    *problem = m.address.str() + ": deleted but could not be re-created: " + r.status().message();
    return r.status();
  }
  if (m.undeclared) return Status::Ok();  // it was never in the state; it is not recorded now
  ResourceState entry = m.previous_state.value_or(ResourceState{});
  entry.address = m.address;
  entry.id = r->id;
  entry.attributes = ctx->StripSensitive(m.address.kind, r->attributes);
  entry.outputs = r->outputs.is_object() ? r->outputs : Value::object();
  entry.sensitive_hashes = kept_hashes;
  ctx->RestoreResource(entry);
  return Status::Ok();
}

}  // namespace

bool RollBack(ApplyContext* ctx, ApplyReporter* reporter,
              std::vector<std::string>* needs_attention) {
  std::vector<CompletedMutation> done = ctx->Completed();
  if (reporter != nullptr) reporter->RollbackStarted(static_cast<int>(done.size()));
  bool clean = true;
  // Reverse completion order: a mutation is undone only after everything that completed later
  // (and so may depend on it) has been undone.
  for (auto it = done.rbegin(); it != done.rend(); ++it) {
    std::string problem;
    Status s;
    const char* what = "";
    switch (it->kind) {
      case CompletedMutation::Kind::kCreated:
        what = "delete";
        s = UndoCreate(ctx, *it, &problem);
        break;
      case CompletedMutation::Kind::kUpdated:
        what = "restore";
        s = UndoUpdate(ctx, *it, &problem);
        break;
      case CompletedMutation::Kind::kDeleted:
        what = "re-create";
        s = UndoDelete(ctx, *it, &problem);
        break;
    }
    if (!s.ok()) {
      clean = false;
      needs_attention->push_back(problem);
    }
    if (reporter != nullptr) reporter->UndoFinished(it->address.str(), what, s);
  }
  return clean;
}

}  // namespace causeway
