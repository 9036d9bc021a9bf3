// SandboxRequest accessors and SandboxService defaults.
#include "sandbox/core/service.h"

namespace causeway::sandbox {

namespace {
std::string First(const ParamMap& m, const std::string& key) {
  auto it = m.find(key);
  return it == m.end() ? "" : it->second;
}
}  // namespace

std::string SandboxRequest::Header(const std::string& lower_name) const {
  auto it = headers.find(lower_name);
  return it == headers.end() ? "" : it->second;
}

std::string SandboxRequest::Param(const std::string& name) const {
  auto it = form.find(name);
  if (it != form.end()) return it->second;
  return First(query, name);
}

bool SandboxRequest::HasParam(const std::string& name) const {
  return form.count(name) > 0 || query.count(name) > 0;
}

std::string SandboxRequest::QueryParam(const std::string& name) const { return First(query, name); }

bool SandboxRequest::HasQueryParam(const std::string& name) const { return query.count(name) > 0; }

bool IsReadOnlyOperationName(const std::string& operation) {
  for (const char* prefix : {"Get", "List", "Describe", "Head", "Search", "BatchGet", "Lookup"}) {
    if (operation.rfind(prefix, 0) == 0) return true;
  }
  return false;
}

bool SandboxService::IsMutating(const std::string& operation) const {
  return !IsReadOnlyOperationName(operation);
}

}  // namespace causeway::sandbox
