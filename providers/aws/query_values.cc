// Query protocol: XML replies to Values, Values to form parameters.
#include "providers/aws/query_values.h"

#include <cmath>

namespace causeway::aws {

namespace {

void Flatten(const Value& v, const std::string& prefix, QueryParamList* out) {
  if (v.is_object()) {
    for (auto it = v.begin(); it != v.end(); ++it) {
      Flatten(it.value(), prefix.empty() ? it.key() : prefix + "." + it.key(), out);
    }
  } else if (v.is_array()) {
    for (size_t i = 0; i < v.size(); ++i) {
      Flatten(v[i], prefix + ".member." + std::to_string(i + 1), out);
    }
  } else if (v.is_string()) {
    out->emplace_back(prefix, v.get<std::string>());
  } else if (v.is_boolean()) {
    out->emplace_back(prefix, v.get<bool>() ? "true" : "false");
  } else if (v.is_number_float()) {
    double d = v.get<double>();
    bool whole = std::isfinite(d) && d == std::floor(d) && std::fabs(d) < 9.2e18;
    out->emplace_back(prefix, whole ? std::to_string(static_cast<int64_t>(d)) : v.dump());
  } else if (v.is_number()) {
    out->emplace_back(prefix, v.dump());
  }
}

}  // namespace

Value QueryXmlToValue(const pugi::xml_node& element) {
  bool has_children = false, all_members = true;
  for (pugi::xml_node c = element.first_child(); c; c = c.next_sibling()) {
    if (c.type() != pugi::node_element) continue;
    has_children = true;
    if (std::string_view(c.name()) != "member") all_members = false;
  }
  if (!has_children) {
    std::string text;
    for (pugi::xml_node c = element.first_child(); c; c = c.next_sibling()) {
      if (c.type() == pugi::node_pcdata || c.type() == pugi::node_cdata) text += c.value();
    }
    return text.empty() ? Value() : Value(text);
  }
  if (all_members) {
    Value list = Value::array();
    for (pugi::xml_node c = element.child("member"); c; c = c.next_sibling("member")) {
      list.push_back(QueryXmlToValue(c));
    }
    return list;
  }
  Value object = Value::object();
  for (pugi::xml_node c = element.first_child(); c; c = c.next_sibling()) {
    if (c.type() != pugi::node_element || object.contains(c.name())) continue;
    object[c.name()] = QueryXmlToValue(c);
  }
  return object;
}

QueryParamList QueryParams(const Value& body) {
  QueryParamList out;
  Flatten(body, "", &out);
  return out;
}

}  // namespace causeway::aws
