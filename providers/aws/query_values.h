// The Query protocol (IAM, STS) in terms of Values, so that Query services are read through
// kit::ReplyReader and their request bodies come from attribute tables like JSON services':
//  - QueryXmlToValue decodes a reply element: an element whose children are all <member> is a
//    list, other elements with children are objects (the first of same-named children wins), a
//    text leaf is a string, and an empty element is null (absent: IAM leaves unset members
//    out, and an empty <Description/> or <Tags/> means "none"). Read the result with
//    ReplyReader(..., /*lenient_scalars=*/true): numbers and booleans arrive as text.
//  - QueryParams flattens a body into form parameters: object members become "A.B", list items
//    "A.member.N" (from 1), booleans "true"/"false", whole numbers their digits; null is left out
//    ({"Tags": [{"Key": "k", "Value": "v"}]} -> Tags.member.1.Key=k, Tags.member.1.Value=v).
// Written by hand over pugixml: the mapping is Query's own convention, and no Debian library
// offers XML-to-JSON with <member> lists. Pure functions.
#pragma once

#include <pugixml.hpp>
#include <string>
#include <utility>
#include <vector>

#include "reconciler/core/value.h"

namespace causeway::aws {

using QueryParamList = std::vector<std::pair<std::string, std::string>>;

Value QueryXmlToValue(const pugi::xml_node& element);
QueryParamList QueryParams(const Value& body);

}  // namespace causeway::aws
