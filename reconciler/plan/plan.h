// The plan is a value: the list of changes planning decided on, in dependency order, with
// everything apply needs to carry them out without diffing again. It can be saved as JSON
// (reconciler/plan/plan_json.h) and applied later; it carries the lineage and serial of the state
// it was made against so that a stale plan is refused. Thread-safety: plain values.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "providers/undeclared.h"
#include "reconciler/core/address.h"
#include "reconciler/core/value.h"

namespace causeway {

enum class Action {
  kNoOp,
  kCreate,
  kUpdate,
  kReplace,         // delete then create (an attribute that forces replacement changed)
  kDelete,          // in state but no longer in the manifests
  kDeferredUpdate,  // second step of a cycle broken through an updatable_after_create attribute
};

// "no-op", "create", "update", "replace", "delete", "deferred-update".
const char* ActionName(Action a);
bool ParseAction(const std::string& name, Action* out);

struct AttributeChange {
  std::string name;
  Value before;  // null when absent; "(sensitive)" is rendered, never the value
  Value after;   // may be UnknownValue()
  bool forces_replacement = false;
  bool sensitive = false;
};

struct Change {
  Address address;
  Action action = Action::kNoOp;
  std::string id;  // provider id when the resource exists
  Value before;    // live attributes (null for create)
  Value before_outputs;
  Value after;  // desired attributes, resolved where known (null for delete)
  // Desired attributes with ${kind.name.attr} references left in; apply interpolates these
  // against the outputs of steps already done. Sensitive values never appear here: a sensitive
  // attribute is carried as a reference or omitted and re-read from the manifests at apply.
  Value config;
  std::vector<AttributeChange> attribute_changes;
  std::vector<std::string> replace_reasons;       // attributes forcing replacement
  std::vector<std::string> bootstrap_attributes;  // created with their schema bootstrap value
  std::vector<std::string> depends_on;  // addresses whose steps must finish before this one
  std::string reason;                   // a note shown in the plan (why deferred, why replaced)
  bool holds_data = false;
  bool allow_destroy = false;  // delete/replace of a data-holding kind was explicitly allowed
  // A delete of something in neither the manifests nor the state: an undeclared object or
  // privilege inside an exclusive container. Apply journals it as "delete-undeclared", never
  // records it in the state, and a rollback re-creates it without recording it either.
  bool undeclared = false;
};

// What a provider found inside a managed container that no manifest declares, and what the
// plan does about it: kept (the default), or removed by one of the plan's deletes.
struct UndeclaredFinding {
  Undeclared found;
  bool removed = false;  // a kDelete change with undeclared=true removes it
  std::string note;      // why it is kept or removed
};

struct Plan {
  int format_version = 1;
  std::string lineage;  // of the state planned against ("" if no state yet)
  uint64_t serial = 0;
  std::string manifest_digest;
  std::string manifest_revision;  // git revision of the manifests when known
  bool destroy = false;           // made by `causeway destroy`
  std::vector<Change> changes;    // topological order; no-ops included for completeness
  // Security drift, privileges first, then by container and address. Those kept are reported
  // only: they do not make HasChanges() true (the deletes of those removed do).
  std::vector<UndeclaredFinding> undeclared;

  int Count(Action a) const {
    int n = 0;
    for (const auto& c : changes) n += c.action == a ? 1 : 0;
    return n;
  }
  bool HasChanges() const {
    for (const auto& c : changes) {
      if (c.action != Action::kNoOp) return true;
    }
    return false;
  }
};

}  // namespace causeway
