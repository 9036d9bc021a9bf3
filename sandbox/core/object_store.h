// ObjectStore: what other emulators may read of the S3 emulator's objects — the Glue crawler
// (discovering files and Hive-style partitions), the Lake Formation and Athena emulators
// (checking locations), and later the Snowflake and Databricks emulators (LIST @stage, MSCK
// REPAIR, external location validation). The S3 service implements it; others reach it with
//   auto* store = dynamic_cast<ObjectStore*>(context.FindService("s3"));
// Thread-safety: implementations are thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace causeway::sandbox {

struct StoredObject {
  std::string key;
  int64_t size = 0;
  std::string etag;
  std::string last_modified;  // ISO-8601 UTC
};

class ObjectStore {
 public:
  virtual ~ObjectStore() = default;
  virtual bool BucketExists(const std::string& bucket) const = 0;
  // Objects whose key starts with `prefix`, sorted by key.
  virtual std::vector<StoredObject> ListObjects(const std::string& bucket,
                                                const std::string& prefix) const = 0;
  // The object's bytes; nullopt when missing.
  virtual std::optional<std::string> ReadObject(const std::string& bucket,
                                                const std::string& key) const = 0;
};

}  // namespace causeway::sandbox
