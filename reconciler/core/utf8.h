// IsUtf8: whether bytes are well-formed UTF-8 (RFC 3629: no overlong forms, no surrogates,
// nothing above U+10FFFF). Text that enters a Value must be, because every JSON writer
// (state, plan, journal, logs) refuses or mangles anything else. Validation is simdjson's.
#pragma once

#include <string_view>

namespace causeway {

bool IsUtf8(std::string_view bytes);

}  // namespace causeway
