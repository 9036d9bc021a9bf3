// Every case of the public YAML test suite (tests/manifests/yaml-test-suite/, see its README.md)
// through the loader: each input the suite marks as an error must be refused as a YAML error
// located inside the file, by LoadManifestFiles (what `causeway validate` runs on a manifest
// directory); each valid input must be accepted, and where the suite gives its data as JSON
// (in.json, one value per document), the documents as the loader converts them (ParseYamlStream,
// then YamlToValue) must equal it. kLoaderChoices lists the few valid cases whose data differs
// on purpose, each with the loader's reason; error cases have no exceptions.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "manifests/loader.h"
#include "manifests/yaml_tree.h"
#include "manifests/yaml_value.h"

namespace causeway {
namespace {

namespace fs = std::filesystem;

const fs::path kSuite = fs::path(CAUSEWAY_SOURCE_DIR) / "tests/manifests/yaml-test-suite";

// Valid cases whose in.json the loader does not reproduce, by design (manifests/yaml_value.h);
// the test checks that each still differs, so that a case leaves the list once it matches.
const char kTagsKeepText[] =
    "an explicit tag keeps the scalar's text: only untagged plain scalars are typed";
const std::map<std::string, std::string> kLoaderChoices = {
    {"2AUY", std::string(kTagsKeepText) + " (!!int 42)"},
    {"33X3", std::string(kTagsKeepText) + " (!!int 1, !!int -2, !!int 33)"},
    {"74H7", std::string(kTagsKeepText) + " (!!int 42, !!bool false)"},
    {"F2C7", std::string(kTagsKeepText) + " (!!int 2, !!int 4)"},
    {"L94M", std::string(kTagsKeepText) + " (!!int 47)"},
};

struct SuiteCase {
  std::string id;  // "229Q", or "2G84/00" for a numbered sub-case
  fs::path dir;
};

std::vector<SuiteCase> AllCases() {
  std::vector<SuiteCase> out;
  for (const auto& entry : fs::recursive_directory_iterator(kSuite)) {
    if (entry.path().filename() != "in.yaml") continue;
    const fs::path dir = entry.path().parent_path();
    out.push_back({fs::relative(dir, kSuite).generic_string(), dir});
  }
  std::sort(out.begin(), out.end(),
            [](const SuiteCase& a, const SuiteCase& b) { return a.id < b.id; });
  return out;
}

std::string Read(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

bool IsYamlError(const Diagnostic& d) {
  return d.message.rfind("YAML syntax error: ", 0) == 0 ||
         d.message.rfind("cannot read YAML: ", 0) == 0;
}

// Whether 1-based `line`:`column` is a position of `text`: on one of its lines (the one after a
// final newline included, where an unterminated construct is found to end) and at most one past
// that line's last character.
bool InsideText(const std::string& text, int line, int column) {
  std::vector<size_t> lengths{0};  // in characters, as the parser counts columns
  for (unsigned char c : text) {
    if (c == '\n') {
      lengths.push_back(0);
    } else if ((c & 0xC0) != 0x80) {
      ++lengths.back();
    }
  }
  return line >= 1 && static_cast<size_t>(line) <= lengths.size() && column >= 1 &&
         static_cast<size_t>(column) <= lengths[line - 1] + 1;
}

// The JSON values of in.json, one per document, written one after the other.
std::vector<Value> JsonDocuments(const std::string& json) {
  std::vector<Value> out;
  std::istringstream in(json);
  while ((in >> std::ws).peek() != std::char_traits<char>::eof()) {
    Value v;
    in >> v;
    out.push_back(std::move(v));
  }
  return out;
}

// The YAML errors LoadManifestFiles reports for `yaml` (other diagnostics, such as a document
// that is not a resource mapping, are about manifests, not YAML).
std::vector<Diagnostic> YamlErrors(const std::string& yaml) {
  LoadResult loaded = LoadManifestFiles({{"in.yaml", yaml}}, SchemaSet{});
  std::vector<Diagnostic> out;
  for (const auto& d : loaded.diagnostics) {
    if (IsYamlError(d)) out.push_back(d);
  }
  return out;
}

// One test per kind of case rather than one per case: ctest would start the program 402 times.
TEST(YamlTestSuiteTest, EveryErrorCaseIsRefusedAsYamlAtAPositionInTheFile) {
  size_t checked = 0;
  for (const auto& c : AllCases()) {
    if (!fs::exists(c.dir / "error")) continue;
    ++checked;
    const std::string yaml = Read(c.dir / "in.yaml");
    SCOPED_TRACE(c.id + ": " + Read(c.dir / "==="));
    const std::vector<Diagnostic> errors = YamlErrors(yaml);
    ASSERT_EQ(errors.size(), 1u) << "not refused as YAML:\n" << yaml;
    const SourceLocation& at = errors[0].location;
    EXPECT_EQ(at.file, "in.yaml");
    EXPECT_TRUE(InsideText(yaml, at.line, at.column))
        << errors[0].str() << " is not a position of:\n"
        << yaml;
  }
  EXPECT_EQ(checked, 94u);
}

TEST(YamlTestSuiteTest, EveryValidCaseIsAcceptedAndReadsAsItsJson) {
  size_t checked = 0, with_json = 0;
  for (const auto& c : AllCases()) {
    if (fs::exists(c.dir / "error")) continue;
    ++checked;
    const std::string yaml = Read(c.dir / "in.yaml");
    SCOPED_TRACE(c.id + ": " + Read(c.dir / "==="));
    const std::vector<Diagnostic> errors = YamlErrors(yaml);
    EXPECT_TRUE(errors.empty()) << errors[0].str() << " for valid YAML:\n" << yaml;
    if (!errors.empty() || !fs::exists(c.dir / "in.json")) continue;
    ++with_json;
    YamlStream stream = ParseYamlStream(yaml);
    ASSERT_FALSE(stream.error) << stream.error->message;
    std::vector<Value> ours;
    std::vector<Diagnostic> conversion;
    for (const auto& doc : stream.documents) {
      NodeLocations locations;
      ours.push_back(YamlToValue(doc.root, "in.yaml", "", {}, &locations, &conversion));
    }
    EXPECT_TRUE(conversion.empty()) << conversion[0].str();
    const std::vector<Value> expected = JsonDocuments(Read(c.dir / "in.json"));
    if (auto choice = kLoaderChoices.find(c.id); choice != kLoaderChoices.end()) {
      EXPECT_NE(ours, expected) << "matches in.json now: take it off kLoaderChoices ("
                                << choice->second << ")";
      continue;
    }
    ASSERT_EQ(ours.size(), expected.size()) << "documents";
    for (size_t i = 0; i < ours.size(); ++i) {
      EXPECT_EQ(ours[i], expected[i])
          << "document " << i << ": ours " << ours[i].dump() << ", in.json " << expected[i].dump();
    }
  }
  EXPECT_EQ(checked, 308u);
  // 282 in.json files; 9MQT/01, DK95/01 and DK95/06 are errors that keep their sibling's.
  EXPECT_EQ(with_json, 279u);
}

TEST(YamlTestSuiteTest, HoldsEveryCaseAndEachExceptionIsAValidCaseWithJson) {
  EXPECT_EQ(AllCases().size(), 402u) << "the suite's README counts 402 cases";
  for (const auto& [id, reason] : kLoaderChoices) {
    const fs::path dir = kSuite / id;
    EXPECT_TRUE(fs::exists(dir / "in.json") && !fs::exists(dir / "error"))
        << id << " (" << reason << ") is not a valid case with in.json";
    EXPECT_FALSE(reason.empty()) << id;
  }
}

}  // namespace
}  // namespace causeway
