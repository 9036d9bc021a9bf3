// Random identifiers the emulators hand out: cloud-style ids with a prefix, secrets and request
// UUIDs. Thread-safety: all functions are thread-safe (one locked generator).
#pragma once

#include <string>

namespace causeway::sandbox {

// Random upper-case alphanumeric id with a prefix, like IAM unique ids:
// RandomId("AROA", 17) -> "AROAX4KJ2M5QW7ZP3LNBT".
std::string RandomId(const std::string& prefix, int length);
// Random string over [A-Za-z0-9/+] (secret access keys, session tokens).
std::string RandomSecret(int length);
// Random RFC 4122 version-4 UUID, lower case ("c1a7..."): request ids, Athena query ids.
std::string NewUuid();

}  // namespace causeway::sandbox
