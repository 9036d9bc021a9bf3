// IsUtf8 over simdjson's validator, which picks the widest SIMD routine the CPU has.
#include "reconciler/core/utf8.h"

#include <simdjson.h>

namespace causeway {

bool IsUtf8(std::string_view bytes) { return simdjson::validate_utf8(bytes.data(), bytes.size()); }

}  // namespace causeway
