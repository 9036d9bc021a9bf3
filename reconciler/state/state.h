// State: what Causeway believes exists, written after every apply. Per resource: address, kind,
// provider id, input attributes (sensitive ones removed and remembered only as a salted hash),
// computed outputs and dependencies. Lineage identifies one state's history; serial increases with
// every write. Serialisation lives in reconciler/state/. Thread-safety: plain values.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "reconciler/core/address.h"
#include "reconciler/core/value.h"

namespace causeway {

constexpr int kStateFormatVersion = 1;

struct ResourceState {
  Address address;
  std::string id;                          // provider id
  Value attributes = Value::object();      // inputs; sensitive values omitted
  Value outputs = Value::object();         // computed values
  std::vector<std::string> dependencies;   // addresses this resource depends on
  std::map<std::string, std::string> sensitive_hashes;  // attribute -> SensitiveHash()
};

struct State {
  int format_version = kStateFormatVersion;
  std::string lineage;  // random id fixed at the first write
  uint64_t serial = 0;  // +1 on every write
  std::map<std::string, ResourceState> resources;  // by address.str()

  const ResourceState* Find(const std::string& address) const {
    auto it = resources.find(address);
    return it == resources.end() ? nullptr : &it->second;
  }
};

}  // namespace causeway
