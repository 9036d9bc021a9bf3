// Nested fields: list-of-objects and object converters from field rows.
#include "providers/kit/nested_fields.h"

#include <memory>
#include <string>

namespace causeway::kit {

namespace {

using Fields = std::shared_ptr<const AttributeTable>;

Value ItemToWire(const AttributeTable& fields, const Value& item) {
  return fields.CreateBody(item);
}

// Reads one object; `where` names it in messages ("[2]", or "" for a lone object), which continue
// the path of the member it was read from (attribute_table.h, Convert).
Result<Value> ItemFromWire(const AttributeTable& fields, const Value& item,
                           const std::string& where) {
  if (!item.is_object()) {
    return Status::ProviderError((where.empty() ? "" : where + ": ") + "expected an object, got " +
                                 DescribeJsonType(item));
  }
  Value attrs = Value::object(), outputs = Value::object();
  // A reader with no source: its messages start ": Field...", which become "[2].Field...".
  Status read = fields.Read(ReplyReader(item, ""), &attrs, &outputs);
  if (!read.ok()) {
    std::string field = read.message().substr(read.message().rfind(": ", 0) == 0 ? 2 : 0);
    return Status::ProviderError(where + "." + field);
  }
  Value out = Value::object();
  for (const auto& row : fields.rows()) {
    auto it = attrs.find(row.name());
    if (it == attrs.end() || it->is_null()) continue;
    if (IsEmptyValue(*it) && !row.schema().required) continue;
    out[row.name()] = *it;
  }
  return out;
}

}  // namespace

ToWire ListToWire(const std::vector<Attribute>& fields) {
  Fields table = std::make_shared<const AttributeTable>(fields);
  return [table](const Value& v) {
    Value out = Value::array();
    if (!v.is_array()) return out;
    for (const auto& item : v) out.push_back(ItemToWire(*table, item));
    return out;
  };
}

FromWire ListFromWire(const std::vector<Attribute>& fields) {
  Fields table = std::make_shared<const AttributeTable>(fields);
  return [table](const Value& v) -> Result<Value> {
    if (!v.is_array()) {
      return Status::ProviderError("expected a list, got " + DescribeJsonType(v));
    }
    Value out = Value::array();
    for (size_t i = 0; i < v.size(); ++i) {
      CW_ASSIGN_OR_RETURN(Value item, ItemFromWire(*table, v[i], "[" + std::to_string(i) + "]"));
      out.push_back(std::move(item));
    }
    return out;
  };
}

ToWire ObjectToWire(const std::vector<Attribute>& fields) {
  Fields table = std::make_shared<const AttributeTable>(fields);
  return [table](const Value& v) { return ItemToWire(*table, v); };
}

FromWire ObjectFromWire(const std::vector<Attribute>& fields) {
  Fields table = std::make_shared<const AttributeTable>(fields);
  return [table](const Value& v) { return ItemFromWire(*table, v, ""); };
}

}  // namespace causeway::kit
