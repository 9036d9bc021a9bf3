// IAM policy documents on the provider side: reading them as IAM returns them (URL-encoded JSON
// text), writing them as IAM expects them (JSON text), and the canonical form the engine compares
// (the Normalizer of every policy-valued attribute: assume_role_policy, policy).
//
// Canonical form (NormalizePolicyDocument), so that a re-plan after apply is a no-op:
//  - a JSON string (a policy written as text, or URL-encoded as IAM returns it) is parsed first;
//  - "Version" defaults to "2012-10-17"; "Statement" is always a list, sorted by canonical JSON
//    (statement order does not matter); an empty "Sid" is dropped;
//  - Action / NotAction / Resource / NotResource are sorted, de-duplicated lists (a string equals
//    a one-element list); action names are lower-cased (IAM matches them case-insensitively);
//  - Principal / NotPrincipal: "*" equals {"AWS": "*"}; every principal value is a sorted list;
//    an AWS account id "123456789012" equals "arn:aws:iam::123456789012:root" (IAM rewrites it);
//  - Condition: condition keys lower-cased (case-insensitive in IAM), each value a sorted list of
//    strings (true/1 become "true"/"1", as IAM compares them as strings).
// Anything that is not a policy-shaped object is returned unchanged. Never throws.
// Thread-safety: free functions.
#pragma once

#include <string>

#include "reconciler/core/status.h"
#include "reconciler/core/value.h"

namespace causeway::aws {

// Percent-decoding of %XX sequences ('+' is kept: IAM encodes a literal plus as %2B).
std::string UrlDecode(const std::string& s);

// A document as IAM returns it in XML (URL-encoded JSON text). InvalidArgument when it is not
// JSON even after decoding, or is JSON but not an object.
Result<Value> ParseIamPolicyDocument(const std::string& encoded);

// The JSON text to send for a policy attribute: a string is sent as written, an object as compact
// JSON. InvalidArgument for other types.
Result<std::string> PolicyDocumentText(const Value& policy, const std::string& attribute);

// The canonical form described above. Pure and idempotent.
Value NormalizePolicyDocument(const Value& policy);

// True when two documents are equal in canonical form.
bool PolicyDocumentsEqual(const Value& a, const Value& b);

}  // namespace causeway::aws
