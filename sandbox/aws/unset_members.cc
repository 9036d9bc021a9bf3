// Nulls for unset output members, driven by the generated output-shape table.
#include "sandbox/aws/unset_members.h"

namespace causeway::sandbox {

namespace {

const Value& Table() {
  static const Value table = Value::parse(OutputMembersTableJson());
  return table;
}

// Applies member encoding `encoding` ("" scalar, "Shape", "[x]", "{x}") to `value`.
void Apply(const Value& structures, const std::string& encoding, Value* value) {
  if (encoding.empty() || value->is_null()) return;
  if (encoding.front() == '[' || encoding.front() == '{') {
    std::string inner = encoding.substr(1, encoding.size() - 2);
    if (encoding.front() == '[' && value->is_array()) {
      for (auto& item : *value) Apply(structures, inner, &item);
    } else if (encoding.front() == '{' && value->is_object()) {
      for (auto& [_, item] : value->items()) Apply(structures, inner, &item);
    }
    return;
  }
  auto shape = structures.find(encoding);
  if (shape == structures.end() || !value->is_object()) return;
  for (const auto& [member, member_encoding] : shape->items()) {
    auto present = value->find(member);
    if (present == value->end()) {
      (*value)[member] = nullptr;
    } else {
      Apply(structures, member_encoding.get<std::string>(), &*present);
    }
  }
}

}  // namespace

void NullUnsetMembers(const std::string& service, const std::string& operation, Value* reply) {
  auto s = Table().find(service);
  if (s == Table().end()) return;
  const Value& operations = (*s)["operations"];
  auto op = operations.find(operation);
  if (op == operations.end()) return;
  Apply((*s)["structures"], op->get<std::string>(), reply);
}

void NullUnsetMembersInReply(const std::string& service, const std::string& operation,
                             std::string* body) {
  Value reply = Value::parse(*body, nullptr, /*allow_exceptions=*/false);
  if (reply.is_discarded() || !reply.is_object()) return;
  NullUnsetMembers(service, operation, &reply);
  *body = reply.dump();
}

std::vector<std::string> OperationsWithOutputMembers(const std::string& service) {
  std::vector<std::string> out;
  auto s = Table().find(service);
  if (s == Table().end()) return out;
  for (const auto& [op, _] : (*s)["operations"].items()) out.push_back(op);
  return out;
}

}  // namespace causeway::sandbox
