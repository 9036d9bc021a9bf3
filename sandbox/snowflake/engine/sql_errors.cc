// Snowflake's SQL errors: messages and SQLSTATEs.
#include "sandbox/snowflake/engine/sql_errors.h"

#include <algorithm>

namespace causeway::sandbox::snowflake {

namespace {

Status Compilation(StatusCode code, const std::string& message, const char* sf_code) {
  return Status(code, "SQL compilation error:\n" + message, sf_code);
}

}  // namespace

Status DoesNotExist(const std::string& kind, const std::string& name) {
  return Compilation(StatusCode::kNotFound,
                     kind + " '" + name + "' does not exist or not authorized.", kCodeDoesNotExist);
}

Status AlreadyExists(const std::string& name) {
  return Compilation(StatusCode::kConflict, "Object '" + name + "' already exists.",
                     kCodeAlreadyExists);
}

Status InsufficientPrivileges(const std::string& kind, const std::string& name) {
  std::string lower = kind;
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return Status(StatusCode::kPermissionDenied,
                "SQL access control error:\nInsufficient privileges to operate on " + lower + " '" +
                    name + "'",
                kCodeInsufficientPrivileges);
}

Status SyntaxErrorAt(const std::string& sql, size_t offset, const std::string& what) {
  size_t line = 1, col = 0;
  for (size_t i = 0; i < offset && i < sql.size(); ++i) {
    if (sql[i] == '\n') {
      ++line;
      col = 0;
    } else {
      ++col;
    }
  }
  std::string detail = what;
  if (detail.empty()) {
    if (offset >= sql.size()) {
      detail = "unexpected '<EOF>'";
    } else {
      size_t end = offset;
      while (end < sql.size() && end - offset < 32 && sql[end] != ' ' && sql[end] != '\n') ++end;
      detail = "unexpected '" + sql.substr(offset, std::max<size_t>(end - offset, 1)) + "'";
    }
  }
  return Compilation(StatusCode::kInvalidArgument,
                     "syntax error line " + std::to_string(line) + " at position " +
                         std::to_string(col) + " " + detail + ".",
                     kCodeSyntaxError);
}

Status Unsupported(const std::string& what) {
  return Compilation(StatusCode::kInvalidArgument, "Unsupported feature '" + what + "'.",
                     kCodeUnsupported);
}

Status InvalidValue(const std::string& message) {
  return Compilation(StatusCode::kInvalidArgument, message, kCodeInvalidValue);
}

Status InvalidIdentifier(const std::string& name) {
  return Compilation(StatusCode::kInvalidArgument, "invalid identifier '" + name + "'",
                     kCodeInvalidIdentifier);
}

std::string SqlStateOf(const std::string& code) {
  if (code == kCodeDoesNotExist) return "02000";
  if (code == kCodeAlreadyExists) return "42710";
  if (code == kCodeInsufficientPrivileges) return "42501";
  if (code == kCodeUnsupported) return "0A000";
  if (code == kCodeInvalidValue) return "22023";
  return "42000";
}

}  // namespace causeway::sandbox::snowflake
