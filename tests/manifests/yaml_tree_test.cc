// The YAML tree built from libfyaml's parser events: shapes, tags, marks, aliases, duplicate
// keys, document splitting and errors. The expected trees are what yaml-cpp's own YAML::Node
// reported for the same text when the loader was written against it (the tree must stay a
// drop-in replacement for the loader): every node's type, tag, 0-based mark and scalar.
#include "manifests/yaml_tree.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace causeway {
namespace {

// One line per node, depth first: "<path> <type> <tag> <line>:<column> <scalar>", or
// "<path> null"; a mapping member's key is "<path>/<i>k" and its value "<path>/<i>v".
void Flatten(const YamlNode& n, const std::string& path, std::vector<std::string>* out) {
  if (n.IsNull()) {
    out->push_back(path + " null");
    return;
  }
  const std::string type = n.IsScalar() ? "scalar" : n.IsSequence() ? "seq" : "map";
  std::string line = path + " " + type + " " + n.Tag() + " " + std::to_string(n.Mark().line) + ":" +
                     std::to_string(n.Mark().column);
  if (n.IsScalar()) line += " " + n.Scalar();
  out->push_back(line);
  size_t i = 0;
  for (const auto& entry : n) {
    const std::string p = path + "/" + std::to_string(i++);
    if (n.IsSequence()) {
      Flatten(entry, p, out);
    } else {
      Flatten(entry.first, p + "k", out);
      Flatten(entry.second, p + "v", out);
    }
  }
}

std::vector<std::string> Flat(const YamlNode& root, const std::string& path = "") {
  std::vector<std::string> out;
  Flatten(root, path, &out);
  return out;
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
  ASSERT_FALSE(ours.error) << ours.error->message;
  ASSERT_EQ(ours.documents.size(), 1u);
  // Plain scalars and collections have the non-specific tag "?", quoted and block scalars "!";
  // a node with properties starts at them (the tag of "tagged", the anchor of "anchored").
  const std::vector<std::string> expected = {
      " map ? 0:0",
      "/0k scalar ? 0:0 kind",
      "/0v scalar ? 0:6 mem.role",
      "/1k scalar ? 1:0 name",
      "/1v scalar ? 1:6 r",
      "/2k scalar ? 2:0 spec",
      "/2v map ? 3:2",
      "/2v/0k scalar ? 3:2 plain",
      "/2v/0v scalar ? 3:9 text",
      "/2v/1k scalar ? 4:2 quoted",
      "/2v/1v scalar ! 4:10 q",
      "/2v/2k scalar ? 5:2 double",
      "/2v/2v scalar ! 5:10 d",
      "/2v/3k scalar ? 6:2 tagged",
      "/2v/3v scalar tag:yaml.org,2002:str 6:10 42",
      "/2v/4k scalar ? 7:2 number",
      "/2v/4v scalar ? 7:10 42",
      "/2v/5k scalar ? 8:2 empty",
      "/2v/5v null",
      "/2v/6k scalar ? 9:2 tilde",
      "/2v/6v null",
      "/2v/7k scalar ? 10:2 word_null",
      "/2v/7v null",
      "/2v/8k scalar ? 11:2 block",
      "/2v/8v scalar ! 11:9 line one\nline two\n",
      "/2v/9k scalar ? 14:2 flow_map",
      "/2v/9v map ? 14:12",
      "/2v/9v/0k scalar ? 14:14 a",
      "/2v/9v/0v scalar ? 14:17 1",
      "/2v/9v/1k scalar ? 14:20 b",
      "/2v/9v/1v seq ? 14:23",
      "/2v/9v/1v/0 scalar ? 14:24 x",
      "/2v/9v/1v/1 scalar ? 14:27 y",
      "/2v/10k scalar ? 15:2 seq",
      "/2v/10v seq ? 16:4",
      "/2v/10v/0 scalar ? 16:6 one",
      "/2v/10v/1 map ? 17:6",
      "/2v/10v/1/0k scalar ? 17:8 k",
      "/2v/10v/1/0v scalar ? 17:11 v",
      "/2v/10v/2 seq ? 18:6",
      "/2v/10v/2/0 scalar ? 18:8 nested",
      "/2v/11k scalar ? 19:2 anchored",
      "/2v/11v map ? 19:12",
      "/2v/11v/0k scalar ? 19:17 x",
      "/2v/11v/0v scalar ? 19:20 1",
      "/2v/12k scalar ? 20:2 alias",
      "/2v/12v map ? 19:12",
      "/2v/12v/0k scalar ? 19:17 x",
      "/2v/12v/0v scalar ? 19:20 1",
      "/2v/13k scalar ? 21:2 dup",
      "/2v/13v scalar ? 21:7 1",
      "/2v/14k scalar ? 22:2 dup",
      "/2v/14v scalar ? 22:7 2",
      "/2v/15k seq ? 23:4",
      "/2v/15k/0 scalar ? 23:5 complex",
      "/2v/15k/1 scalar ? 23:14 key",
      "/2v/15v scalar ? 24:4 value",
  };
  EXPECT_EQ(Flat(ours.documents[0].root), expected);
}

TEST(YamlTreeTest, MarksPointAtWhatTheUserWrote) {
  // A block scalar at its indicator (libfyaml's token starts on the next line), even with a
  // comment holding another '|'; a quoted scalar at its quote (libfyaml's starts inside); an
  // anchored node at its '&' (libfyaml's anchor token starts after it); a mapping without braces
  // in a flow sequence at its first key (libfyaml's starts at the ':').
  const std::string text =
      "x: &x 1\n"
      "a: >- # the | is here\n"
      "  folded\n"
      "b: \"\"\n"
      "c: [k: v, *x]\n"
      "d: &y\n"
      "  - |\n"
      "    lit\n";
  YamlStream s = ParseYamlStream(text);
  ASSERT_FALSE(s.error) << s.error->message;
  const std::vector<std::string> expected = {
      " map ? 0:0",
      "/0k scalar ? 0:0 x",
      "/0v scalar ? 0:3 1",
      "/1k scalar ? 1:0 a",
      "/1v scalar ! 1:3 folded",
      "/2k scalar ? 3:0 b",
      "/2v scalar ! 3:3 ",
      "/3k scalar ? 4:0 c",
      "/3v seq ? 4:3",
      "/3v/0 map ? 4:4",
      "/3v/0/0k scalar ? 4:4 k",
      "/3v/0/0v scalar ? 4:7 v",
      "/3v/1 scalar ? 0:3 1",
      "/4k scalar ? 5:0 d",
      "/4v seq ? 5:3",
      "/4v/0 scalar ! 6:4 lit\n",
  };
  EXPECT_EQ(Flat(s.documents[0].root), expected);
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
  ASSERT_FALSE(ours.error) << ours.error->message;
  ASSERT_EQ(ours.documents.size(), 4u);
  std::vector<std::string> got;
  for (size_t i = 0; i < ours.documents.size(); ++i) {
    for (auto& line : Flat(ours.documents[i].root, "doc" + std::to_string(i))) got.push_back(line);
  }
  const std::vector<std::string> expected = {
      "doc0 map ? 0:0",         "doc0/0k scalar ? 0:0 a",
      "doc0/0v scalar ? 0:3 1", "doc1 null",
      "doc2 map ? 3:0",         "doc2/0k scalar ? 3:0 b",
      "doc2/0v seq ? 3:3",      "doc2/0v/0 scalar ? 3:4 x",
      "doc3 seq ? 5:0",         "doc3/0 scalar ? 5:2 3",
  };
  EXPECT_EQ(got, expected);
  EXPECT_TRUE(ours.documents[1].root.IsNull()) << "an empty document is a null";
}

TEST(YamlTreeTest, SyntaxErrorReportsLibfyamlsMessageAndMarkAndNoDocuments) {
  const std::string text = "a: 1\n---\nb: [unclosed\nc: 2\n";
  YamlStream ours = ParseYamlStream(text);
  ASSERT_TRUE(ours.error);
  EXPECT_TRUE(ours.documents.empty()) << "a syntax error ends the file";
  EXPECT_TRUE(ours.error->syntax);
  EXPECT_EQ(ours.error->message, "flow sequence without a closing bracket");
  EXPECT_EQ(ours.error->mark.line, 4) << "where libfyaml gave up: the end of the text";
  EXPECT_EQ(ours.error->mark.column, 0);
}

TEST(YamlTreeTest, UnclosedQuoteIsRefusedRatherThanSwallowingTheLinesAfterIt) {
  // yaml-cpp 0.7 read this as one description running to the end of the file, without path.
  const std::string text =
      "kind: aws.iam.role\n"
      "name: r\n"
      "spec:\n"
      "  description: \"reads the lake\n"
      "  path: /\n";
  YamlStream s = ParseYamlStream(text);
  ASSERT_TRUE(s.error);
  EXPECT_TRUE(s.error->syntax);
  EXPECT_EQ(s.error->mark.line, 3) << s.error->message;
}

TEST(YamlTreeTest, ParserDiagnosticsAreReturnedNeverPrinted) {
  // "indentation indicator 0" is one of the errors libfyaml reports without a position: it
  // takes the position of the last event read (the "---").
  for (const std::string text : {"a: [1\n", "--- |0\n", "a: 'x\n"}) {
    testing::internal::CaptureStderr();
    testing::internal::CaptureStdout();
    YamlStream s = ParseYamlStream(text);
    const std::string err = testing::internal::GetCapturedStderr();
    const std::string out = testing::internal::GetCapturedStdout();
    ASSERT_TRUE(s.error) << text;
    EXPECT_EQ(err, "") << text;
    EXPECT_EQ(out, "") << text;
    EXPECT_FALSE(s.error->message.empty());
    EXPECT_GE(s.error->mark.line, 0);
    EXPECT_GE(s.error->mark.column, 0);
  }
  YamlStream s = ParseYamlStream("--- |0\n");
  EXPECT_EQ(s.error->message, "indentation indicator 0");
  EXPECT_EQ(s.error->mark.line, 0);
  EXPECT_EQ(s.error->mark.column, 3);
}

TEST(YamlTreeTest, AliasWithoutAnchorIsASyntaxError) {
  // Anchors belong to their document: *x in the second one names nothing.
  const std::string text = "a: &x 1\n---\nb: [1, *x]\n";
  YamlStream s = ParseYamlStream(text);
  ASSERT_TRUE(s.error);
  EXPECT_TRUE(s.error->syntax);
  EXPECT_EQ(s.error->message, "alias *x names no anchor (&x) written before it in this document");
  EXPECT_EQ(s.error->mark.line, 2);
  EXPECT_EQ(s.error->mark.column, 7);
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
  // libfyaml returns an empty stream for this, without an error.
  YamlStream leading = ParseYamlStream("\xe9: 1\n");
  ASSERT_TRUE(leading.error);
  EXPECT_EQ(leading.error->message, "this value is not UTF-8 text; save the file as UTF-8");
  EXPECT_EQ(leading.error->mark.column, 0);
  // Outside any value (here a comment): refused at the byte itself.
  YamlStream comment = ParseYamlStream("a: 1\n# caf\xe9\n");
  ASSERT_TRUE(comment.error);
  EXPECT_FALSE(comment.error->syntax);
  EXPECT_EQ(comment.error->message, "this line is not UTF-8 text; save the file as UTF-8");
  EXPECT_EQ(comment.error->mark.line, 1);
  EXPECT_EQ(comment.error->mark.column, 5);
}

TEST(YamlTreeTest, NulByteIsRefusedRatherThanEndingTheText) {
  // libfyaml stops reading at a NUL: "b: 2" would be dropped without a word.
  for (bool first_only : {false, true}) {
    const std::string text("a: 1\nx\0y: 2\nb: 2\n", 17);
    YamlStream s = first_only ? ParseYamlFirstDocument(text) : ParseYamlStream(text);
    ASSERT_TRUE(s.error);
    EXPECT_FALSE(s.error->syntax);
    EXPECT_NE(s.error->message.find("NUL byte"), std::string::npos) << s.error->message;
    EXPECT_EQ(s.error->mark.line, 1);
    EXPECT_EQ(s.error->mark.column, 1);
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

TEST(YamlTreeTest, NestingBeyondTheDepthLimitIsRefusedWithAMessageThatSaysSo) {
  // libfyaml's event parser has no limit of its own; the loader's conversion recurses.
  auto nested = [](int levels) {
    return "a: " + std::string(levels, '[') + std::string(levels, ']') + "\n";
  };
  YamlStream ok = ParseYamlStream(nested(400));
  ASSERT_FALSE(ok.error) << ok.error->message;
  YamlStream limit = ParseYamlStream(nested(499));
  ASSERT_FALSE(limit.error) << "the root mapping and 499 lists: 500 levels";
  const std::string text = nested(500);
  YamlStream deep = ParseYamlStream(text);
  ASSERT_TRUE(deep.error);
  EXPECT_FALSE(deep.error->syntax);
  EXPECT_EQ(deep.error->message,
            "mappings and sequences nested more than 500 levels deep, deeper than Causeway reads");
  EXPECT_EQ(deep.error->mark.column, 3 + 499) << "at the 501st level";
  EXPECT_TRUE(ParseYamlStream(nested(600)).error);
}

TEST(YamlTreeTest, AliasesCountAsTheNestingTheyStandFor) {
  // Each alias is shallow where it is written, but the value it stands for is 300 levels deep.
  const std::string levels(299, '[');
  const std::string closes(299, ']');
  const std::string ok = "a: &a " + levels + closes + "\nb: [*a]\n";
  YamlStream s = ParseYamlStream(ok);
  ASSERT_FALSE(s.error) << s.error->message;
  const std::string text = "a: &a " + levels + closes + "\nb: &b [[*a]]\nc: [*b, *b]\n";
  // c: 1 + b (2 + a's 299 levels) = 302 levels: fine. d nests c inside 200 more.
  YamlStream fine = ParseYamlStream(text);
  ASSERT_FALSE(fine.error) << fine.error->message;
  const std::string deep = "a: &a " + levels + closes +
                           "\nb: &b [[*a]]\nd: " + std::string(199, '[') + "*b" +
                           std::string(199, ']') + "\n";
  YamlStream refused = ParseYamlStream(deep);
  ASSERT_TRUE(refused.error);
  EXPECT_NE(refused.error->message.find("nested more than 500 levels"), std::string::npos)
      << refused.error->message;
  EXPECT_EQ(refused.error->mark.line, 2);
  EXPECT_EQ(refused.error->mark.column, 3 + 199);
}

TEST(YamlTreeTest, FirstDocumentReadsOnlyTheFirst) {
  YamlStream s = ParseYamlFirstDocument("x: 1\n---\n[broken\n");
  ASSERT_FALSE(s.error) << "like YAML::Load, later documents are not parsed";
  ASSERT_EQ(s.documents.size(), 1u);
  EXPECT_TRUE(s.documents[0].root.IsMap());
  YamlStream latin1_later = ParseYamlFirstDocument("x: 1\n---\ny: caf\xe9\n");
  ASSERT_FALSE(latin1_later.error) << latin1_later.error->message;
  YamlStream latin1_first = ParseYamlFirstDocument("x: caf\xe9\n---\ny: 1\n");
  ASSERT_TRUE(latin1_first.error);
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
