// DecodeXmlReply: REST-XML replies as Values for ReplyReader: named elements always lists, empty
// elements absent, text as text, and clean errors for what is not XML or nests without end.
#include "providers/aws/xml_reply.h"

#include <gtest/gtest.h>

#include "providers/kit/reply_reader.h"

namespace causeway::aws {
namespace {

TEST(XmlReplyTest, ElementsBecomeObjectsListsAndText) {
  struct Case {
    std::string reason;
    std::string xml;
    Value want;
  } cases[] = {
      {"a one-item list is still a list",
       "<R xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><Items><Item><Name>a</Name></Item>"
       "</Items></R>",
       {{"R", {{"Items", {{"Item", Value::array({{{"Name", "a"}}})}}}}}}},
      {"same-named siblings of a list element keep their order",
       "<R><Item>1</Item><Other>x</Other><Item>2</Item></R>",
       {{"R", {{"Item", {"1", "2"}}, {"Other", "x"}}}}},
      {"an empty element reads as absent (null)",
       "<R><Status/><Name></Name></R>",
       {{"R", {{"Status", nullptr}, {"Name", nullptr}}}}},
      {"indentation is not text", "<R>\n  <Name>a b</Name>\n</R>\n", {{"R", {{"Name", "a b"}}}}},
      {"CDATA is text", "<R><Name><![CDATA[<x>]]></Name></R>", {{"R", {{"Name", "<x>"}}}}},
      {"the first of repeated members wins",
       "<R><Name>a</Name><Name>b</Name></R>",
       {{"R", {{"Name", "a"}}}}},
  };
  for (const auto& c : cases) {
    auto v = DecodeXmlReply(c.xml, "s3 Test", {"Item"});
    ASSERT_TRUE(v.ok()) << c.reason << ": " << v.status().ToString();
    EXPECT_EQ(*v, c.want) << c.reason;
  }
}

TEST(XmlReplyTest, ReadThroughAReplyReaderWrongShapesNameTheField) {
  auto v = DecodeXmlReply("<R><Items>oops</Items><Count>3</Count></R>", "s3 Test", {"Item"});
  ASSERT_TRUE(v.ok());
  kit::ReplyReader r(*v, "s3 Test", /*lenient_scalars=*/true);
  EXPECT_EQ(**r.Integer("R/Count"), 3);
  Status s = r.ForEach("R/Items/Item", [](const kit::ReplyReader&) { return Status::Ok(); });
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.message(), "s3 Test: R.Items: expected an object, got a string");
}

TEST(XmlReplyTest, WhatIsNotXmlIsAnError) {
  for (const std::string body : {"", "{}", "<R><Open></R>", "just text"}) {
    auto v = DecodeXmlReply(body, "s3 ListBuckets", {});
    ASSERT_FALSE(v.ok()) << body;
    EXPECT_EQ(v.status().code(), StatusCode::kProviderError) << body;
    EXPECT_EQ(v.status().message(), "s3 ListBuckets: the response is not XML") << body;
  }
  std::string deep;
  for (int i = 0; i < 200; ++i) deep += "<a>";
  for (int i = 0; i < 200; ++i) deep += "</a>";
  auto v = DecodeXmlReply(deep, "s3 Test", {});
  ASSERT_FALSE(v.ok()) << "a reply nested without end is refused, not recursed into";
  EXPECT_NE(v.status().message().find("nests deeper than"), std::string::npos);
}

}  // namespace
}  // namespace causeway::aws
