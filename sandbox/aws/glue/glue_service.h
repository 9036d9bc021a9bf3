// Glue emulator (JSON 1.1, X-Amz-Target AWSGlue.<Op>, botocore model glue/service-2.json): the
// Data Catalog's databases, tables and partitions, and crawlers.
//  - Databases: CreateDatabase, GetDatabase, GetDatabases (NextToken/MaxResults), UpdateDatabase,
//    DeleteDatabase (drops its tables and their partitions).
//  - Tables: CreateTable, GetTable, GetTables (per database; NextToken/MaxResults; Expression is
//    a name pattern: '*' wildcards and '|' alternatives, case-insensitive), UpdateTable (replaces
//    the TableInput, bumps VersionId), DeleteTable, BatchDeleteTable.
//  - Partitions: CreatePartition, BatchCreatePartition (per-item Errors), GetPartition,
//    GetPartitions (NextToken/MaxResults; an Expression is rejected with InvalidInputException:
//    predicates are not emulated), DeletePartition.
//  - Crawlers: CreateCrawler, GetCrawler, GetCrawlers, UpdateCrawler, DeleteCrawler, StartCrawler,
//    StopCrawler, GetCrawlerMetrics.
//  - Jobs: CreateJob, GetJob, GetJobs, UpdateJob, DeleteJob (glue_job_ops.cc; runs not emulated).
//  Crawlers and jobs: Create/Update check, like Glue, that the role
//    exists in the IAM emulator and trusts glue.amazonaws.com (and honour the injected IAM
//    consistency delay): "Service is unable to assume provided role" otherwise. A started crawler
//    runs in emulated time (SandboxContext::Now()): RUNNING for GlueServiceOptions::run_time,
//    then it crawls the S3 emulator (glue_crawl.h) and writes tables and partitions, STOPPING for
//    stopping_time, then READY with LastCrawl.Status SUCCEEDED (FAILED with an ErrorMessage when
//    the role or S3 is unusable; CANCELLED after StopCrawler). Progress is applied lazily at the
//    start of every Glue request.
// Names of databases and tables are stored lower-cased, as Glue does. Errors use Glue's codes
// (EntityNotFoundException, AlreadyExistsException, InvalidInputException,
// CrawlerRunningException, CrawlerNotRunningException) with Glue's messages.
// Thread-safety: called under the server's dispatch lock (see service.h).
#pragma once

#include <chrono>
#include <map>
#include <memory>
#include <string>

#include "sandbox/aws/aws_service.h"
#include "sandbox/core/operation_table.h"

namespace causeway::sandbox {

struct GlueServiceOptions {
  std::chrono::milliseconds run_time{2000};      // RUNNING, before the crawl is applied
  std::chrono::milliseconds stopping_time{500};  // STOPPING, before READY
};

// Internal state of a crawler besides its Glue-shaped description.
struct GlueCrawler {
  Value spec = Value::object();  // the Crawler shape minus State/LastCrawl/CrawlElapsedTime
  std::string state = "READY";   // READY | RUNNING | STOPPING
  std::chrono::system_clock::time_point started_at;
  std::chrono::system_clock::time_point stopping_until;  // when STOPPING ends
  bool cancel = false;                                   // StopCrawler was called during this run
  Value last_crawl;                                      // LastCrawlInfo or null
  Value metrics = Value::object();  // TablesCreated/TablesUpdated/LastRuntimeSeconds
};

class GlueService : public AwsService {
 public:
  explicit GlueService(GlueServiceOptions options = {}) : options_(options) {}

  std::string name() const override { return "glue"; }
  AwsProtocol protocol() const override { return AwsProtocol::kJson; }
  std::string target_prefix() const override { return "AWSGlue"; }
  SandboxResponse Handle(const SandboxRequest& request, SandboxContext& context) override;
  std::vector<std::string> Operations() const override;
  Value Dump() const override;
  Status Load(const Value& state) override;
  void Reset() override;

  // Catalog writes used by the crawler (names are lower-cased). Returns true if the table was
  // created, false if it replaced an existing one's schema.
  bool UpsertCrawledTable(const std::string& database, const Value& table_input,
                          std::chrono::system_clock::time_point now);
  void EnsureDatabase(const std::string& database, std::chrono::system_clock::time_point now);
  // Adds a partition if absent (by values).
  void AddPartitionIfMissing(const std::string& database, const std::string& table,
                             const Value& partition_input,
                             std::chrono::system_clock::time_point now);

 private:
  using Operations_ =
      OperationTable<GlueService, const Value&, const SandboxRequest&, SandboxContext&>;
  static const Operations_& Table();

