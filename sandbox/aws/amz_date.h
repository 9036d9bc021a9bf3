// X-Amz-Date timestamps ("yyyymmddThhmmssZ"), as SigV4 signs and checks them.
// Thread-safety: pure functions.
#pragma once

#include <chrono>
#include <string>

namespace causeway::sandbox {

// Parses "yyyymmddThhmmssZ" (X-Amz-Date); false on malformed input.
bool ParseAmzDate(const std::string& text, std::chrono::system_clock::time_point* out);
// Formats as "yyyymmddThhmmssZ".
std::string AmzDate(std::chrono::system_clock::time_point t);

}  // namespace causeway::sandbox
