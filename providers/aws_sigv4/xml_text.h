// XmlEscape: text made safe for XML element content and attribute values. Shared by the AWS
// provider's REST-XML request bodies and the sandbox's XML responses; parsing goes through
// pugixml. Thread-safety: pure function.
#pragma once

#include <string>

namespace causeway {

// Escapes &, <, >, " and '.
std::string XmlEscape(const std::string& text);

}  // namespace causeway