  // Databases, tables, partitions (glue_service.cc).
  SandboxResponse CreateDatabase(const Value& in, const SandboxRequest& r, SandboxContext& c);
  SandboxResponse GetDatabase(const Value& in, const SandboxRequest& r, SandboxContext& c);
  SandboxResponse GetDatabases(const Value& in, const SandboxRequest& r, SandboxContext& c);
  SandboxResponse UpdateDatabase(const Value& in, const SandboxRequest& r, SandboxContext& c);
  SandboxResponse DeleteDatabase(const Value& in, const SandboxRequest& r, SandboxContext& c);
  SandboxResponse CreateTable(const Value& in, const SandboxRequest& r, SandboxContext& c);
  SandboxResponse GetTable(const Value& in, const SandboxRequest& r, SandboxContext& c);
  SandboxResponse GetTables(const Value& in, const SandboxRequest& r, SandboxContext& c);
  SandboxResponse UpdateTable(const Value& in, const SandboxRequest& r, SandboxContext& c);
  SandboxResponse DeleteTable(const Value& in, const SandboxRequest& r, SandboxContext& c);
  SandboxResponse BatchDeleteTable(const Value& in, const SandboxRequest& r, SandboxContext& c);
  SandboxResponse CreatePartition(const Value& in, const SandboxRequest& r, SandboxContext& c);
  SandboxResponse BatchCreatePartition(const Value& in, const SandboxRequest& r, SandboxContext& c);
  SandboxResponse GetPartition(const Value& in, const SandboxRequest& r, SandboxContext& c);
  SandboxResponse GetPartitions(const Value& in, const SandboxRequest& r, SandboxContext& c);
  SandboxResponse DeletePartition(const Value& in, const SandboxRequest& r, SandboxContext& c);
  // Crawlers (glue_crawler_ops.cc).
  SandboxResponse CreateCrawler(const Value& in, const SandboxRequest& r, SandboxContext& c);
  SandboxResponse GetCrawler(const Value& in, const SandboxRequest& r, SandboxContext& c);
  SandboxResponse GetCrawlers(const Value& in, const SandboxRequest& r, SandboxContext& c);
  SandboxResponse UpdateCrawler(const Value& in, const SandboxRequest& r, SandboxContext& c);
  SandboxResponse DeleteCrawler(const Value& in, const SandboxRequest& r, SandboxContext& c);
  SandboxResponse StartCrawler(const Value& in, const SandboxRequest& r, SandboxContext& c);
  SandboxResponse StopCrawler(const Value& in, const SandboxRequest& r, SandboxContext& c);
  SandboxResponse GetCrawlerMetrics(const Value& in, const SandboxRequest& r, SandboxContext& c);
  // Jobs (glue_job_ops.cc).
  SandboxResponse CreateJob(const Value& in, const SandboxRequest& r, SandboxContext& c);
  SandboxResponse GetJob(const Value& in, const SandboxRequest& r, SandboxContext& c);
  SandboxResponse GetJobs(const Value& in, const SandboxRequest& r, SandboxContext& c);
  SandboxResponse UpdateJob(const Value& in, const SandboxRequest& r, SandboxContext& c);
  SandboxResponse DeleteJob(const Value& in, const SandboxRequest& r, SandboxContext& c);

  // For the crawler operations: the crawler `in` names ("Name"), or the end of crawlers_ with
  // the InvalidInputException (no name) or EntityNotFoundException in *error.
  std::map<std::string, GlueCrawler>::iterator NamedCrawler(const Value& in,
                                                            const SandboxRequest& r,
                                                            SandboxResponse* error);
  // For the partition operations: the stored table db.table, or null with the
  // EntityNotFoundException for its database or itself in *error.
  const Value* ExistingTable(const SandboxRequest& r, const std::string& db,
                             const std::string& table, SandboxResponse* error);
  // Moves running crawlers forward to context.Now(); true if anything changed.
  bool AdvanceCrawlers(SandboxContext& c);
  // Runs one crawl against the S3 emulator; returns "" or an error message for LastCrawl.
  std::string Crawl(GlueCrawler& crawler, SandboxContext& c);
  // "" when Glue could assume `role`; otherwise Glue's error message.
  std::string CheckRole(const std::string& role, SandboxContext& c) const;
  Value CrawlerJson(const GlueCrawler& crawler, std::chrono::system_clock::time_point now) const;

  GlueServiceOptions options_;
  std::map<std::string, Value> databases_;                      // lower name -> Database
  std::map<std::string, std::map<std::string, Value>> tables_;  // db -> lower name -> Table
  // db -> table -> partition key ("v1\x1fv2") -> Partition
  std::map<std::string, std::map<std::string, std::map<std::string, Value>>> partitions_;
  std::map<std::string, GlueCrawler> crawlers_;  // by name (case-sensitive, as Glue)
  std::map<std::string, Value> jobs_;            // by name: the Job shape
};

// Default options, except that the environment variables CAUSEWAY_SANDBOX_GLUE_CRAWL_MS and
// CAUSEWAY_SANDBOX_GLUE_STOPPING_MS (non-negative integers) override run_time and stopping_time.
std::unique_ptr<SandboxService> NewGlueService();
std::unique_ptr<SandboxService> NewGlueService(GlueServiceOptions options);

}  // namespace causeway::sandbox
