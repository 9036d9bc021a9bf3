// ProviderRegistry: the providers a command runs with, found by the first segment of a kind.
// The engine reaches providers only through this; it never names a cloud.
// Thread-safety: fill it before use; afterwards lookups are read-only and thread-safe.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "providers/provider.h"

namespace causeway {

class ProviderRegistry {
 public:
  void Add(std::shared_ptr<Provider> provider);
  // nullptr if no provider owns the kind's prefix.
  Provider* ForKind(const std::string& kind) const;
  Provider* Get(const std::string& name) const;
  // nullptr for an unknown kind.
  const KindSchema* Schema(const std::string& kind) const;
  const SchemaSet& schemas() const { return schemas_; }
  // Each provider's settings schema, by provider name (for validating the providers block).
  ProviderSettingsSchemas settings_schemas() const;
  std::vector<Provider*> providers() const;
  // Configures each registered provider with configs[name] (an empty object when absent).
  Status ConfigureAll(const std::map<std::string, Value>& configs);

 private:
  std::map<std::string, std::shared_ptr<Provider>> providers_;
  SchemaSet schemas_;
};

}  // namespace causeway
