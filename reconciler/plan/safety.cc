// Destroy safety checks and their messages.
#include "reconciler/plan/safety.h"

namespace causeway {

std::string QuotedList(const std::vector<std::string>& names) {
  std::string out;
  for (size_t i = 0; i < names.size(); ++i) {
    if (i > 0) out += i + 1 == names.size() ? " and " : ", ";
    out += "'" + names[i] + "'";
  }
  return out;
}

std::string CheckDestroy(Change* change, const KindSchema* schema, const Lifecycle* lifecycle,
                         const std::set<std::string>& allow_destroy, bool destroy) {
  change->holds_data = schema != nullptr && schema->holds_data;
  if (change->action != Action::kDelete && change->action != Action::kReplace) return "";
  const std::string address = change->address.str();
  std::string what;
  if (change->action == Action::kReplace) {
    what = address + " must be replaced because " + QuotedList(change->replace_reasons) +
           (change->replace_reasons.size() == 1 ? " forces" : " force") + " replacement";
  } else {
    what = address + " would be deleted";
    if (lifecycle == nullptr && !destroy) what += " (it is no longer in the manifests)";
  }
  if (lifecycle != nullptr && lifecycle->prevent_destroy) {
    return what + ", but it has lifecycle.prevent_destroy: true (remove it to allow this)";
  }
  if (!change->holds_data) return "";
  bool allowed = allow_destroy.count(address) > 0 || (lifecycle && lifecycle->allow_destroy);
  if (allowed) {
    change->allow_destroy = true;
    return "";
  }
  std::string how = lifecycle != nullptr
                        ? "set lifecycle.allow_destroy: true or pass --allow-destroy " + address
                        : "pass --allow-destroy " + address;
  const std::string why =
      schema != nullptr && !schema->destroy_note.empty() ? schema->destroy_note : "holds data";
  return what + ", and " + change->address.kind + " " + why + ": " + how;
}

bool LacksDataOptIn(const Change& change, const SchemaSet& schemas) {
  if (change.action != Action::kDelete && change.action != Action::kReplace) return false;
  auto schema = schemas.find(change.address.kind);
  return schema != schemas.end() && schema->second.holds_data && !change.allow_destroy;
}

Status CheckPlannedDestroys(const Plan& plan, const SchemaSet& schemas,
                            std::vector<const Change*>* must_be_gone) {
  for (const auto& c : plan.changes) {
    if (!LacksDataOptIn(c, schemas)) continue;
    if (c.action == Action::kDelete) {
      must_be_gone->push_back(&c);
      continue;
    }
    const std::string address = c.address.str();
    return Status::Aborted(
        "refusing to apply: the plan replaces " + address + ", and " + c.address.kind +
        " holds data, but the plan does not allow it (allow_destroy is false). Causeway never "
        "plans that, so the plan file was edited; run plan again, with --allow-destroy " +
        address + " if the data may go");
  }
  return Status::Ok();
}

Status RefuseDataDelete(const Change& change, const std::string& live_id) {
  const std::string address = change.address.str();
  return Status::Aborted(
      "refusing to apply: the plan deletes " + address + ", and " + change.address.kind +
      " holds data, but the plan does not allow it (allow_destroy is false) and " + address +
      " exists (id " + live_id +
      "). Without allow_destroy a plan may only remove from the state an object that is already "
      "gone: it was created again after the plan was made, or the plan file was edited. Run plan "
      "again, with --allow-destroy " +
      address + " if the data may go");
}

}  // namespace causeway
