// What every Unity Catalog handler checks and stamps the same way: securable names (lower-cased;
// no period, space, slash or control character, as Databricks refuses them), optional string,
// boolean and property-map fields of a request body, and the owner / created_* / updated_*
// fields Databricks adds to every object (milliseconds since the epoch, the caller's name).
// Thread-safety: pure functions.
#pragma once

#include <optional>
#include <string>

#include "reconciler/core/value.h"
#include "sandbox/core/service.h"

namespace causeway::sandbox {

// Reads the required name `field` of `body` into *name, lower-cased; the error reply
// (INVALID_PARAMETER_VALUE) when it is missing, not a string or not a valid name.
std::optional<SandboxResponse> ReadUcName(const Value& body, const std::string& field,
                                          std::string* name);
// Checks that the optional members `fields` of `body` are strings.
std::optional<SandboxResponse> CheckUcStrings(const Value& body,
                                              std::initializer_list<const char*> fields);
// Checks that the optional members `fields` of `body` are booleans.
std::optional<SandboxResponse> CheckUcBooleans(const Value& body,
                                               std::initializer_list<const char*> fields);
// Checks that the optional "properties" of `body` maps strings to strings.
std::optional<SandboxResponse> CheckUcProperties(const Value& body);

// Copies the members `fields` of `from` that are present into *to; a "" string or an empty
// object removes the member instead, as Databricks omits empty fields.
void CopyUcFields(const Value& from, std::initializer_list<const char*> fields, Value* to);

// Sets owner, created_at, created_by, updated_at and updated_by on a new object.
void StampUcCreated(const SandboxRequest& request, SandboxContext& context, Value* info);
// Sets updated_at and updated_by.
void StampUcUpdated(const SandboxRequest& request, SandboxContext& context, Value* info);

// Whether the query parameter `force` is "true".
bool UcForce(const SandboxRequest& request);

// RESOURCE_DOES_NOT_EXIST "<Kind> '<name>' does not exist.", Databricks' wording.
SandboxResponse UcNotFound(const std::string& kind, const std::string& name);
// RESOURCE_ALREADY_EXISTS "<Kind> '<name>' already exists".
SandboxResponse UcAlreadyExists(const std::string& kind, const std::string& name);
// INVALID_PARAMETER_VALUE with `message`.
SandboxResponse UcInvalid(const std::string& message);

}  // namespace causeway::sandbox
