// S3 Tables emulator: Dump / Load / Reset of the buckets, namespaces and tables (times as epoch
// milliseconds; maps keep the order stable).
#include "sandbox/aws/s3tables/s3tables_service.h"

namespace causeway::sandbox {

namespace {

int64_t Millis(std::chrono::system_clock::time_point t) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
}

std::chrono::system_clock::time_point FromMillis(const Value& v) {
  return std::chrono::system_clock::time_point(std::chrono::milliseconds(v.get<int64_t>()));
}

}  // namespace

Value S3TablesService::Dump() const {
  Value buckets = Value::object();
  for (const auto& [name, b] : buckets_) {
    Value namespaces = Value::object();
    for (const auto& [ns_name, ns] : b.namespaces) {
      Value tables = Value::object();
      for (const auto& [t_name, t] : ns.tables) {
        tables[t_name] = {{"id", t.id},
                          {"arn", t.arn},
                          {"versionToken", t.version_token},
                          {"warehouseLocation", t.warehouse_location},
                          {"metadataLocation", t.metadata_location},
                          {"metadata", t.metadata},
                          {"createdMs", Millis(t.created)},
                          {"modifiedMs", Millis(t.modified)}};
      }
      namespaces[ns_name] = {{"id", ns.id}, {"createdMs", Millis(ns.created)}, {"tables", tables}};
    }
    buckets[name] = {{"arn", b.arn},
                     {"id", b.id},
                     {"createdMs", Millis(b.created)},
                     {"encryption", b.encryption},
                     {"maintenance", b.maintenance},
                     {"policy", b.policy},
                     {"namespaces", namespaces}};
  }
  return {{"buckets", buckets}, {"nextId", next_id_}};
}

Status S3TablesService::Load(const Value& state) {
  Reset();
  try {
    if (state.contains("nextId")) next_id_ = state.at("nextId").get<uint64_t>();
    if (!state.contains("buckets")) return Status::Ok();
    for (const auto& [name, jb] : state.at("buckets").items()) {
      S3TableBucket b;
      b.name = name;
      b.arn = jb.at("arn").get<std::string>();
      b.id = jb.at("id").get<std::string>();
      b.created = FromMillis(jb.at("createdMs"));
      b.encryption = jb.at("encryption");
      b.maintenance = jb.at("maintenance");
      b.policy = jb.at("policy").get<std::string>();
      for (const auto& [ns_name, jn] : jb.at("namespaces").items()) {
        S3Namespace ns;
        ns.name = ns_name;
        ns.id = jn.at("id").get<std::string>();
        ns.created = FromMillis(jn.at("createdMs"));
        for (const auto& [t_name, jt] : jn.at("tables").items()) {
          S3Table t;
          t.name = t_name;
          t.id = jt.at("id").get<std::string>();
          t.arn = jt.at("arn").get<std::string>();
          t.version_token = jt.at("versionToken").get<std::string>();
          t.warehouse_location = jt.at("warehouseLocation").get<std::string>();
          t.metadata_location = jt.at("metadataLocation").get<std::string>();
          t.metadata = jt.at("metadata");
          t.created = FromMillis(jt.at("createdMs"));
          t.modified = FromMillis(jt.at("modifiedMs"));
          ns.tables[t_name] = t;
        }
        b.namespaces[ns_name] = ns;
      }
      buckets_[name] = b;
    }
  } catch (const nlohmann::json::exception& e) {
    Reset();
    return Status::Corruption(std::string("s3tables state: ") + e.what());
  }
  return Status::Ok();
}

void S3TablesService::Reset() {
  buckets_.clear();
  next_id_ = 1;
}

}  // namespace causeway::sandbox
