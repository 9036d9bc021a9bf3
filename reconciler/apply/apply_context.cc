// ApplyContext: journalled provider calls, reference resolution and state bookkeeping of one
// apply.
#include "reconciler/apply/apply_context.h"

#include <random>
#include <set>

#include "reconciler/core/reference.h"

namespace causeway {

namespace {

std::string RandomSalt() {
  std::random_device rd;
  static const char* kHex = "0123456789abcdef";
  std::string s;
  for (int i = 0; i < 16; ++i) s.push_back(kHex[rd() % 16]);
  return s;
}

Value Effective(const AttributeSchema* a, const Value& attrs, const std::string& name) {
  Value v = attrs.is_object() ? attrs.value(name, Value()) : Value();
  if (v.is_null() && a != nullptr && a->default_value) v = *a->default_value;
  return NormalizeAttr(a, v);
}

}  // namespace

std::vector<std::string> ChangedAttributes(const KindSchema* schema, const Value& before,
                                           const Value& after) {
  std::set<std::string> names;
  for (const Value* v : {&before, &after}) {
    if (!v->is_object()) continue;
    for (auto it = v->begin(); it != v->end(); ++it) names.insert(it.key());
  }
  std::vector<std::string> out;
  for (const auto& n : names) {
    const AttributeSchema* a = schema ? schema->Find(n) : nullptr;
    if (a != nullptr && (a->computed || a->sensitive)) continue;
    if (Effective(a, before, n) != Effective(a, after, n)) out.push_back(n);
  }
  return out;
}

ApplyContext::ApplyContext(const ProviderRegistry* registry, Journal* journal,
                           const ApplyOptions& options, State initial)
    : registry_(registry),
      journal_(journal),
      options_(options),
      salt_(RandomSalt()),
      state_(std::move(initial)) {}

Value ApplyContext::Resolve(const Value& config) const {
  std::lock_guard<std::mutex> l(mu_);
  return Interpolate(config, [this](const Reference& ref) -> std::optional<Value> {
    if (ref.is_var) return std::nullopt;
    const ResourceState* r = state_.Find(ref.target.str());
    if (r == nullptr) return std::nullopt;
    if (r->outputs.is_object() && r->outputs.contains(ref.attribute)) {
      return r->outputs[ref.attribute];
    }
    if (r->attributes.is_object() && r->attributes.contains(ref.attribute)) {
      return r->attributes[ref.attribute];
    }
    if (ref.attribute == "id" && !r->id.empty()) return Value(r->id);
    return std::nullopt;
  });
}

std::optional<ResourceState> ApplyContext::Find(const std::string& address) const {
  std::lock_guard<std::mutex> l(mu_);
  const ResourceState* r = state_.Find(address);
  if (r == nullptr) return std::nullopt;
  return *r;
}

State ApplyContext::StateCopy() const {
  std::lock_guard<std::mutex> l(mu_);
  return state_;
}

Value ApplyContext::StripSensitive(const std::string& kind, const Value& attributes) const {
  if (!attributes.is_object()) return attributes;
  Value out = attributes;
  if (const KindSchema* schema = registry_->Schema(kind)) {
    for (const auto& a : schema->attributes) {
      if (a.sensitive) out.erase(a.name);
    }
  }
  return out;
}

Status ApplyContext::JournalRecordOf(const std::string& type, const std::string& message,
                                     const Value& attrs) {
  if (journal_ == nullptr) return Status::Ok();
  JournalRecord r;
  r.type = type;
  r.message = message;
  r.attributes = attrs;
  return journal_->Append(r);
}

Status ApplyContext::Intent(uint64_t seq, const Address& address, const std::string& action,
                            const std::string& id, const Value& attributes, const Value& undo,
                            const std::vector<std::string>& dependencies) {
  if (journal_ == nullptr) return Status::Ok();
  JournalRecord r;
  r.type = "intent";
  r.seq = seq;
  r.address = address;
  r.action = action;
  r.id = id;
  r.attributes = StripSensitive(address.kind, attributes);
  r.sensitive_hashes = SensitiveHashes(address.kind, attributes);
  r.undo = undo;
  r.dependencies = dependencies;
  return journal_->Append(r);
}

void ApplyContext::Finished(uint64_t seq, const Address& address, const std::string& action,
                            const std::string& id, const Value& attributes, const Value& outputs,
                            const Status& status) {
  if (journal_ == nullptr) return;
  JournalRecord r;
  r.type = status.ok() ? "done" : "failed";
  r.seq = seq;
  r.address = address;
  r.action = action;
  r.id = id;
  if (status.ok()) {
    r.attributes = StripSensitive(address.kind, attributes);
    r.outputs = outputs;
  } else {
    r.message = status.message();
  }
  // The mutation has happened either way; a lost "done" record is what recovery is for, so a
  // failure to append it does not turn a successful mutation into a failed one.
  (void)journal_->Append(r);
}

Result<ResourceResult> ApplyContext::Create(const Address& address, const Value& attributes,
                                            const std::string& action, const Value& undo,
                                            const std::vector<std::string>& dependencies) {
  Provider* p = registry_->ForKind(address.kind);
  if (p == nullptr) return Status::InvalidArgument("no provider for kind " + address.kind);
  uint64_t seq = NextSeq();
  CW_RETURN_IF_ERROR(Intent(seq, address, action, "", attributes, undo, dependencies));
  auto r = p->create(CreateRequest{address, attributes});
  if (r.ok()) {
    Finished(seq, address, action, r->id, r->attributes, r->outputs, Status::Ok());
  } else {
    Finished(seq, address, action, "", Value(), Value(), r.status());
  }
  return r;
}

Result<ResourceResult> ApplyContext::Update(const Address& address, const std::string& id,
                                            const Value& before, const Value& after,
                                            const std::string& action, const Value& undo,
                                            const std::vector<std::string>& dependencies) {
  Provider* p = registry_->ForKind(address.kind);
  if (p == nullptr) return Status::InvalidArgument("no provider for kind " + address.kind);
  uint64_t seq = NextSeq();
  CW_RETURN_IF_ERROR(Intent(seq, address, action, id, after, undo, dependencies));
  UpdateRequest req{address, id, before, after,
                    ChangedAttributes(registry_->Schema(address.kind), before, after)};
  auto r = p->update(req);
  if (r.ok()) {
    Finished(seq, address, action, r->id, r->attributes, r->outputs, Status::Ok());
  } else {
    Finished(seq, address, action, id, Value(), Value(), r.status());
  }
  return r;
}

Status ApplyContext::Remove(const Address& address, const std::string& id, const Value& attributes,
                            const std::string& action, const Value& undo,
                            const std::vector<std::string>& dependencies) {
  Provider* p = registry_->ForKind(address.kind);
  if (p == nullptr) return Status::InvalidArgument("no provider for kind " + address.kind);
  uint64_t seq = NextSeq();
  CW_RETURN_IF_ERROR(Intent(seq, address, action, id, attributes, undo, dependencies));
  Status s = p->remove(DeleteRequest{address, id, attributes});
  Finished(seq, address, action, id, Value(), Value(), s);
  return s;
}

void ApplyContext::PutResource(const Address& address, const ResourceResult& result,
                               const Value& sent, const std::vector<std::string>& dependencies) {
  std::lock_guard<std::mutex> l(mu_);
  ResourceState& entry = state_.resources[address.str()];
  std::map<std::string, std::string> hashes = entry.sensitive_hashes;
  entry = ResourceState{};
  entry.address = address;
  entry.id = result.id;
  entry.attributes = StripSensitive(address.kind, result.attributes);
  if (!entry.attributes.is_object()) entry.attributes = Value::object();
  entry.outputs = result.outputs.is_object() ? result.outputs : Value::object();
  entry.dependencies = dependencies;
  for (auto& [name, hash] : SensitiveHashes(address.kind, sent)) hashes[name] = std::move(hash);
  entry.sensitive_hashes = std::move(hashes);
}

void ApplyContext::RestoreResource(const ResourceState& entry) {
  std::lock_guard<std::mutex> l(mu_);
  state_.resources[entry.address.str()] = entry;
}

void ApplyContext::EraseResource(const std::string& address) {
  std::lock_guard<std::mutex> l(mu_);
  state_.resources.erase(address);
}

std::map<std::string, std::string> ApplyContext::SensitiveHashes(const std::string& kind,
                                                                 const Value& attributes) const {
  std::map<std::string, std::string> out;
  const KindSchema* schema = registry_->Schema(kind);
  if (schema == nullptr || !attributes.is_object()) return out;
  for (const auto& a : schema->attributes) {
    auto it = attributes.find(a.name);
    if (a.sensitive && it != attributes.end()) out[a.name] = SensitiveHash(*it, salt_);
  }
  return out;
}

void ApplyContext::ForgetGone(const std::string& address) {
  std::lock_guard<std::mutex> l(mu_);
  state_.resources.erase(address);
  forgotten_.push_back(address);
}

std::vector<std::string> ApplyContext::Forgotten() const {
  std::lock_guard<std::mutex> l(mu_);
  return forgotten_;
}

void ApplyContext::AddCompleted(CompletedMutation m) {
  std::lock_guard<std::mutex> l(mu_);
  completed_.push_back(std::move(m));
}

std::vector<CompletedMutation> ApplyContext::Completed() const {
  std::lock_guard<std::mutex> l(mu_);
  return completed_;
}

}  // namespace causeway
