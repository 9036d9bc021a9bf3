// Glue crawler discovery over the S3 emulator's objects (ObjectStore), as the Glue emulator's
// StartCrawler applies it. Pure functions of the objects they are shown; no catalog access.
//
// Rules (a deliberate simplification of Glue's schema-similarity grouping):
//  - An S3 target "s3://bucket/prefix" covers the objects under "prefix/". Keys ending in '/',
//    files whose name starts with '_' or '.' (_SUCCESS, .crc) and keys matching an exclusion glob
//    (relative to the prefix; '*' within a segment, '**' across segments) are ignored.
//  - The target itself is one table when it holds files directly or its first-level folders are
//    Hive partitions ("key=value"); otherwise each first-level folder is one table. The table name
//    is the folder (or the target's last segment) lower-cased, with every character other than
//    [a-z0-9_] replaced by '_', after the crawler's TablePrefix.
//  - Folders between the table root and the files of the first file (by key) are partitions:
//    "key=value" gives PartitionKey `key`, any other folder gives `partition_<level>`; all of
//    type string. Each distinct folder path with files becomes a Partition with its location.
//  - The first file's extension picks the format: .parquet -> parquet, .csv/.tsv -> csv,
//    .json/.jsonl/.ndjson -> json (compression suffixes .gz/.snappy/.bz2 are skipped); files of
//    other types are ignored.
//  - Columns: CSV from the first file's header line (read through ObjectStore::ReadObject), names
//    lower-cased, all of type string; JSON from the keys of the first line's object, with types
//    string/boolean/int/bigint/double/array<..>/struct<..>; Parquet files are not parsed: they
//    get the placeholder columns kParquetPlaceholderColumns ("id" bigint, "data" string).
//  - Storage is what Glue's crawler writes for the format (input/output format, SerDe and its
//    parameters) and Parameters carry classification, compressionType, typeOfData,
//    UPDATED_BY_CRAWLER, objectCount (and the CSV header/delimiter settings).
// Thread-safety: free functions.
#pragma once

#include <string>
#include <vector>

#include "reconciler/core/value.h"
#include "sandbox/core/object_store.h"

namespace causeway::sandbox {

// Columns given to Parquet tables (the emulator does not read Parquet footers).
Value ParquetPlaceholderColumns();

struct CrawledTable {
  std::string name;                     // already prefixed and sanitised
  Value table_input = Value::object();  // Glue TableInput
  std::vector<Value> partitions;        // Glue PartitionInput, in key order
};

struct CrawlTarget {
  std::string path;  // "s3://bucket/prefix/"
  std::vector<std::string> exclusions;
};

// Tables found under `target`. `error` is set (and the result empty) when the path is not an
// s3:// URL or its bucket does not exist.
std::vector<CrawledTable> DiscoverTables(const ObjectStore& store, const CrawlTarget& target,
                                         const std::string& table_prefix,
                                         const std::string& crawler_name, std::string* error);

// Glue's classification for an object key ("parquet", "csv", "json"), or "" for other files.
std::string ClassifyKey(const std::string& key);
// StorageDescriptor skeleton (InputFormat, OutputFormat, SerdeInfo) for a classification.
Value StorageForClassification(const std::string& classification);
// Columns from a CSV header line / a JSON document line (Glue Column objects).
Value CsvHeaderColumns(const std::string& first_line);
Value JsonLineColumns(const std::string& first_line);
// Sanitised Glue table name for a folder name.
std::string CrawlerTableName(const std::string& prefix, const std::string& folder);

}  // namespace causeway::sandbox
