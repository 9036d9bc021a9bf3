// Status and Result<T>: errors as values, leveldb-style. Every fallible call in Causeway returns
// one of these; exceptions never cross a module boundary. A Status carries a code a caller can
// branch on, a message a user can act on and, for a cloud's refusal, the cloud's own error code
// (`provider_code`: "NoSuchEntity", "002003", "RESOURCE_DOES_NOT_EXIST") so that callers branch on
// it without parsing the message. Thread-safety: plain values, copy freely.
#pragma once

#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>
#include <utility>
#include <variant>

namespace causeway {

enum class StatusCode {
  kOk = 0,
  kNotFound,         // an answer, not a failure: the thing does not exist
  kInvalidArgument,  // bad input from the user (manifest, CLI flag, plan file)
  kConflict,         // already exists, lock held, state moved since the plan
  kIOError,          // filesystem, network
  kProviderError,    // a provider call failed after its retries
  kCorruption,       // a file we wrote cannot be read back
  kUnavailable,      // throttled / temporarily unavailable (retryable)
  kPermissionDenied,
  kAborted,          // refused by the user or by a safety rule
  kInternal,
};

const char* StatusCodeName(StatusCode code);

class [[nodiscard]] Status {
 public:
  Status() = default;
  Status(StatusCode code, std::string message) : code_(code), message_(std::move(message)) {}
  Status(StatusCode code, std::string message, std::string provider_code)
      : code_(code), message_(std::move(message)), provider_code_(std::move(provider_code)) {}

  static Status Ok() { return Status(); }
  static Status NotFound(std::string m) { return {StatusCode::kNotFound, std::move(m)}; }
  static Status InvalidArgument(std::string m) { return {StatusCode::kInvalidArgument, std::move(m)}; }
  static Status Conflict(std::string m) { return {StatusCode::kConflict, std::move(m)}; }
  static Status IOError(std::string m) { return {StatusCode::kIOError, std::move(m)}; }
  static Status ProviderError(std::string m) { return {StatusCode::kProviderError, std::move(m)}; }
  static Status Corruption(std::string m) { return {StatusCode::kCorruption, std::move(m)}; }
  static Status Unavailable(std::string m) { return {StatusCode::kUnavailable, std::move(m)}; }
  static Status PermissionDenied(std::string m) { return {StatusCode::kPermissionDenied, std::move(m)}; }
  static Status Aborted(std::string m) { return {StatusCode::kAborted, std::move(m)}; }
  static Status Internal(std::string m) { return {StatusCode::kInternal, std::move(m)}; }

  bool ok() const { return code_ == StatusCode::kOk; }
  bool IsNotFound() const { return code_ == StatusCode::kNotFound; }
  StatusCode code() const { return code_; }
  const std::string& message() const { return message_; }
  // The cloud's own error code when a provider call was refused ("NoSuchEntity", "002003",
  // "RESOURCE_DOES_NOT_EXIST"); "" for every other error.
  const std::string& provider_code() const { return provider_code_; }
  // "NotFound: role x does not exist" or "OK".
  std::string ToString() const;
  // Returns a copy whose message is prefixed with `context: ` (the provider code is kept).
  Status WithContext(const std::string& context) const;

 private:
  StatusCode code_ = StatusCode::kOk;
  std::string message_;
  std::string provider_code_;
};

// Result<T>: either a value or a non-OK Status.
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : value_(std::move(value)) {}  // NOLINT(implicit)
  Result(Status status) : status_(std::move(status)) {}  // NOLINT(implicit)

  bool ok() const { return value_.has_value(); }
  const Status& status() const { return status_; }
  // Reading the value of an error is a bug in the caller: it aborts with the error's text rather
  // than reading an empty optional (undefined behaviour). One predictable branch; always on.
  T& value() & {
    Check();
    return *value_;
  }
  const T& value() const& {
    Check();
    return *value_;
  }
  T&& value() && {
    Check();
    return std::move(*value_);
  }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

 private:
  void Check() const {
    if (!value_.has_value()) [[unlikely]] {
      std::fprintf(stderr, "causeway: internal error: the value of a failed Result was read (%s)\n",
                   status_.ToString().c_str());
      std::abort();
    }
  }

  std::optional<T> value_;
  Status status_;
};

}  // namespace causeway

// Propagate a non-OK Status from an expression returning Status.
#define CW_RETURN_IF_ERROR(expr)                 \
  do {                                           \
    ::causeway::Status cw_status_ = (expr);      \
    if (!cw_status_.ok()) return cw_status_;     \
  } while (0)

#define CW_CONCAT_INNER_(a, b) a##b
#define CW_CONCAT_(a, b) CW_CONCAT_INNER_(a, b)
// CW_ASSIGN_OR_RETURN(auto x, ExprReturningResult());
#define CW_ASSIGN_OR_RETURN(lhs, expr) CW_ASSIGN_OR_RETURN_IMPL_(CW_CONCAT_(cw_result_, __LINE__), lhs, expr)
#define CW_ASSIGN_OR_RETURN_IMPL_(tmp, lhs, expr) \
  auto tmp = (expr);                              \
  if (!tmp.ok()) return tmp.status();             \
  lhs = std::move(tmp).value()
