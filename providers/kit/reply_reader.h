// ReplyReader: typed, null-safe reads of a cloud's reply (a JSON value, or XML turned into one).
// Every read of a reply in every provider goes through it, so that nothing a server sends can
// abort the process: a member that is absent or null reads as absent (botocore and the other
// SDKs ignore null members), and a member of the wrong type is a ProviderError that names the
// reply's source, the field and what was expected, e.g.
//   "glue GetDatabases: DatabaseList[3].Parameters: expected an object, got a string".
// Paths are '/'-separated member names; a number segment indexes a list ("Items/0/Name").
// Lenient scalars (for replies decoded from XML, where every leaf is text): a string is accepted
// where a number, an integer or a boolean is expected when it spells one.
// Thread-safety: a reader is a view of a Value that must outlive it; const methods only.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "providers/schema.h"
#include "reconciler/core/status.h"
#include "reconciler/core/value.h"

namespace causeway::kit {

class ReplyReader {
 public:
  // `source` names the reply for messages: "athena GetWorkGroup".
  ReplyReader(const Value& root, std::string source, bool lenient_scalars = false);

  const Value& root() const { return *root_; }
  const std::string& source() const { return source_; }

  // The member at `path`, or nullptr when it (or a parent) is absent or null. A parent of the
  // wrong type (a string where an object was needed) is an error.
  Result<const Value*> Find(std::string_view path) const;

  // Typed reads: nullopt when absent or null; an error when present with another type.
  Result<std::optional<std::string>> String(std::string_view path) const;
  Result<std::optional<int64_t>> Integer(std::string_view path) const;
  Result<std::optional<double>> Number(std::string_view path) const;
  Result<std::optional<bool>> Bool(std::string_view path) const;
  // An object / a list, or nullptr when absent or null.
  Result<const Value*> Object(std::string_view path) const;
  Result<const Value*> List(std::string_view path) const;

  // With a fallback for absent or null members.
  Result<std::string> StringOr(std::string_view path, std::string fallback) const;
  Result<bool> BoolOr(std::string_view path, bool fallback) const;
  // The string at `path`, or an error naming the field when it is absent or null: what a reply
  // cannot leave out (the name of a listed item, the key of a tag).
  Result<std::string> RequiredString(std::string_view path) const;

  // The member at `path` checked against an attribute type (kString, kInteger, ... kObject),
  // converted for lenient scalars; a null Value when absent or null.
  Result<Value> Typed(std::string_view path, AttrType type) const;

  // A reader of the object at `path` (an empty object when absent), for nested reads whose
  // errors name the full path.
  Result<ReplyReader> At(std::string_view path) const;
  // Calls `each` with a reader of every item of the list at `path` (none when absent or null);
  // stops at the first error.
  Status ForEach(std::string_view path,
                 const std::function<Status(const ReplyReader&)>& each) const;

  // How messages name the member at `path` within the whole reply ("DatabaseList[3].Name"), for
  // callers that convert a value and report what they could not convert.
  std::string Where(std::string_view path) const;

 private:
  ReplyReader(const Value& root, std::string source, std::string prefix, bool lenient);
  Status WrongType(std::string_view path, const char* expected, const Value& got) const;

  const Value* root_;
  std::string source_;
  std::string prefix_;  // path of root_ within the whole reply, for messages ("DatabaseList[3]")
  bool lenient_;
};

// The JSON type name of `v` for messages: "a string", "a number", "null", ...
std::string DescribeJsonType(const Value& v);

}  // namespace causeway::kit
