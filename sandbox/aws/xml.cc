// XmlBuilder.
#include "sandbox/aws/xml.h"

namespace causeway::sandbox {

XmlBuilder::XmlBuilder(bool declaration) {
  if (declaration) out_ = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
}

XmlBuilder& XmlBuilder::Open(const std::string& name,
                             const std::vector<std::pair<std::string, std::string>>& attributes) {
  out_ += "<" + name;
  for (const auto& [k, v] : attributes) out_ += " " + k + "=\"" + XmlEscape(v) + "\"";
  out_ += ">";
  open_.push_back(name);
  return *this;
}

XmlBuilder& XmlBuilder::Close() {
  if (open_.empty()) return *this;
  out_ += "</" + open_.back() + ">";
  open_.pop_back();
  return *this;
}

XmlBuilder& XmlBuilder::Leaf(const std::string& name, const std::string& text) {
  out_ += "<" + name + ">" + XmlEscape(text) + "</" + name + ">";
  return *this;
}

XmlBuilder& XmlBuilder::LeafIfNotEmpty(const std::string& name, const std::string& text) {
  if (!text.empty()) Leaf(name, text);
  return *this;
}

XmlBuilder& XmlBuilder::Text(const std::string& text) {
  out_ += XmlEscape(text);
  return *this;
}

XmlBuilder& XmlBuilder::Raw(const std::string& xml) {
  out_ += xml;
  return *this;
}

std::string XmlBuilder::str() {
  while (!open_.empty()) Close();
  return out_;
}

}  // namespace causeway::sandbox
