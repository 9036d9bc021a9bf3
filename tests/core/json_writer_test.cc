// JsonWriter must write exactly what Value::dump(indent, ' ', false, replace) writes, for every
// kind of value, in compact and pretty form.
#include "reconciler/core/json_writer.h"

#include <gtest/gtest.h>

#include <string>

namespace causeway {
namespace {

std::string Dump(const Value& v, int indent) {
  return v.dump(indent, ' ', false, Value::error_handler_t::replace);
}

Value Sample() {
  Value v = Value::parse(R"({
    "zeta": [1, -2, 3000000000, 18446744073709551615, -9223372036854775808, 0.5, 1e300, -0.0],
    "alpha": {"nested": {"deep": [[], {}, [null], {"k": true}]}, "empty": "", "f": false},
    "Upper": "plain ascii ~ text",
    "quote\"key": "a \"quoted\" \\ backslash",
    "ctrl": "tab\there\nnewline\u0001\u001f",
    "unicode": "é ü 雪 😀",
    "del": "\u007f",
    "arr": [{"a": 1, "b": [2, 3]}, "x", 1.25]
  })");
  v["invalid_utf8"] = std::string("ok\xff\xfe then \xc3");  // replaced, never thrown
  v["key\xff"] = 1;
  return v;
}

TEST(JsonWriterTest, SameTextAsDumpForEveryKindOfValue) {
  const Value v = Sample();
  for (int indent : {-1, 0, 2, 4}) {
    EXPECT_EQ(ToJsonText(v, indent), Dump(v, indent)) << "indent " << indent;
  }
  for (const Value& scalar : {Value(), Value(true), Value(42), Value(-7), Value(0.1), Value("s"),
                              Value::array(), Value::object()}) {
    EXPECT_EQ(ToJsonText(scalar, 2), Dump(scalar, 2));
  }
}

TEST(JsonWriterTest, NestedWriteHonoursTheCurrentIndent) {
  Value v = Value::parse(R"({"a": [1, {"b": 2}]})");
  std::string out;
  JsonWriter w(&out, 2);
  w.Write(v, 6);
  std::string want;
  nlohmann::detail::serializer<Value> ref(nlohmann::detail::output_adapter<char, std::string>(want),
                                          ' ', Value::error_handler_t::replace);
  ref.dump(v, true, false, 2, 6);
  EXPECT_EQ(out, want);
}

}  // namespace
}  // namespace causeway
