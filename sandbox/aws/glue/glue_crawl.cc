// Glue crawler discovery: tables, partitions and columns from S3 emulator objects.
#include "sandbox/aws/glue/glue_crawl.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <set>

#include "reconciler/core/ascii.h"
#include "sandbox/aws/policy_document.h"

namespace causeway::sandbox {

namespace {

std::vector<std::string> Split(const std::string& s, char sep) {
  std::vector<std::string> out;
  size_t start = 0;
  while (true) {
    size_t pos = s.find(sep, start);
    out.push_back(s.substr(start, pos == std::string::npos ? std::string::npos : pos - start));
    if (pos == std::string::npos) break;
    start = pos + 1;
  }
  return out;
}

bool EndsWith(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() &&
         s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

bool IsHive(const std::string& segment) {
  auto eq = segment.find('=');
  return eq != std::string::npos && eq > 0;
}

// Glob over a relative key: "**" spans segments, '*' stays within one.
bool ExclusionMatches(const std::string& pattern, const std::string& rel) {
  std::string p;
  for (size_t i = 0; i < pattern.size(); ++i) {
    if (pattern.compare(i, 2, "**") == 0) {
      p += '\x01';
      ++i;
    } else {
      p += pattern[i];
    }
  }
  // '*' must not cross '/': check segment by segment unless the pattern has '**'.
  if (p.find('\x01') == std::string::npos) {
    auto ps = Split(p, '/');
    auto ks = Split(rel, '/');
    if (ps.size() > ks.size()) return false;
    for (size_t i = 0; i < ps.size(); ++i) {
      if (!WildcardMatch(ps[i], ks[i])) return false;
    }
    return true;  // a folder pattern excludes everything below it
  }
  std::replace(p.begin(), p.end(), '\x01', '*');
  return WildcardMatch(p, rel);
}

std::string FirstLine(const std::string& text) {
  std::string line = text.substr(0, text.find('\n'));
  if (!line.empty() && line.back() == '\r') line.pop_back();
  if (line.compare(0, 3, "\xEF\xBB\xBF") == 0) line = line.substr(3);  // UTF-8 BOM
  return line;
}

std::string HiveType(const Value& v) {
  if (v.is_boolean()) return "boolean";
  if (v.is_number_integer()) {
    int64_t n = v.get<int64_t>();
    return (n > 2147483647LL || n < -2147483648LL) ? "bigint" : "int";
  }
  if (v.is_number()) return "double";
  if (v.is_array()) return "array<" + (v.empty() ? std::string("string") : HiveType(v[0])) + ">";
  if (v.is_object()) {
    std::string s = "struct<";
    bool first = true;
    for (auto it = v.begin(); it != v.end(); ++it) {
      if (!first) s += ",";
      first = false;
      s += Lower(it.key()) + ":" + HiveType(it.value());
    }
    return s + ">";
  }
  return "string";
}

}  // namespace

Value ParquetPlaceholderColumns() {
  return Value::array(
      {Value{{"Name", "id"}, {"Type", "bigint"}}, Value{{"Name", "data"}, {"Type", "string"}}});
}

std::string ClassifyKey(const std::string& key) {
  std::string name = Lower(key.substr(key.rfind('/') + 1));
  for (const char* z : {".gz", ".snappy", ".bz2", ".zst"}) {
    if (EndsWith(name, z)) name.resize(name.size() - std::string(z).size());
  }
  if (EndsWith(name, ".parquet")) return "parquet";
  if (EndsWith(name, ".csv") || EndsWith(name, ".tsv")) return "csv";
  if (EndsWith(name, ".json") || EndsWith(name, ".jsonl") || EndsWith(name, ".ndjson")) {
    return "json";
  }
  return "";
}

Value StorageForClassification(const std::string& classification) {
  Value sd = Value::object();
  if (classification == "parquet") {
    sd["InputFormat"] = "org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat";
    sd["OutputFormat"] = "org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat";
    sd["SerdeInfo"] = {
        {"SerializationLibrary", "org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe"},
        {"Parameters", {{"serialization.format", "1"}}}};
  } else if (classification == "csv") {
    sd["InputFormat"] = "org.apache.hadoop.mapred.TextInputFormat";
    sd["OutputFormat"] = "org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat";
    sd["SerdeInfo"] = {
        {"SerializationLibrary", "org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe"},
        {"Parameters", {{"field.delim", ","}}}};
  } else if (classification == "json") {
    sd["InputFormat"] = "org.apache.hadoop.mapred.TextInputFormat";
    sd["OutputFormat"] = "org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat";
    sd["SerdeInfo"] = {{"SerializationLibrary", "org.openx.data.jsonserde.JsonSerDe"},
                       {"Parameters", Value::object()}};
  }
  return sd;
}

Value CsvHeaderColumns(const std::string& first_line) {
  Value cols = Value::array();
  std::string line = FirstLine(first_line);
  std::string cell;
  bool quoted = false;
  std::vector<std::string> cells;
  for (size_t i = 0; i < line.size(); ++i) {
    char ch = line[i];
    if (ch == '"') {
      if (quoted && i + 1 < line.size() && line[i + 1] == '"') {
        cell += '"';
        ++i;
      } else {
        quoted = !quoted;
      }
    } else if (ch == ',' && !quoted) {
      cells.push_back(cell);
      cell.clear();
    } else {
      cell += ch;
    }
  }
  cells.push_back(cell);
  for (size_t i = 0; i < cells.size(); ++i) {
    std::string name = cells[i];
    name.erase(0, name.find_first_not_of(" \t"));
    name.erase(name.find_last_not_of(" \t") + 1);
    if (name.empty()) name = "col" + std::to_string(i);
    cols.push_back({{"Name", Lower(name)}, {"Type", "string"}});
  }
  return cols;
}

Value JsonLineColumns(const std::string& first_line) {
  Value cols = Value::array();
  Value doc = Value::parse(FirstLine(first_line), nullptr, /*allow_exceptions=*/false);
  if (!doc.is_object()) return cols;
  for (auto it = doc.begin(); it != doc.end(); ++it) {
    cols.push_back({{"Name", Lower(it.key())}, {"Type", HiveType(it.value())}});
  }
  return cols;
}

std::string CrawlerTableName(const std::string& prefix, const std::string& folder) {
  std::string name = Lower(prefix + folder);
  for (char& ch : name) {
    if (!std::isalnum(static_cast<unsigned char>(ch)) && ch != '_') ch = '_';
  }
  return name;
}

std::vector<CrawledTable> DiscoverTables(const ObjectStore& store, const CrawlTarget& target,
                                         const std::string& table_prefix,
                                         const std::string& crawler_name, std::string* error) {
  std::vector<CrawledTable> out;
  if (target.path.rfind("s3://", 0) != 0) {
    *error = "Invalid S3 path: " + target.path;
    return out;
  }
  std::string rest = target.path.substr(5);
  std::string bucket = rest.substr(0, rest.find('/'));
  std::string prefix = rest.find('/') == std::string::npos ? "" : rest.substr(rest.find('/') + 1);
  if (!prefix.empty() && prefix.back() != '/') prefix += '/';
  if (!store.BucketExists(bucket)) {
    *error = "The specified bucket does not exist: " + bucket;
    return out;
  }
  // Relative keys of the files the crawler looks at.
  std::vector<std::string> rels;
  for (const auto& obj : store.ListObjects(bucket, prefix)) {
    if (obj.key.empty() || obj.key.back() == '/') continue;
    std::string rel = obj.key.substr(prefix.size());
    std::string file = rel.substr(rel.rfind('/') == std::string::npos ? 0 : rel.rfind('/') + 1);
    if (file.empty() || file[0] == '_' || file[0] == '.') continue;
    bool excluded = false;
    for (const auto& ex : target.exclusions) excluded = excluded || ExclusionMatches(ex, rel);
    if (!excluded && !ClassifyKey(rel).empty()) rels.push_back(rel);
  }
  if (rels.empty()) return out;

  // The target is one table, or each first-level folder is.
  bool target_is_table = false;
  for (const auto& rel : rels) {
    auto slash = rel.find('/');
    if (slash == std::string::npos || IsHive(rel.substr(0, slash))) target_is_table = true;
  }
  std::map<std::string, std::vector<std::string>> groups;  // table root (relative) -> rels
  if (target_is_table) {
    groups[""] = rels;
  } else {
    for (const auto& rel : rels) {
      auto slash = rel.find('/');
      groups[rel.substr(0, slash + 1)].push_back(rel.substr(slash + 1));
    }
  }

  for (const auto& [root, files] : groups) {
    std::string folder = root.empty() ? prefix : root;
    while (!folder.empty() && folder.back() == '/') folder.pop_back();
    folder = folder.substr(folder.rfind('/') == std::string::npos ? 0 : folder.rfind('/') + 1);
    if (folder.empty()) folder = bucket;
    const std::string location = "s3://" + bucket + "/" + prefix + root;

    // Partition levels from the first file.
    const std::string& first = files.front();
    auto levels = Split(first, '/');
    levels.pop_back();
    Value keys = Value::array();
    for (size_t i = 0; i < levels.size(); ++i) {
      std::string key = IsHive(levels[i]) ? Lower(levels[i].substr(0, levels[i].find('=')))
                                          : "partition_" + std::to_string(i);
      keys.push_back({{"Name", key}, {"Type", "string"}});
    }

    std::string classification = ClassifyKey(first);
    Value columns;
    const std::string first_key = prefix + root + first;
    if (classification == "parquet") {
      columns = ParquetPlaceholderColumns();
    } else {
      std::string body = store.ReadObject(bucket, first_key).value_or("");
      columns = classification == "csv" ? CsvHeaderColumns(body) : JsonLineColumns(body);
    }
    // Partition columns are not data columns.
    Value data_columns = Value::array();
    std::set<std::string> key_names;
    for (const auto& k : keys) key_names.insert(k["Name"].get<std::string>());
    for (const auto& c : columns) {
      if (!key_names.count(c["Name"].get<std::string>())) data_columns.push_back(c);
    }

    CrawledTable t;
    t.name = CrawlerTableName(table_prefix, folder);
    Value sd = StorageForClassification(classification);
    sd["Columns"] = data_columns;
    sd["Location"] = location;
    sd["Compressed"] = false;
    sd["NumberOfBuckets"] = -1;
    sd["StoredAsSubDirectories"] = false;
    Value params = {{"classification", classification},
                    {"compressionType", "none"},
                    {"typeOfData", "file"},
                    {"objectCount", std::to_string(files.size())},
                    {"CrawlerSchemaDeserializerVersion", "1.0"},
                    {"CrawlerSchemaSerializerVersion", "1.0"},
                    {"UPDATED_BY_CRAWLER", crawler_name}};
    if (classification == "csv") {
      params["delimiter"] = ",";
      params["skip.header.line.count"] = "1";
      params["areColumnsQuoted"] = "false";
      params["columnsOrdered"] = "true";
    }
    if (classification == "json") {
      std::string paths;
      for (const auto& c : data_columns) {
        paths += (paths.empty() ? "" : ",") + c["Name"].get<std::string>();
      }
      sd["SerdeInfo"]["Parameters"]["paths"] = paths;
    }
    sd["Parameters"] = params;
    t.table_input = {{"Name", t.name},
                     {"StorageDescriptor", sd},
                     {"PartitionKeys", keys},
                     {"TableType", "EXTERNAL_TABLE"},
                     {"Parameters", params}};

    // One partition per distinct folder path at the table's partition depth.
    std::set<std::string> seen;
    for (const auto& f : files) {
      auto segs = Split(f, '/');
      segs.pop_back();
      if (segs.size() != levels.size() || levels.empty()) continue;
      std::string dir;
      Value values = Value::array();
      for (const auto& s : segs) {
        dir += s + "/";
        values.push_back(IsHive(s) ? s.substr(s.find('=') + 1) : s);
      }
      if (!seen.insert(dir).second) continue;
      Value psd = sd;
      psd["Location"] = location + dir;
      t.partitions.push_back({{"Values", values}, {"StorageDescriptor", psd}});
    }
    out.push_back(std::move(t));
  }
  return out;
}

}  // namespace causeway::sandbox
