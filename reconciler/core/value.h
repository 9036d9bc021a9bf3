// Value: attribute values of resources are JSON-shaped (nlohmann::basic_json, with objects kept
// in a SortedMap rather than a std::map: same key order and equality, far fewer allocations; see
// sorted_map.h for what that changes for callers). This file owns the "unknown until apply"
// marker used in plans, and the canonical forms used for comparison and hashing.
// Thread-safety: free functions over values; no shared state.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "reconciler/core/sorted_map.h"

namespace causeway {

using Value = nlohmann::basic_json<SortedMap>;

// How deep Value's destructor recurses before it falls back to nlohmann's own heap-stack
// destruction (see value_destroy.cc).
inline constexpr int kMaxRecursiveDestroyDepth = 128;

// A value that will only be known once apply has run (a computed output of a resource that does
// not exist yet). Represented as {"$unknown": true} so that it survives JSON round trips of plans.
Value UnknownValue();
bool IsUnknown(const Value& v);
// True if `v` or any nested element is unknown.
bool ContainsUnknown(const Value& v);

// Canonical JSON text (sorted keys, no whitespace): equal values give equal strings.
std::string CanonicalJson(const Value& v);

// Hex SHA-256 of `data`.
std::string Sha256Hex(const std::string& data);

// Salted hash used to remember a sensitive value without storing it: "sha256:<salt>:<hex>".
std::string SensitiveHash(const Value& v, const std::string& salt);
bool SensitiveHashMatches(const std::string& hash, const Value& v);

// Human rendering of a value for plans: strings quoted, objects as compact JSON, unknowns as
// "(known after apply)".
std::string RenderValue(const Value& v);

}  // namespace causeway

// Value's destructor, specialised (value_destroy.cc says why). Declared here, next to the alias,
// so that every translation unit that can destroy a Value sees it before any use.
template <>
void nlohmann::basic_json<causeway::SortedMap>::json_value::destroy(nlohmann::detail::value_t t);
