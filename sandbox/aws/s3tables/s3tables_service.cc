// S3 Tables emulator: routing, table buckets (with encryption, maintenance and policy), the
// shared lookups and persistence. Namespaces and tables: s3tables_tables.cc.
#include "sandbox/aws/s3tables/s3tables_service.h"

#include <cstdio>

#include "reconciler/core/ascii.h"
#include "sandbox/aws/errors.h"
#include "sandbox/aws/s3tables/s3tables_names.h"
#include "sandbox/aws/s3tables/s3tables_wire.h"
#include "sandbox/core/url_encoding.h"

namespace causeway::sandbox {

namespace {

// Decoded path segments; a bucket ARN sent with a literal '/' ("...:bucket" + "name") is joined
// back into one segment.
std::vector<std::string> Segments(const std::string& raw_path) {
  std::vector<std::string> out;
  size_t start = 1;
  while (start <= raw_path.size()) {
    size_t end = raw_path.find('/', start);
    if (end == std::string::npos) end = raw_path.size();
    if (end > start) out.push_back(UrlDecode(raw_path.substr(start, end - start), false));
    start = end + 1;
  }
  std::vector<std::string> joined;
  for (size_t i = 0; i < out.size(); ++i) {
    const std::string& s = out[i];
    if (s.rfind("arn:", 0) == 0 && s.size() >= 7 && s.compare(s.size() - 7, 7, ":bucket") == 0 &&
        i + 1 < out.size()) {
      joined.push_back(s + "/" + out[++i]);
    } else {
      joined.push_back(s);
    }
  }
  return joined;
}

Value DefaultEncryption() { return {{"sseAlgorithm", "AES256"}}; }

Value DefaultMaintenance() {
  return {{"icebergUnreferencedFileRemoval",
           {{"status", "enabled"},
            {"settings",
             {{"icebergUnreferencedFileRemoval",
               {{"unreferencedDays", 3}, {"nonCurrentDays", 10}}}}}}}};
}

// "" when `enc` is a valid EncryptionConfiguration, else the message.
std::string EncryptionProblem(const Value& enc) {
  if (!enc.is_object() || !enc.contains("sseAlgorithm") || !enc["sseAlgorithm"].is_string()) {
    return "encryptionConfiguration.sseAlgorithm is required.";
  }
  std::string alg = enc["sseAlgorithm"].get<std::string>();
  if (alg != "AES256" && alg != "aws:kms") {
    return "Invalid sseAlgorithm " + alg + ": expected AES256 or aws:kms.";
  }
  bool has_key = enc.contains("kmsKeyArn") && enc["kmsKeyArn"].is_string() &&
                 !enc["kmsKeyArn"].get<std::string>().empty();
  if (alg == "aws:kms" && !has_key) return "kmsKeyArn is required for aws:kms encryption.";
  if (alg == "AES256" && has_key) return "kmsKeyArn is only valid with aws:kms encryption.";
  return "";
}

Value BucketSummary(const S3TableBucket& b) {
  return {{"arn", b.arn},
          {"name", b.name},
          {"ownerAccountId", kSandboxAccountId},
          {"createdAt", S3TablesTime(b.created)},
          {"tableBucketId", b.id},
          {"type", "customer"}};
}

}  // namespace

S3TablesRoute S3TablesService::Route(const SandboxRequest& r) {
  S3TablesRoute a;
  std::vector<std::string> s = Segments(r.path);
  const std::string& m = r.method;
  auto is = [&](size_t n, const char* first) { return s.size() == n && s[0] == first; };
  if (s.empty()) return a;
  if (s.size() >= 2) a.bucket_arn = s[1];
  if (is(1, "buckets")) {
    a.operation = m == "PUT" ? "CreateTableBucket" : m == "GET" ? "ListTableBuckets" : "";
  } else if (is(2, "buckets")) {
    a.operation = m == "GET" ? "GetTableBucket" : m == "DELETE" ? "DeleteTableBucket" : "";
  } else if (is(3, "buckets") && (s[2] == "encryption" || s[2] == "policy")) {
    std::string what = s[2] == "encryption" ? "TableBucketEncryption" : "TableBucketPolicy";
    a.operation = m == "GET"      ? "Get" + what
                  : m == "PUT"    ? "Put" + what
                  : m == "DELETE" ? "Delete" + what
                                  : "";
  } else if (is(3, "buckets") && s[2] == "maintenance" && m == "GET") {
    a.operation = "GetTableBucketMaintenanceConfiguration";
  } else if (is(4, "buckets") && s[2] == "maintenance" && m == "PUT") {
    a.operation = "PutTableBucketMaintenanceConfiguration";
    a.maintenance_type = s[3];
  } else if (is(2, "namespaces")) {
    a.operation = m == "PUT" ? "CreateNamespace" : m == "GET" ? "ListNamespaces" : "";
  } else if (is(3, "namespaces")) {
    a.namespace_name = s[2];
    a.operation = m == "GET" ? "GetNamespace" : m == "DELETE" ? "DeleteNamespace" : "";
  } else if (is(2, "tables")) {
    a.operation = m == "GET" ? "ListTables" : "";
  } else if (is(3, "tables")) {
    a.namespace_name = s[2];
    a.operation = m == "PUT" ? "CreateTable" : "";
  } else if (is(4, "tables")) {
    a.namespace_name = s[2];
    a.table_name = s[3];
    a.operation = m == "DELETE" ? "DeleteTable" : "";
  } else if (is(5, "tables") && s[4] == "metadata-location") {
    a.namespace_name = s[2];
    a.table_name = s[3];
    a.operation = m == "GET"   ? "GetTableMetadataLocation"
                  : m == "PUT" ? "UpdateTableMetadataLocation"
                               : "";
  } else if (is(1, "get-table") && m == "GET") {
    a.operation = "GetTable";
    a.bucket_arn = r.QueryParam("tableBucketARN");
    a.namespace_name = r.QueryParam("namespace");
    a.table_name = r.QueryParam("name");
  }
  return a;
}

std::string S3TablesService::OperationName(const SandboxRequest& request) const {
  return Route(request).operation;
}

const S3TablesService::Operations_& S3TablesService::Table() {
  static const Operations_ table = {
      {"CreateTableBucket", &S3TablesService::CreateTableBucket},
      {"GetTableBucket", &S3TablesService::GetTableBucket},
      {"ListTableBuckets", &S3TablesService::ListTableBuckets},
      {"DeleteTableBucket", &S3TablesService::DeleteTableBucket},
      {"GetTableBucketEncryption", &S3TablesService::GetTableBucketEncryption},
      {"PutTableBucketEncryption", &S3TablesService::PutTableBucketEncryption},
      {"DeleteTableBucketEncryption", &S3TablesService::DeleteTableBucketEncryption},
      {"GetTableBucketMaintenanceConfiguration",
       &S3TablesService::GetTableBucketMaintenanceConfiguration},
      {"PutTableBucketMaintenanceConfiguration",
       &S3TablesService::PutTableBucketMaintenanceConfiguration},
      {"GetTableBucketPolicy", &S3TablesService::GetTableBucketPolicy},
      {"PutTableBucketPolicy", &S3TablesService::PutTableBucketPolicy},
      {"DeleteTableBucketPolicy", &S3TablesService::DeleteTableBucketPolicy},
      {"CreateNamespace", &S3TablesService::CreateNamespace},
      {"GetNamespace", &S3TablesService::GetNamespace},
      {"ListNamespaces", &S3TablesService::ListNamespaces},
      {"DeleteNamespace", &S3TablesService::DeleteNamespace},
      {"CreateTable", &S3TablesService::CreateTable},
      {"GetTable", &S3TablesService::GetTable},
      {"ListTables", &S3TablesService::ListTables},
      {"DeleteTable", &S3TablesService::DeleteTable},
      {"GetTableMetadataLocation", &S3TablesService::GetTableMetadataLocation},
      {"UpdateTableMetadataLocation", &S3TablesService::UpdateTableMetadataLocation},
  };
  return table;
}

std::vector<std::string> S3TablesService::Operations() const { return Table().Operations(); }

SandboxResponse S3TablesService::Handle(const SandboxRequest& r, SandboxContext& c) {
  S3TablesRoute a = Route(r);
  auto handler = Table().Find(a.operation);
  if (handler == nullptr) {
    return RestJsonError(404, "UnknownOperationException",
                         "causeway-sandbox does not emulate s3tables " + r.method + " " + r.path,
                         r.request_id);
  }
  Value body = Value::object();
  if (r.body.find_first_not_of(" \t\r\n") != std::string::npos) {
    try {
      body = Value::parse(r.body);
    } catch (const nlohmann::json::exception&) {
      return S3TablesError(r, kS3tBadRequest, "Request body is not valid JSON.");
    }
    if (!body.is_object())
      return S3TablesError(r, kS3tBadRequest, "Request body must be an object.");
  }
  try {
    return (this->*handler)(r, a, body, c);
  } catch (const nlohmann::json::exception& e) {
    return S3TablesError(r, kS3tBadRequest, std::string("Malformed request: ") + e.what());
  }
}

std::string S3TablesService::NewId() {
  char buf[40];
  uint64_t n = next_id_++;
  std::snprintf(buf, sizeof buf, "%08llx-5a3b-4c7d-8e9f-%012llx",
                static_cast<unsigned long long>(n * 2654435761ULL & 0xffffffffULL),
                static_cast<unsigned long long>(n));
  return buf;
}

std::string S3TablesService::NewVersionToken() {
  char buf[24];
  uint64_t n = next_id_++;
  std::snprintf(buf, sizeof buf, "%020llx",
                static_cast<unsigned long long>(n * 0x9E3779B97F4A7C15ULL));
  return buf;
}

S3TableBucket* S3TablesService::FindBucket(const SandboxRequest& r, const std::string& arn,
                                           SandboxResponse* error) {
  std::string name;
  if (!ParseTableBucketArn(arn, &name)) {
    *error = S3TablesError(r, kS3tBadRequest, "Invalid table bucket ARN: " + arn);
    return nullptr;
  }
  auto it = buckets_.find(name);
  if (it == buckets_.end() || it->second.arn != arn) {
    *error = S3TablesError(r, kS3tNotFound, "The specified bucket does not exist.");
    return nullptr;
  }
  return &it->second;
}

SandboxResponse S3TablesService::CreateTableBucket(const SandboxRequest& r, const Args&,
                                                   const Value& body, SandboxContext& c) {
  std::string name = S3tString(body, "name");
  std::string problem = TableBucketNameProblem(name);
  if (!problem.empty()) return S3TablesError(r, kS3tBadRequest, problem);
  Value enc = DefaultEncryption();
  if (body.contains("encryptionConfiguration") && !body["encryptionConfiguration"].is_null()) {
    enc = body["encryptionConfiguration"];
    std::string bad = EncryptionProblem(enc);
    if (!bad.empty()) return S3TablesError(r, kS3tBadRequest, bad);
  }
  if (buckets_.count(name)) {
    return S3TablesError(r, kS3tConflict,
                         "The bucket that you tried to create already exists, and you own it.");
  }
  std::string region = r.region.empty() ? kSandboxDefaultRegion : r.region;
  S3TableBucket b;
  b.name = name;
  b.arn = "arn:aws:s3tables:" + region + ":" + kSandboxAccountId + ":bucket/" + name;
  b.id = NewId();
  b.created = c.Now();
  b.encryption = enc;
  b.maintenance = DefaultMaintenance();
  buckets_[name] = b;
  return S3TablesOk(r, {{"arn", b.arn}});
}

SandboxResponse S3TablesService::GetTableBucket(const SandboxRequest& r, const Args& a,
                                                const Value&, SandboxContext&) {
  SandboxResponse err;
  S3TableBucket* b = FindBucket(r, a.bucket_arn, &err);
  if (b == nullptr) return err;
  return S3TablesOk(r, BucketSummary(*b));
}

SandboxResponse S3TablesService::ListTableBuckets(const SandboxRequest& r, const Args&,
                                                  const Value&, SandboxContext&) {
  S3tPage page;
  std::string bad = ReadS3tPage(r, "maxBuckets", &page);
  if (!bad.empty()) return S3TablesError(r, kS3tBadRequest, bad);
  std::string type = r.QueryParam("type");
  if (!type.empty() && type != "customer" && type != "aws") {
    return S3TablesError(r, kS3tBadRequest, "Invalid type " + type + ".");
  }
  Value list = Value::array();
  std::string next;
  for (const auto& [name, b] : buckets_) {
    if (type == "aws" || !page.Wants(name)) continue;
    if (list.size() == page.max) {
      next = name;
      break;
    }
    list.push_back(BucketSummary(b));
  }
  Value out = {{"tableBuckets", list}};
  if (!next.empty()) out["continuationToken"] = S3tToken(next);
  return S3TablesOk(r, out);
}

SandboxResponse S3TablesService::DeleteTableBucket(const SandboxRequest& r, const Args& a,
                                                   const Value&, SandboxContext&) {
  SandboxResponse err;
  S3TableBucket* b = FindBucket(r, a.bucket_arn, &err);
  if (b == nullptr) return err;
  if (!b->namespaces.empty()) {
    return S3TablesError(r, kS3tConflict,
                         "The table bucket is not empty: delete its namespaces and tables first.");
  }
  buckets_.erase(b->name);
  return S3TablesNoContent(r);
}

SandboxResponse S3TablesService::GetTableBucketEncryption(const SandboxRequest& r, const Args& a,
                                                          const Value&, SandboxContext&) {
  SandboxResponse err;
  S3TableBucket* b = FindBucket(r, a.bucket_arn, &err);
  if (b == nullptr) return err;
  return S3TablesOk(r, {{"encryptionConfiguration", b->encryption}});
}

SandboxResponse S3TablesService::PutTableBucketEncryption(const SandboxRequest& r, const Args& a,
                                                          const Value& body, SandboxContext&) {
  SandboxResponse err;
  S3TableBucket* b = FindBucket(r, a.bucket_arn, &err);
  if (b == nullptr) return err;
  Value enc = body.contains("encryptionConfiguration") ? body["encryptionConfiguration"] : Value();
  std::string bad = EncryptionProblem(enc);
  if (!bad.empty()) return S3TablesError(r, kS3tBadRequest, bad);
  b->encryption = enc;
  return S3TablesOk(r, Value::object());
}

SandboxResponse S3TablesService::DeleteTableBucketEncryption(const SandboxRequest& r, const Args& a,
                                                             const Value&, SandboxContext&) {
  SandboxResponse err;
  S3TableBucket* b = FindBucket(r, a.bucket_arn, &err);
  if (b == nullptr) return err;
  b->encryption = DefaultEncryption();
  return S3TablesNoContent(r);
}

SandboxResponse S3TablesService::GetTableBucketMaintenanceConfiguration(const SandboxRequest& r,
                                                                        const Args& a, const Value&,
                                                                        SandboxContext&) {
  SandboxResponse err;
  S3TableBucket* b = FindBucket(r, a.bucket_arn, &err);
  if (b == nullptr) return err;
  return S3TablesOk(r, {{"tableBucketARN", b->arn}, {"configuration", b->maintenance}});
}

SandboxResponse S3TablesService::PutTableBucketMaintenanceConfiguration(const SandboxRequest& r,
                                                                        const Args& a,
                                                                        const Value& body,
                                                                        SandboxContext&) {
  SandboxResponse err;
  S3TableBucket* b = FindBucket(r, a.bucket_arn, &err);
  if (b == nullptr) return err;
  if (a.maintenance_type != "icebergUnreferencedFileRemoval") {
    return S3TablesError(r, kS3tBadRequest,
                         "Invalid maintenance type " + a.maintenance_type +
                             ": expected icebergUnreferencedFileRemoval.");
  }
  if (!body.contains("value") || !body["value"].is_object()) {
    return S3TablesError(r, kS3tBadRequest, "value is required.");
  }
  const Value& v = body["value"];
  std::string status = S3tString(v, "status");
  if (!status.empty() && status != "enabled" && status != "disabled") {
    return S3TablesError(r, kS3tBadRequest, "Invalid status " + status + ".");
  }
  Value stored = b->maintenance[a.maintenance_type];
  if (!status.empty()) stored["status"] = status;
  if (v.contains("settings") && v["settings"].is_object()) {
    const Value& s = v["settings"].value(a.maintenance_type, Value::object());
    for (const char* days : {"unreferencedDays", "nonCurrentDays"}) {
      if (!s.contains(days)) continue;
      if (!s[days].is_number_integer() || s[days].get<int64_t>() < 1) {
        return S3TablesError(r, kS3tBadRequest, std::string(days) + " must be a positive integer.");
      }
      stored["settings"][a.maintenance_type][days] = s[days];
    }
  }
  b->maintenance[a.maintenance_type] = stored;
  SandboxResponse resp = S3TablesNoContent(r);
  return resp;
}

SandboxResponse S3TablesService::GetTableBucketPolicy(const SandboxRequest& r, const Args& a,
                                                      const Value&, SandboxContext&) {
  SandboxResponse err;
  S3TableBucket* b = FindBucket(r, a.bucket_arn, &err);
  if (b == nullptr) return err;
  if (b->policy.empty()) {
    return S3TablesError(r, kS3tNotFound, "The table bucket policy does not exist.");
  }
  return S3TablesOk(r, {{"resourcePolicy", b->policy}});
}

SandboxResponse S3TablesService::PutTableBucketPolicy(const SandboxRequest& r, const Args& a,
                                                      const Value& body, SandboxContext&) {
  SandboxResponse err;
  S3TableBucket* b = FindBucket(r, a.bucket_arn, &err);
  if (b == nullptr) return err;
  std::string policy = S3tString(body, "resourcePolicy");
  if (policy.empty()) return S3TablesError(r, kS3tBadRequest, "resourcePolicy is required.");
  Value doc;
  try {
    doc = Value::parse(policy);
  } catch (const nlohmann::json::exception&) {
    return S3TablesError(r, kS3tBadRequest, "Policies must be valid JSON.");
  }
  if (!doc.is_object() || !doc.contains("Statement")) {
    return S3TablesError(r, kS3tBadRequest, "Policies must be a JSON object with a Statement.");
  }
  b->policy = policy;
  return S3TablesOk(r, Value::object());
}

SandboxResponse S3TablesService::DeleteTableBucketPolicy(const SandboxRequest& r, const Args& a,
                                                         const Value&, SandboxContext&) {
  SandboxResponse err;
  S3TableBucket* b = FindBucket(r, a.bucket_arn, &err);
  if (b == nullptr) return err;
  b->policy.clear();
  return S3TablesNoContent(r);
}

std::unique_ptr<SandboxService> NewS3TablesService() { return std::make_unique<S3TablesService>(); }

}  // namespace causeway::sandbox
