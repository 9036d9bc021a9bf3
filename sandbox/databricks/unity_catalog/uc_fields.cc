// Unity Catalog field checks, audit stamps and error wording.
#include "sandbox/databricks/unity_catalog/uc_fields.h"

#include <chrono>

#include "reconciler/core/ascii.h"
#include "sandbox/databricks/errors.h"

namespace causeway::sandbox {

namespace {

int64_t NowMillis(SandboxContext& context) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(context.Now().time_since_epoch())
      .count();
}

}  // namespace

std::optional<SandboxResponse> ReadUcName(const Value& body, const std::string& field,
                                          std::string* name) {
  auto it = body.find(field);
  if (it == body.end() || !it->is_string() || it->get<std::string>().empty()) {
    return UcInvalid("Missing required field: " + field);
  }
  const std::string text = it->get<std::string>();
  for (unsigned char c : text) {
    if (c == '.' || c == ' ' || c == '/' || c < 0x20 || c == 0x7f) {
      return UcInvalid("Invalid name '" + text + "' for " + field +
                       ": names may not contain a period, space, forward slash or control "
                       "character.");
    }
  }
  if (text.size() > 255) return UcInvalid("Name '" + text + "' is longer than 255 characters.");
  *name = Lower(text);
  return std::nullopt;
}

std::optional<SandboxResponse> CheckUcStrings(const Value& body,
                                              std::initializer_list<const char*> fields) {
  for (const char* f : fields) {
    if (body.contains(f) && !body[f].is_string() && !body[f].is_null()) {
      return UcInvalid(std::string("Field ") + f + " must be a string.");
    }
  }
  return std::nullopt;
}

std::optional<SandboxResponse> CheckUcBooleans(const Value& body,
                                               std::initializer_list<const char*> fields) {
  for (const char* f : fields) {
    if (body.contains(f) && !body[f].is_boolean() && !body[f].is_null()) {
      return UcInvalid(std::string("Field ") + f + " must be a boolean.");
    }
  }
  return std::nullopt;
}

std::optional<SandboxResponse> CheckUcProperties(const Value& body) {
  if (!body.contains("properties") || body["properties"].is_null()) return std::nullopt;
  const Value& p = body["properties"];
  if (!p.is_object()) return UcInvalid("Field properties must be a map of strings.");
  for (const auto& [key, value] : p.items()) {
    if (!value.is_string()) return UcInvalid("Property '" + key + "' must be a string.");
  }
  return std::nullopt;
}

void CopyUcFields(const Value& from, std::initializer_list<const char*> fields, Value* to) {
  for (const char* f : fields) {
    if (!from.contains(f)) continue;
    const Value& v = from[f];
    bool empty = v.is_null() || (v.is_string() && v.get<std::string>().empty()) ||
                 (v.is_object() && v.empty());
    if (empty) {
      to->erase(f);
    } else {
      (*to)[f] = v;
    }
  }
}

void StampUcCreated(const SandboxRequest& request, SandboxContext& context, Value* info) {
  const int64_t now = NowMillis(context);
  (*info)["owner"] = request.principal.name;
  (*info)["created_at"] = now;
  (*info)["created_by"] = request.principal.name;
  (*info)["updated_at"] = now;
  (*info)["updated_by"] = request.principal.name;
}

void StampUcUpdated(const SandboxRequest& request, SandboxContext& context, Value* info) {
  (*info)["updated_at"] = NowMillis(context);
  (*info)["updated_by"] = request.principal.name;
}

bool UcForce(const SandboxRequest& request) { return Lower(request.QueryParam("force")) == "true"; }

SandboxResponse UcNotFound(const std::string& kind, const std::string& name) {
  return DatabricksError(kDbxDoesNotExist, kind + " '" + name + "' does not exist.");
}

SandboxResponse UcAlreadyExists(const std::string& kind, const std::string& name) {
  return DatabricksError(kDbxAlreadyExists, kind + " '" + name + "' already exists");
}

SandboxResponse UcInvalid(const std::string& message) {
  return DatabricksError(kDbxInvalidParameter, message);
}

}  // namespace causeway::sandbox
