// Hive-style partition discovery over object keys.
#include "sandbox/databricks/sql/hive_partitions.h"

#include "reconciler/core/ascii.h"

namespace causeway::sandbox {

std::set<std::string> DiscoverHivePartitions(const std::vector<StoredObject>& objects,
                                             const std::string& prefix,
                                             const std::vector<std::string>& columns) {
  std::set<std::string> out;
  if (columns.empty()) return out;
  for (const StoredObject& object : objects) {
    if (object.key.compare(0, prefix.size(), prefix) != 0) continue;
    std::vector<std::string> segments;
    size_t start = prefix.size();
    while (true) {
      size_t slash = object.key.find('/', start);
      segments.push_back(
          object.key.substr(start, slash == std::string::npos ? slash : slash - start));
      if (slash == std::string::npos) break;
      start = slash + 1;
    }
    // The partition directories, then a file that is not hidden.
    if (segments.size() <= columns.size()) continue;
    const std::string& file = segments.back();
    if (file.empty() || file[0] == '_' || file[0] == '.') continue;
    std::string spec;
    bool matches = true;
    for (size_t i = 0; i < columns.size() && matches; ++i) {
      const std::string& segment = segments[i];
      size_t eq = segment.find('=');
      matches = eq != std::string::npos && eq + 1 < segment.size() &&
                EqualsIgnoringCase(segment.substr(0, eq), columns[i]);
      if (matches) spec += (i == 0 ? "" : "/") + columns[i] + segment.substr(eq);
    }
    if (matches) out.insert(spec);
  }
  return out;
}

}  // namespace causeway::sandbox
