// Action names.
#include "reconciler/plan/plan.h"

namespace causeway {

const char* ActionName(Action a) {
  switch (a) {
    case Action::kNoOp: return "no-op";
    case Action::kCreate: return "create";
    case Action::kUpdate: return "update";
    case Action::kReplace: return "replace";
    case Action::kDelete: return "delete";
    case Action::kDeferredUpdate: return "deferred-update";
  }
  return "unknown";
}

bool ParseAction(const std::string& name, Action* out) {
  for (Action a : {Action::kNoOp, Action::kCreate, Action::kUpdate, Action::kReplace,
                   Action::kDelete, Action::kDeferredUpdate}) {
    if (name == ActionName(a)) {
      *out = a;
      return true;
    }
  }
  return false;
}

}  // namespace causeway
