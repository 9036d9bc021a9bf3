// Snowflake's SQL errors as Status values: the Snowflake error code travels as the Status's
// provider_code and the SQLSTATE is derived from it, so each front end can encode an error the
// way its protocol does (SQL API: 422 {code, message, sqlState}; driver: success=false).
//   002003 / 02000  "<Kind> '<name>' does not exist or not authorized."
//   002002 / 42710  "Object '<name>' already exists."
//   001003 / 42000  "syntax error line L at position P unexpected '<token>'."
//   003001 / 42501  "Insufficient privileges to operate on <kind> '<name>'."
//   000002 / 0A000  "Unsupported feature '<what>'."
//   000904 / 42000  "invalid identifier '<name>'"
// Thread-safety: pure functions.
#pragma once

#include <string>

#include "reconciler/core/status.h"

namespace causeway::sandbox::snowflake {

inline constexpr char kCodeDoesNotExist[] = "002003";
inline constexpr char kCodeAlreadyExists[] = "002002";
inline constexpr char kCodeSyntaxError[] = "001003";
inline constexpr char kCodeInsufficientPrivileges[] = "003001";
inline constexpr char kCodeUnsupported[] = "000002";
inline constexpr char kCodeInvalidIdentifier[] = "000904";
inline constexpr char kCodeInvalidValue[] = "002029";
inline constexpr char kCodeStatementCount[] = "000008";

// `kind` as messages name it ("Database", "Table", "Integration").
Status DoesNotExist(const std::string& kind, const std::string& name);
Status AlreadyExists(const std::string& name);
Status InsufficientPrivileges(const std::string& kind, const std::string& name);
// A syntax error at byte `offset` of `sql` ("unexpected '<token text>'" when `what` is empty).
Status SyntaxErrorAt(const std::string& sql, size_t offset, const std::string& what);
Status Unsupported(const std::string& what);
Status InvalidValue(const std::string& message);
Status InvalidIdentifier(const std::string& name);

// The SQLSTATE of a Snowflake error code ("02000" for 002003; "42000" when unknown).
std::string SqlStateOf(const std::string& code);

}  // namespace causeway::sandbox::snowflake
