// The YAML tree built from yaml-cpp's parser events: shapes, tags, marks, aliases, duplicate
// keys, document splitting and errors, checked against what yaml-cpp's own YAML::Node reports
// for the same text (the tree must be a drop-in replacement for the loader).
#include "manifests/yaml_tree.h"

#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <string>

namespace causeway {
namespace {

// Compares our node with yaml-cpp's, recursively: type, scalar, tag, mark and children.
void ExpectSame(const YamlNode& ours, const YAML::Node& theirs, const std::string& path) {
  ASSERT_EQ(ours.IsNull(), theirs.IsNull()) << path;
  ASSERT_EQ(ours.IsScalar(), theirs.IsScalar()) << path;
  ASSERT_EQ(ours.IsSequence(), theirs.IsSequence()) << path;
  ASSERT_EQ(ours.IsMap(), theirs.IsMap()) << path;
  if (theirs.IsNull()) return;
  EXPECT_EQ(ours.Mark().line, theirs.Mark().line) << path;
  EXPECT_EQ(ours.Mark().column, theirs.Mark().column) << path;
  EXPECT_EQ(ours.Tag(), theirs.Tag()) << path;
  if (theirs.IsScalar()) {
    EXPECT_EQ(ours.Scalar(), theirs.Scalar()) << path;
    return;
  }
  ASSERT_EQ(ours.size(), theirs.size()) << path;
  auto o = ours.begin();
  size_t i = 0;
  for (auto t = theirs.begin(); t != theirs.end(); ++t, ++o, ++i) {
    std::string p = path + "/" + std::to_string(i);
    if (theirs.IsSequence()) {
      ExpectSame(*o, *t, p);
    } else {
      ExpectSame(o->first, t->first, p + "(key)");
      ExpectSame(o->second, t->second, p);
    }
  }
}

TEST(YamlTreeTest, MatchesYamlCppNodeForEveryShape) {
  const std::string text =
      "kind: mem.role\n"
      "name: r\n"
      "spec:\n"
      "  plain: text\n"
      "  quoted: 'q'\n"
      "  double: \"d\"\n"
      "  tagged: !!str 42\n"
      "  number: 42\n"
      "  empty:\n"
      "  tilde: ~\n"
      "  word_null: null\n"
      "  block: |\n"
      "    line one\n"
      "    line two\n"
      "  flow_map: { a: 1, b: [x, y] }\n"
      "  seq:\n"
      "    - one\n"
      "    - { k: v }\n"
      "    - - nested\n"
      "  anchored: &a { x: 1 }\n"
      "  alias: *a\n"
      "  dup: 1\n"
      "  dup: 2\n"
      "  ? [complex, key]\n"
      "  : value\n";
  YamlStream ours = ParseYamlStream(text);
  ASSERT_FALSE(ours.error);
  ASSERT_EQ(ours.documents.size(), 1u);
  ExpectSame(ours.documents[0].root, YAML::Load(text), "");
}

TEST(YamlTreeTest, AliasesShareTheAnchoredNode) {
  YamlStream s = ParseYamlStream("a: &x [1, 2]\nb: *x\n");
  ASSERT_FALSE(s.error);
  const YamlNode root = s.documents[0].root;
  auto it = root.begin();
  const YamlNode a = it->second;
  const YamlNode b = (++it)->second;
  ASSERT_TRUE(b.IsSequence());
  EXPECT_EQ(b.size(), 2u);
  EXPECT_EQ(b.begin()->Scalar(), "1");
  EXPECT_EQ(a.Mark().line, b.Mark().line) << "an alias is its anchor's node, as in yaml-cpp";
}

TEST(YamlTreeTest, SplitsDocumentsLikeLoadAll) {
  const std::string text = "a: 1\n---\n---\nb: [x]\n---\n- 3\n";
  YamlStream ours = ParseYamlStream(text);
  ASSERT_FALSE(ours.error);
  std::vector<YAML::Node> theirs = YAML::LoadAll(text);
  ASSERT_EQ(ours.documents.size(), theirs.size());
  for (size_t i = 0; i < theirs.size(); ++i) {
    ExpectSame(ours.documents[i].root, theirs[i], "doc" + std::to_string(i));
  }
  EXPECT_TRUE(ours.documents[1].root.IsNull()) << "an empty document is a null";
}

TEST(YamlTreeTest, SyntaxErrorReportsYamlCppsMessageAndMarkAndNoDocuments) {
  const std::string text = "a: 1\n---\nb: [unclosed\nc: 2\n";
  YamlStream ours = ParseYamlStream(text);
  ASSERT_TRUE(ours.error);
  EXPECT_TRUE(ours.documents.empty()) << "a syntax error ends the file";
  EXPECT_TRUE(ours.error->syntax);
  try {
    YAML::LoadAll(text);
    FAIL() << "yaml-cpp accepted the text";
  } catch (const YAML::ParserException& e) {
    EXPECT_EQ(ours.error->message, e.msg);
    EXPECT_EQ(ours.error->mark.line, e.mark.line);
    EXPECT_EQ(ours.error->mark.column, e.mark.column);
  }
}

TEST(YamlTreeTest, AliasInsideItsOwnAnchorIsRefusedAtTheAlias) {
  // yaml-cpp builds a cyclic node for this; walking it would never end.
  for (const std::string text : {"a: &x [1, *x]\n", "a: &x\n  b: {c: *x}\n"}) {
    YamlStream s = ParseYamlStream(text);
    ASSERT_TRUE(s.error) << text;
    EXPECT_FALSE(s.error->syntax);
    EXPECT_TRUE(s.documents.empty());
    EXPECT_NE(s.error->message.find("inside the node its anchor names"), std::string::npos);
    const size_t alias = text.find("*x");
    const size_t line_start =
        text.rfind('\n', alias) == std::string::npos ? 0 : text.rfind('\n', alias) + 1;
    EXPECT_EQ(s.error->mark.line, text.find('\n') < alias ? 1 : 0) << text;
    EXPECT_EQ(s.error->mark.column, static_cast<int>(alias - line_start)) << text;
  }
  // An anchor used after its node has ended is ordinary reuse.
  YamlStream ok = ParseYamlStream("a: &x [1, 2]\nb: [*x, *x]\n");
  ASSERT_FALSE(ok.error) << ok.error->message;
}

TEST(YamlTreeTest, ScalarThatIsNotUtf8IsRefusedAtTheScalar) {
  YamlStream ok = ParseYamlStream("name: \"caf\xc3\xa9 \xf0\x9f\x8c\x8a\"\n");
  ASSERT_FALSE(ok.error) << "well-formed multi-byte UTF-8 is text";
  EXPECT_EQ(ok.documents[0].root.begin()->second.Scalar(), "caf\xc3\xa9 \xf0\x9f\x8c\x8a");
  // A Latin-1 value, a Latin-1 key, a UTF-16 surrogate written as UTF-8, an overlong '/'.
  for (const std::string text : {"a: ok\nb: caf\xe9\n", "a: ok\n\xe9t\xe9: x\n",
                                 "a: ok\nb: \xed\xa0\x80\n", "a: ok\nb: \xc0\xaf\n"}) {
    YamlStream s = ParseYamlStream(text);
    ASSERT_TRUE(s.error) << text;
    EXPECT_FALSE(s.error->syntax);
    EXPECT_EQ(s.error->message, "this value is not UTF-8 text; save the file as UTF-8");
    EXPECT_EQ(s.error->mark.line, 1) << text;
  }
}

// Levels a0..a<levels>: a0 is a list of ten strings, each further level a list of ten aliases
// of the one before, so a<n> stands for 10^n lists' worth of values.
std::string Laughs(int levels) {
  std::string text = "a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n";
  for (int i = 1; i <= levels; ++i) {
    const std::string prev = "*a" + std::to_string(i - 1);
    text += "a" + std::to_string(i) + ": &a" + std::to_string(i) + " [";
    for (int j = 0; j < 10; ++j) text += (j ? ", " : "") + prev;
    text += "]\n";
  }
  return text;
}

TEST(YamlTreeTest, AliasesThatMultiplyPastTheAllowanceAreRefused) {
  // Aliases up to a4 stand for 110 + 1,110 + 11,110 + 111,110 = 123,440 values: accepted, and
  // the tree shares nodes rather than copying them.
  YamlStream ok = ParseYamlStream(Laughs(4));
  ASSERT_FALSE(ok.error) << ok.error->message;
  EXPECT_LT(ok.documents[0].tree->nodes.size(), 100u);
  // a5 adds 111,111 values per alias: the 8th crosses 1,000,000 plus the nodes written.
  const std::string text = Laughs(5);
  YamlStream bomb = ParseYamlStream(text);
  ASSERT_TRUE(bomb.error);
  EXPECT_FALSE(bomb.error->syntax);
  EXPECT_TRUE(bomb.documents.empty());
  EXPECT_NE(bomb.error->message.find("aliases expand this file to more than 1000"),
            std::string::npos)
      << bomb.error->message;
  EXPECT_EQ(bomb.error->mark.line, 5) << "the line of a5";
  const size_t a5 = text.find("a5:");
  size_t eighth = a5;
  for (int j = 0; j < 8; ++j) eighth = text.find("*a4", eighth + 1);
  EXPECT_EQ(bomb.error->mark.column, static_cast<int>(eighth - a5));
}

TEST(YamlTreeTest, NestingBeyondYamlCppsDepthIsRefusedWithAMessageThatSaysSo) {
  auto nested = [](int levels) {
    return "a: " + std::string(levels, '[') + std::string(levels, ']') + "\n";
  };
  YamlStream ok = ParseYamlStream(nested(400));
  ASSERT_FALSE(ok.error) << ok.error->message;
  YamlStream deep = ParseYamlStream(nested(600));
  ASSERT_TRUE(deep.error);
  EXPECT_FALSE(deep.error->syntax);
  EXPECT_EQ(deep.error->message,
            "mappings and sequences nested more than 499 levels deep, "
            "deeper than yaml-cpp reads")
      << "yaml-cpp's own message is \"bad file\"";
}

TEST(YamlTreeTest, FirstDocumentReadsOnlyTheFirst) {
  YamlStream s = ParseYamlFirstDocument("x: 1\n---\n[broken\n");
  ASSERT_FALSE(s.error) << "like YAML::Load, later documents are not parsed";
  ASSERT_EQ(s.documents.size(), 1u);
  EXPECT_TRUE(s.documents[0].root.IsMap());
  YamlStream empty = ParseYamlFirstDocument("");
  ASSERT_EQ(empty.documents.size(), 1u);
  EXPECT_TRUE(empty.documents[0].root.IsNull());
}

TEST(YamlTreeTest, UndefinedNodeIsEmpty) {
  YamlNode n;
  EXPECT_FALSE(n.IsDefined());
  EXPECT_TRUE(n.IsNull());
  EXPECT_EQ(n.Scalar(), "");
  EXPECT_EQ(n.size(), 0u);
  EXPECT_EQ(n.begin(), n.end());
}

}  // namespace
}  // namespace causeway
