// OperationTable: a service's dispatch table, operation name -> member function. Every emulated
// service dispatches through one (no if-chains), so the operations a service implements can be
// listed (e.g. checked against the generated output-shape table, sandbox/aws/unset_members.h).
//   static const OperationTable<GlueService, const Value&, const SandboxRequest&,
//                               SandboxContext&> kOps = {{"CreateDatabase", &GlueService::...}};
//   if (auto handler = kOps.Find(request.operation)) return (this->*handler)(body, request, c);
// Thread-safety: immutable after construction; share freely (typically a function-local static).
#pragma once

#include <initializer_list>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "sandbox/core/service.h"

namespace causeway::sandbox {

template <typename Service, typename... Args>
class OperationTable {
 public:
  using Handler = SandboxResponse (Service::*)(Args...);

  OperationTable(std::initializer_list<std::pair<const std::string, Handler>> entries)
      : handlers_(entries) {}

  // The handler of `operation`; nullptr when the service does not implement it.
  Handler Find(const std::string& operation) const {
    auto it = handlers_.find(operation);
    return it == handlers_.end() ? nullptr : it->second;
  }
  // Every operation name, sorted.
  std::vector<std::string> Operations() const {
    std::vector<std::string> out;
    for (const auto& [name, _] : handlers_) out.push_back(name);
    return out;
  }

 private:
  std::map<std::string, Handler> handlers_;
};

}  // namespace causeway::sandbox
