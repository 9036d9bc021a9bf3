// Provider lookup by kind prefix.
#include "reconciler/plan/provider_registry.h"

namespace causeway {

void ProviderRegistry::Add(std::shared_ptr<Provider> provider) {
  for (auto& s : provider->schemas()) schemas_[s.kind] = s;
  providers_[provider->name()] = std::move(provider);
}

Provider* ProviderRegistry::ForKind(const std::string& kind) const {
  return Get(kind.substr(0, kind.find('.')));
}

Provider* ProviderRegistry::Get(const std::string& name) const {
  auto it = providers_.find(name);
  return it == providers_.end() ? nullptr : it->second.get();
}

const KindSchema* ProviderRegistry::Schema(const std::string& kind) const {
  auto it = schemas_.find(kind);
  return it == schemas_.end() ? nullptr : &it->second;
}

ProviderSettingsSchemas ProviderRegistry::settings_schemas() const {
  ProviderSettingsSchemas out;
  for (const auto& [name, p] : providers_) out[name] = p->settings_schema();
  return out;
}

std::vector<Provider*> ProviderRegistry::providers() const {
  std::vector<Provider*> out;
  for (const auto& [_, p] : providers_) out.push_back(p.get());
  return out;
}

Status ProviderRegistry::ConfigureAll(const std::map<std::string, Value>& configs) {
  for (const auto& [name, p] : providers_) {
    auto it = configs.find(name);
    Status s = p->configure(it == configs.end() ? Value::object() : it->second);
    if (!s.ok()) return s.WithContext("provider " + name);
  }
  return Status::Ok();
}

}  // namespace causeway
