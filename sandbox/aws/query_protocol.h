// Helpers for AWS Query-protocol services (IAM, STS): response envelopes, list/structure
// parameter decoding ("Tags.member.1.Key"), MaxItems/Marker pagination and the ValidationError
// messages botocore-style clients see. Thread-safety: free functions.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "sandbox/core/service.h"

namespace causeway::sandbox {

inline constexpr char kIamXmlns[] = "https://iam.amazonaws.com/doc/2010-05-08/";
inline constexpr char kStsXmlns[] = "https://sts.amazonaws.com/doc/2011-06-15/";

// <{action}Response xmlns=..><{action}Result>{result_xml}</{action}Result>
// <ResponseMetadata><RequestId>..</RequestId></ResponseMetadata></{action}Response>.
// With `with_result` false the Result element is omitted (operations with no output shape).
SandboxResponse QueryResponse(const std::string& action, const std::string& xmlns,
                              const std::string& result_xml, const std::string& request_id,
                              bool with_result = true);

// Values of "Prefix.member.1", "Prefix.member.2", ... in index order.
std::vector<std::string> MemberList(const SandboxRequest& request, const std::string& prefix);
// Pairs of "Prefix.member.N.Key"/"Prefix.member.N.Value" in index order.
std::vector<std::pair<std::string, std::string>> KeyValueList(const SandboxRequest& request,
                                                              const std::string& prefix);

// Pagination over an ordered key list. Returns false (and sets *error) when MaxItems or Marker is
// invalid. On success [*begin, *end) is the page and *next_marker is "" when not truncated.
bool Paginate(const std::vector<std::string>& keys, const SandboxRequest& request, size_t* begin,
              size_t* end, std::string* next_marker, std::string* error);

// "1 validation error detected: Value 'x' at 'roleName' failed to satisfy constraint: ..."
std::string ValidationMessage(const std::string& value, const std::string& field,
                              const std::string& constraint);
// Same, for a missing value ("Value null at 'roleName' ... Member must not be null").
std::string MissingValueMessage(const std::string& field);

// IAM name check ([\w+=,.@-]+, 1..max_length characters).
bool IsValidIamName(const std::string& name, size_t max_length);

}  // namespace causeway::sandbox
