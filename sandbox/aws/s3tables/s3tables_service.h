// Amazon S3 Tables emulator (REST-JSON, botocore s3tables 2018-05-10, signing name "s3tables").
//  - Table buckets: CreateTableBucket, GetTableBucket, ListTableBuckets (prefix, maxBuckets,
//    continuationToken), DeleteTableBucket (ConflictException while it holds namespaces), their
//    encryption (Get/Put/DeleteTableBucketEncryption; AES256 unless set), maintenance
//    (Get/PutTableBucketMaintenanceConfiguration; unreferenced-file removal enabled, 3 and 10
//    days, unless set) and resource policy (Get/Put/DeleteTableBucketPolicy).
//  - Namespaces: CreateNamespace, GetNamespace, ListNamespaces (prefix, maxNamespaces,
//    continuationToken), DeleteNamespace (ConflictException while it holds tables).
//  - Tables: CreateTable (format ICEBERG; an optional metadata.iceberg.schema of primitive
//    fields, which writes the first metadata file), GetTable (by bucket + namespace + name or by
//    tableArn), ListTables (namespace, prefix, maxTables, continuationToken), DeleteTable (an
//    optional versionToken), Get/UpdateTableMetadataLocation. Every table has a warehouseLocation
//    ("s3://<id>--table-s3") and a versionToken that changes on every update; the token is a
//    compare-and-swap guard: a stale one is a ConflictException (HTTP 409).
// Routes are REST paths with the bucket ARN as one percent-encoded label
// ("/buckets/arn%3Aaws%3As3tables%3A...%3Abucket%2Fname/policy"); an ARN sent with a literal '/'
// is accepted too. Names follow s3tables_names.h. Errors: BadRequestException (400),
// NotFoundException (404), ConflictException (409), as x-amzn-ErrorType plus a JSON body.
// Thread-safety: called under the server's dispatch lock (see service.h).
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "sandbox/aws/aws_service.h"
#include "sandbox/core/operation_table.h"

namespace causeway::sandbox {

struct S3Table {
  std::string name, id, arn, version_token, warehouse_location, metadata_location;
  Value metadata;  // the CreateTable metadata member ({iceberg: {schema: ...}}), or null
  std::chrono::system_clock::time_point created, modified;
};

struct S3Namespace {
  std::string name, id;
  std::chrono::system_clock::time_point created;
  std::map<std::string, S3Table> tables;  // by name
};

struct S3TableBucket {
  std::string name, arn, id;
  std::chrono::system_clock::time_point created;
  Value encryption;                               // EncryptionConfiguration
  Value maintenance;                              // TableBucketMaintenanceConfiguration
  std::string policy;                             // resource policy text; "" when none
  std::map<std::string, S3Namespace> namespaces;  // by name
};

// What a request's method and path name: the operation and its path labels.
struct S3TablesRoute {
  std::string operation;
  std::string bucket_arn, namespace_name, table_name, maintenance_type;
};

class S3TablesService : public AwsService {
 public:
  std::string name() const override { return "s3tables"; }
  AwsProtocol protocol() const override { return AwsProtocol::kRestJson; }
  std::string OperationName(const SandboxRequest& request) const override;
  SandboxResponse Handle(const SandboxRequest& request, SandboxContext& context) override;
  std::vector<std::string> Operations() const override;
  Value Dump() const override;
  Status Load(const Value& state) override;
  void Reset() override;

  // Parses method + path; operation "" when they name none.
  static S3TablesRoute Route(const SandboxRequest& request);

 private:
  using Args = S3TablesRoute;
  using Operations_ = OperationTable<S3TablesService, const SandboxRequest&, const Args&,
                                     const Value&, SandboxContext&>;
  static const Operations_& Table();

#define CW_S3T_OP(name) \
  SandboxResponse name(const SandboxRequest& r, const Args& a, const Value& body, SandboxContext& c)
  CW_S3T_OP(CreateTableBucket);
  CW_S3T_OP(GetTableBucket);
  CW_S3T_OP(ListTableBuckets);
  CW_S3T_OP(DeleteTableBucket);
  CW_S3T_OP(GetTableBucketEncryption);
  CW_S3T_OP(PutTableBucketEncryption);
  CW_S3T_OP(DeleteTableBucketEncryption);
  CW_S3T_OP(GetTableBucketMaintenanceConfiguration);
  CW_S3T_OP(PutTableBucketMaintenanceConfiguration);
  CW_S3T_OP(GetTableBucketPolicy);
  CW_S3T_OP(PutTableBucketPolicy);
  CW_S3T_OP(DeleteTableBucketPolicy);
  CW_S3T_OP(CreateNamespace);
  CW_S3T_OP(GetNamespace);
  CW_S3T_OP(ListNamespaces);
  CW_S3T_OP(DeleteNamespace);
  CW_S3T_OP(CreateTable);
  CW_S3T_OP(GetTable);
  CW_S3T_OP(ListTables);
  CW_S3T_OP(DeleteTable);
  CW_S3T_OP(GetTableMetadataLocation);
  CW_S3T_OP(UpdateTableMetadataLocation);
#undef CW_S3T_OP

  // The bucket an ARN names, or nullptr (then *error is the reply to send).
  S3TableBucket* FindBucket(const SandboxRequest& r, const std::string& arn,
                            SandboxResponse* error);
  S3Namespace* FindNamespace(const SandboxRequest& r, const Args& a, SandboxResponse* error);
  S3Table* FindTable(const SandboxRequest& r, const Args& a, SandboxResponse* error);
  // A fresh id (UUID-shaped) and version token; both advance next_id_.
  std::string NewId();
  std::string NewVersionToken();

  std::map<std::string, S3TableBucket> buckets_;  // by name
  uint64_t next_id_ = 1;
};

std::unique_ptr<SandboxService> NewS3TablesService();

}  // namespace causeway::sandbox
