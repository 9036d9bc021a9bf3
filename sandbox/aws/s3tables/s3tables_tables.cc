// S3 Tables emulator: namespaces and tables, with the version-token compare-and-swap of
// UpdateTableMetadataLocation and DeleteTable.
#include <algorithm>
#include <set>

#include "sandbox/aws/s3tables/s3tables_names.h"
#include "sandbox/aws/s3tables/s3tables_service.h"
#include "sandbox/aws/s3tables/s3tables_wire.h"

namespace causeway::sandbox {

namespace {

constexpr char kStaleToken[] = "Provided version token does not match the table version token.";

Value NamespaceSummary(const S3TableBucket& b, const S3Namespace& ns) {
  return {{"namespace", Value::array({ns.name})},
          {"createdAt", S3TablesTime(ns.created)},
          {"createdBy", kSandboxAccountId},
          {"ownerAccountId", kSandboxAccountId},
          {"namespaceId", ns.id},
          {"tableBucketId", b.id}};
}

Value TableSummary(const S3TableBucket& b, const S3Namespace& ns, const S3Table& t) {
  return {{"namespace", Value::array({ns.name})},
          {"name", t.name},
          {"type", "customer"},
          {"tableARN", t.arn},
          {"createdAt", S3TablesTime(t.created)},
          {"modifiedAt", S3TablesTime(t.modified)},
          {"namespaceId", ns.id},
          {"tableBucketId", b.id}};
}

// Checks metadata {iceberg: {schema: {fields: [...]}}}; assigns missing field ids. "" or why not.
std::string CheckMetadata(Value* metadata) {
  if (!metadata->is_object() || !metadata->contains("iceberg") ||
      !(*metadata)["iceberg"].is_object()) {
    return "metadata must contain iceberg.";
  }
  Value& iceberg = (*metadata)["iceberg"];
  if (!iceberg.contains("schema") || !iceberg["schema"].is_object() ||
      !iceberg["schema"].contains("fields") || !iceberg["schema"]["fields"].is_array()) {
    return "metadata.iceberg.schema.fields is required.";
  }
  std::set<std::string> names;
  int64_t next_id = 1;
  for (auto& f : iceberg["schema"]["fields"]) {
    std::string name = S3tString(f, "name"), type = S3tString(f, "type");
    if (name.empty()) return "Every schema field needs a name.";
    if (!names.insert(name).second) return "Duplicate schema field name: " + name + ".";
    if (!IsIcebergPrimitiveType(type)) {
      return "Invalid type for field " + name + ": " + type + " is not an Iceberg primitive type.";
    }
    if (f.contains("required") && !f["required"].is_boolean()) {
      return "required of field " + name + " must be a boolean.";
    }
    if (!f.contains("id")) f["id"] = next_id;
    if (f["id"].is_number_integer()) next_id = std::max(next_id, f["id"].get<int64_t>() + 1);
  }
  return "";
}

}  // namespace

S3Namespace* S3TablesService::FindNamespace(const SandboxRequest& r, const Args& a,
                                            SandboxResponse* error) {
  S3TableBucket* b = FindBucket(r, a.bucket_arn, error);
  if (b == nullptr) return nullptr;
  auto it = b->namespaces.find(a.namespace_name);
  if (it == b->namespaces.end()) {
    *error = S3TablesError(r, kS3tNotFound, "The specified namespace does not exist.");
    return nullptr;
  }
  return &it->second;
}

S3Table* S3TablesService::FindTable(const SandboxRequest& r, const Args& a,
                                    SandboxResponse* error) {
  S3Namespace* ns = FindNamespace(r, a, error);
  if (ns == nullptr) return nullptr;
  auto it = ns->tables.find(a.table_name);
  if (it == ns->tables.end()) {
    *error = S3TablesError(r, kS3tNotFound, "The specified table does not exist.");
    return nullptr;
  }
  return &it->second;
}

SandboxResponse S3TablesService::CreateNamespace(const SandboxRequest& r, const Args& a,
                                                 const Value& body, SandboxContext& c) {
  SandboxResponse err;
  S3TableBucket* b = FindBucket(r, a.bucket_arn, &err);
  if (b == nullptr) return err;
  if (!body.contains("namespace") || !body["namespace"].is_array() ||
      body["namespace"].size() != 1 || !body["namespace"][0].is_string()) {
    return S3TablesError(r, kS3tBadRequest, "namespace must be a list of exactly one name.");
  }
  std::string name = body["namespace"][0].get<std::string>();
  std::string problem = NamespaceNameProblem(name);
  if (!problem.empty()) return S3TablesError(r, kS3tBadRequest, problem);
  if (b->namespaces.count(name)) {
    return S3TablesError(r, kS3tConflict,
                         "A namespace with an identical name already exists in the bucket.");
  }
  S3Namespace ns;
  ns.name = name;
  ns.id = NewId();
  ns.created = c.Now();
  b->namespaces[name] = ns;
  return S3TablesOk(r, {{"tableBucketARN", b->arn}, {"namespace", Value::array({name})}});
}

SandboxResponse S3TablesService::GetNamespace(const SandboxRequest& r, const Args& a, const Value&,
                                              SandboxContext&) {
  SandboxResponse err;
  S3Namespace* ns = FindNamespace(r, a, &err);
  if (ns == nullptr) return err;
  return S3TablesOk(r, NamespaceSummary(buckets_[TableBucketNameOf(a.bucket_arn)], *ns));
}

SandboxResponse S3TablesService::ListNamespaces(const SandboxRequest& r, const Args& a,
                                                const Value&, SandboxContext&) {
  SandboxResponse err;
  S3TableBucket* b = FindBucket(r, a.bucket_arn, &err);
  if (b == nullptr) return err;
  S3tPage page;
  std::string bad = ReadS3tPage(r, "maxNamespaces", &page);
  if (!bad.empty()) return S3TablesError(r, kS3tBadRequest, bad);
  Value list = Value::array();
  std::string next;
  for (const auto& [name, ns] : b->namespaces) {
    if (!page.Wants(name)) continue;
    if (list.size() == page.max) {
      next = name;
      break;
    }
    list.push_back(NamespaceSummary(*b, ns));
  }
  Value out = {{"namespaces", list}};
  if (!next.empty()) out["continuationToken"] = S3tToken(next);
  return S3TablesOk(r, out);
}

SandboxResponse S3TablesService::DeleteNamespace(const SandboxRequest& r, const Args& a,
                                                 const Value&, SandboxContext&) {
  SandboxResponse err;
  S3Namespace* ns = FindNamespace(r, a, &err);
  if (ns == nullptr) return err;
  if (!ns->tables.empty()) {
    return S3TablesError(r, kS3tConflict, "The namespace is not empty: delete its tables first.");
  }
  buckets_[TableBucketNameOf(a.bucket_arn)].namespaces.erase(a.namespace_name);
  return S3TablesNoContent(r);
}

SandboxResponse S3TablesService::CreateTable(const SandboxRequest& r, const Args& a,
                                             const Value& body, SandboxContext& c) {
  SandboxResponse err;
  S3Namespace* ns = FindNamespace(r, a, &err);
  if (ns == nullptr) return err;
  std::string name = S3tString(body, "name");
  std::string problem = TableNameProblem(name);
  if (!problem.empty()) return S3TablesError(r, kS3tBadRequest, problem);
  std::string format = S3tString(body, "format");
  if (format != "ICEBERG") {
    return S3TablesError(r, kS3tBadRequest,
                         "Invalid format " + (format.empty() ? "(none)" : format) +
                             ": the only table format is ICEBERG.");
  }
  Value metadata;
  if (body.contains("metadata") && !body["metadata"].is_null()) {
    metadata = body["metadata"];
    std::string bad = CheckMetadata(&metadata);
    if (!bad.empty()) return S3TablesError(r, kS3tBadRequest, bad);
  }
  if (ns->tables.count(name)) {
    return S3TablesError(r, kS3tConflict,
                         "A table with an identical name already exists in the namespace.");
  }
  S3Table t;
  t.name = name;
  t.id = NewId();
  t.arn = a.bucket_arn + "/table/" + t.id;
  std::string compact = t.id;
  compact.erase(std::remove(compact.begin(), compact.end(), '-'), compact.end());
  t.warehouse_location = "s3://" + compact.substr(0, 24) + "--table-s3";
  if (!metadata.is_null()) {
    t.metadata_location = t.warehouse_location + "/metadata/00000-" + NewId() + ".metadata.json";
  }
  t.metadata = metadata;
  t.version_token = NewVersionToken();
  t.created = t.modified = c.Now();
  ns->tables[name] = t;
  return S3TablesOk(r, {{"tableARN", t.arn}, {"versionToken", t.version_token}});
}

SandboxResponse S3TablesService::GetTable(const SandboxRequest& r, const Args& a, const Value&,
                                          SandboxContext&) {
  std::string table_arn = r.QueryParam("tableArn");
  const S3TableBucket* bucket = nullptr;
  const S3Namespace* nspace = nullptr;
  const S3Table* table = nullptr;
  if (!table_arn.empty()) {
    if (!a.bucket_arn.empty() || !a.namespace_name.empty() || !a.table_name.empty()) {
      return S3TablesError(r, kS3tBadRequest,
                           "Specify either tableArn or tableBucketARN, namespace and name.");
    }
    for (const auto& [_, b] : buckets_) {
      for (const auto& [__, ns] : b.namespaces) {
        for (const auto& [___, t] : ns.tables) {
          if (t.arn == table_arn) bucket = &b, nspace = &ns, table = &t;
        }
      }
    }
    if (table == nullptr) {
      return S3TablesError(r, kS3tNotFound, "The specified table does not exist.");
    }
  } else {
    if (a.bucket_arn.empty() || a.namespace_name.empty() || a.table_name.empty()) {
      return S3TablesError(r, kS3tBadRequest,
                           "Specify either tableArn or tableBucketARN, namespace and name.");
    }
    SandboxResponse err;
    table = FindTable(r, a, &err);
    if (table == nullptr) return err;
    bucket = &buckets_[TableBucketNameOf(a.bucket_arn)];
    nspace = &bucket->namespaces.at(a.namespace_name);
  }
  Value out = {{"name", table->name},
               {"type", "customer"},
               {"tableARN", table->arn},
               {"namespace", Value::array({nspace->name})},
               {"namespaceId", nspace->id},
               {"versionToken", table->version_token},
               {"warehouseLocation", table->warehouse_location},
               {"createdAt", S3TablesTime(table->created)},
               {"createdBy", kSandboxAccountId},
               {"modifiedAt", S3TablesTime(table->modified)},
               {"modifiedBy", kSandboxAccountId},
               {"ownerAccountId", kSandboxAccountId},
               {"format", "ICEBERG"},
               {"tableBucketId", bucket->id}};
  if (!table->metadata_location.empty()) out["metadataLocation"] = table->metadata_location;
  return S3TablesOk(r, out);
}

SandboxResponse S3TablesService::ListTables(const SandboxRequest& r, const Args& a, const Value&,
                                            SandboxContext&) {
  SandboxResponse err;
  S3TableBucket* b = FindBucket(r, a.bucket_arn, &err);
  if (b == nullptr) return err;
  S3tPage page;
  std::string bad = ReadS3tPage(r, "maxTables", &page);
  if (!bad.empty()) return S3TablesError(r, kS3tBadRequest, bad);
  std::string only_ns = r.QueryParam("namespace");
  if (!only_ns.empty() && !b->namespaces.count(only_ns)) {
    return S3TablesError(r, kS3tNotFound, "The specified namespace does not exist.");
  }
  Value list = Value::array();
  std::string next;
  for (const auto& [ns_name, ns] : b->namespaces) {
    if (!only_ns.empty() && ns_name != only_ns) continue;
    for (const auto& [name, t] : ns.tables) {
      // Keys sort as (namespace, table): '/' sorts before every character of a name.
      std::string key = ns_name + "/" + name;
      if (name.rfind(page.prefix, 0) != 0 || key < page.start) continue;
      if (list.size() == page.max) {
        next = key;
        break;
      }
      list.push_back(TableSummary(*b, ns, t));
    }
    if (!next.empty()) break;
  }
  Value out = {{"tables", list}};
  if (!next.empty()) out["continuationToken"] = S3tToken(next);
  return S3TablesOk(r, out);
}

SandboxResponse S3TablesService::DeleteTable(const SandboxRequest& r, const Args& a, const Value&,
                                             SandboxContext&) {
  SandboxResponse err;
  S3Table* t = FindTable(r, a, &err);
  if (t == nullptr) return err;
  if (r.HasQueryParam("versionToken") && r.QueryParam("versionToken") != t->version_token) {
    return S3TablesError(r, kS3tConflict, kStaleToken);
  }
  buckets_[TableBucketNameOf(a.bucket_arn)]
      .namespaces.at(a.namespace_name)
      .tables.erase(a.table_name);
  return S3TablesNoContent(r);
}

SandboxResponse S3TablesService::GetTableMetadataLocation(const SandboxRequest& r, const Args& a,
                                                          const Value&, SandboxContext&) {
  SandboxResponse err;
  S3Table* t = FindTable(r, a, &err);
  if (t == nullptr) return err;
  Value out = {{"versionToken", t->version_token}, {"warehouseLocation", t->warehouse_location}};
  if (!t->metadata_location.empty()) out["metadataLocation"] = t->metadata_location;
  return S3TablesOk(r, out);
}

SandboxResponse S3TablesService::UpdateTableMetadataLocation(const SandboxRequest& r, const Args& a,
                                                             const Value& body, SandboxContext& c) {
  SandboxResponse err;
  S3Table* t = FindTable(r, a, &err);
  if (t == nullptr) return err;
  std::string token = S3tString(body, "versionToken");
  std::string location = S3tString(body, "metadataLocation");
  if (token.empty()) return S3TablesError(r, kS3tBadRequest, "versionToken is required.");
  if (location.rfind("s3://", 0) != 0) {
    return S3TablesError(r, kS3tBadRequest, "metadataLocation must be an s3:// URI.");
  }
  if (token != t->version_token) return S3TablesError(r, kS3tConflict, kStaleToken);
  t->metadata_location = location;
  t->version_token = NewVersionToken();
  t->modified = c.Now();
  return S3TablesOk(r, {{"name", t->name},
                        {"tableARN", t->arn},
                        {"namespace", Value::array({a.namespace_name})},
                        {"versionToken", t->version_token},
                        {"metadataLocation", t->metadata_location}});
}

}  // namespace causeway::sandbox
