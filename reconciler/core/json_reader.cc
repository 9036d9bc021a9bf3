// ParseJson: simdjson's DOM turned into a Value; Value::parse for what simdjson refuses.
#include "reconciler/core/json_reader.h"

#include <simdjson.h>

#include <string>
#include <utility>

namespace causeway {

// simdjson's DOM nests at most simdjson::DEFAULT_MAX_DEPTH (1024) levels, which bounds this
// recursion.
Value ValueFromJson(simdjson::dom::element e) {
  using simdjson::dom::element_type;
  switch (e.type()) {
    case element_type::ARRAY: {
      simdjson::dom::array a = e.get_array().value_unsafe();
      Value out = Value::array();
      auto& items = out.get_ref<Value::array_t&>();
      items.reserve(a.size());
      for (simdjson::dom::element child : a) items.push_back(ValueFromJson(child));
      return out;
    }
    case element_type::OBJECT: {
      simdjson::dom::object o = e.get_object().value_unsafe();
      Value out = Value::object();
      auto& members = out.get_ref<Value::object_t&>();
      members.reserve(o.size());
      for (simdjson::dom::key_value_pair field : o) {
        // operator[] then assignment: of duplicate keys the last wins, as in Value::parse.
        members[std::string(field.key)] = ValueFromJson(field.value);
      }
      return out;
    }
    case element_type::INT64: {
      int64_t n = e.get_int64().value_unsafe();
      // Value::parse keeps every non-negative integer as number_unsigned.
      if (n >= 0) return Value(static_cast<uint64_t>(n));
      return Value(n);
    }
    case element_type::UINT64:
      return Value(e.get_uint64().value_unsafe());
    case element_type::DOUBLE:
      return Value(e.get_double().value_unsafe());
    case element_type::STRING: {
      std::string_view s = e.get_string().value_unsafe();
      return Value(std::string(s));
    }
    case element_type::BOOL:
      return Value(e.get_bool().value_unsafe());
    case element_type::NULL_VALUE:
      break;
  }
  return Value();
}

Result<Value> ParseJson(std::string_view text) {
  simdjson::dom::parser parser;
  simdjson::dom::element root;
  if (parser.parse(text.data(), text.size()).get(root) == simdjson::SUCCESS) {
    return ValueFromJson(root);
  }
  try {
    return Value::parse(text);
  } catch (const Value::parse_error& e) {
    return Status::InvalidArgument(e.what());
  }
}

}  // namespace causeway
