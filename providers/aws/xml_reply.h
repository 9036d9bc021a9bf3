// DecodeXmlReply: a REST-XML reply (S3) turned into a Value, so that it is read like every JSON
// reply: through kit::ReplyReader with lenient scalars (numbers and booleans arrive as text), where
// an absent or empty element reads as absent and a wrong shape is a ProviderError naming the
// operation and the field ("s3 ListBuckets: ListAllMyBucketsResult.Buckets.Bucket[2].Name: ...").
// Decoding: the document element becomes {"<name>": <value>}; an element with child elements is an
// object of them (the first of same-named siblings wins); elements whose names are in `lists` are
// gathered with their same-named siblings into a list under that name, since XML cannot tell a
// one-item list from a member; an element with text only is a string; an empty one is null.
// Written by hand: pugixml parses, and no Debian-packaged library maps XML to nlohmann JSON.
// Thread-safety: pure function.
#pragma once

#include <set>
#include <string>

#include "reconciler/core/status.h"
#include "reconciler/core/value.h"

namespace causeway::aws {

// ProviderError "<source>: the response is not XML" when `body` does not parse.
Result<Value> DecodeXmlReply(const std::string& body, const std::string& source,
                             const std::set<std::string>& lists);

}  // namespace causeway::aws
