// aws.s3tables.table_bucket: an S3 Tables table bucket (the Iceberg warehouse of seed 003) with
// its default encryption (sse_algorithm AES256 or aws:kms with kms_key_arn) and its maintenance
// (unreferenced-file removal: on/off, unreferenced_days, non_current_days). Id: the bucket ARN.
// Output: arn. Holds data (its namespaces and tables): S3 Tables refuses to delete a bucket that
// still holds namespaces, and Causeway asks for the data opt-in as for other buckets.
// Bulk observe: one paginated ListTableBuckets tells which buckets exist; the settings have no
// list, so each managed bucket that exists is read with GetTableBucketEncryption and
// GetTableBucketMaintenanceConfiguration. Per-resource: GetTableBucket plus those two.
// Create: CreateTableBucket with the encryption, then PutTableBucketMaintenanceConfiguration; a
// bucket that already exists is adopted (its encryption and maintenance brought to the manifest);
// when a freshly created bucket cannot be configured it is deleted again, so a failed create
// leaves nothing behind. Update: PutTableBucketEncryption / PutTableBucketMaintenanceConfiguration.
// Delete: DeleteTableBucket (missing is fine). List: every table bucket.
#include "providers/aws/s3tables_common.h"
#include "providers/kit/value_checks.h"

namespace causeway::aws::s3tables {

namespace {

using kit::Attribute;

constexpr char kEncryption[] = "PutTableBucketEncryption";
// The kind's reference text (docs/KINDS.md is generated from it), with what Lake Formation can
// grant on S3 Tables and why aws.lakeformation.permissions cannot say it yet.
constexpr char kDescription[] =
    "An S3 Tables table bucket (Iceberg tables)\n\n"
    "Lake Formation and S3 Tables: once table buckets are integrated with the Glue Data Catalog, "
    "they appear in the federated catalog `s3tablescatalog`: each table bucket is a child "
    "catalog `<account>:s3tablescatalog/<bucket>`, each namespace a database, each table a "
    "table. Lake Formation then grants on that catalog and its objects (named resources or "
    "LF-Tags; table, column and row level; to other accounts too, without super user), e.g. "
    "SELECT, INSERT, DELETE, DESCRIBE, ALTER, DROP or ALL on `Table {CatalogId: "
    "\"111122223333:s3tablescatalog/lake\", DatabaseName: sales, Name: orders}`. "
    "aws.lakeformation.permissions cannot express these grants: its resource forms (catalog, "
    "database, table, table_with_columns, data_location) carry no catalog id, so every grant goes "
    "to the account's default catalog. The Lake Formation emulator cannot either: it keeps a "
    "CatalogId but checks databases and tables against the default Glue catalog only (a grant "
    "in s3tablescatalog fails with EntityNotFoundException, or lands on a same-named Glue "
    "database) and drops the Id of a Catalog resource. Manage these grants outside Causeway "
    "until both are extended.";
constexpr char kMaintenance[] = "PutTableBucketMaintenanceConfiguration";

const kit::AttributeTable& Table() {
  // clang-format off
  static const kit::AttributeTable table({
    Attribute("name").Required().ForceNew().Check(TableBucketName())
        .Describe("Table bucket name (unique in the account and region)"),
    Attribute("sse_algorithm").Default("AES256").Check(kit::OneOfIgnoringCase({"AES256", "aws:kms"}))
        .Describe("Default encryption of its tables: AES256 or aws:kms").Update(kEncryption),
    Attribute("kms_key_arn").Default("").Describe("KMS key ARN (with aws:kms only)")
        .Update(kEncryption),
    Attribute("unreferenced_file_removal", AttrType::kBool).Default(true)
        .Describe("Delete files no Iceberg snapshot references any more").Update(kMaintenance),
    Attribute("unreferenced_days", AttrType::kInteger).Default(3).Check(kit::IntegerBetween(1, 100000))
        .Describe("Days before an unreferenced file becomes non-current").Update(kMaintenance),
    Attribute("non_current_days", AttrType::kInteger).Default(10).Check(kit::IntegerBetween(1, 100000))
        .Describe("Days before a non-current file is deleted").Update(kMaintenance),
    Attribute("arn").Computed(),
  });
  // clang-format on
  return table;
}

std::string ArnOf(const AwsContext& ctx, const std::string& id, const Value& attrs) {
  if (!id.empty()) return id;
  return BucketArn(ctx, kit::StringAttr(attrs, "name"));
}

Value EncryptionBody(const Value& a) {
  Value enc = {
      {"sseAlgorithm", kit::StringAttr(a, "sse_algorithm") == "aws:kms" ? "aws:kms" : "AES256"}};
  if (!kit::StringAttr(a, "kms_key_arn").empty()) enc["kmsKeyArn"] = a["kms_key_arn"];
  return enc;
}

Status PutEncryption(AwsContext& ctx, const std::string& arn, const Value& a) {
  return Call(ctx, "PutTableBucketEncryption", "PUT", "/buckets/" + Label(arn) + "/encryption",
              {{"encryptionConfiguration", EncryptionBody(a)}})
      .status();
}

Status PutMaintenance(AwsContext& ctx, const std::string& arn, const Value& a) {
  Value value = {{"status", kit::BoolAttr(a, "unreferenced_file_removal") ? "enabled" : "disabled"},
                 {"settings",
                  {{"icebergUnreferencedFileRemoval",
                    {{"unreferencedDays", a["unreferenced_days"]},
                     {"nonCurrentDays", a["non_current_days"]}}}}}};
  return Call(ctx, "PutTableBucketMaintenanceConfiguration", "PUT",
              "/buckets/" + Label(arn) + "/maintenance/icebergUnreferencedFileRemoval",
              {{"value", value}})
      .status();
}

// The settings of an existing bucket (its encryption and maintenance reads).
Result<Observation> ReadBucket(AwsContext& ctx, const Address& address, const std::string& arn,
                               const std::string& name) {
  Observation o = Missing(address);
  const std::string path = "/buckets/" + Label(arn);
  auto enc = Call(ctx, "GetTableBucketEncryption", "GET", path + "/encryption");
  if (enc.status().IsNotFound()) return o;
  if (!enc.ok()) return enc.status().WithContext(address.str());
  auto maint = Call(ctx, "GetTableBucketMaintenanceConfiguration", "GET", path + "/maintenance");
  if (maint.status().IsNotFound()) return o;
  if (!maint.ok()) return maint.status().WithContext(address.str());
  kit::ReplyReader e(*enc, "s3tables GetTableBucketEncryption");
  kit::ReplyReader m(*maint, "s3tables GetTableBucketMaintenanceConfiguration");
  CW_ASSIGN_OR_RETURN(std::string alg,
                      e.StringOr("encryptionConfiguration/sseAlgorithm", "AES256"));
  CW_ASSIGN_OR_RETURN(std::string key, e.StringOr("encryptionConfiguration/kmsKeyArn", ""));
  const std::string rule = "configuration/icebergUnreferencedFileRemoval";
  CW_ASSIGN_OR_RETURN(std::string status, m.StringOr(rule + "/status", "enabled"));
  const std::string days = rule + "/settings/icebergUnreferencedFileRemoval/";
  CW_ASSIGN_OR_RETURN(auto unreferenced, m.Integer(days + "unreferencedDays"));
  CW_ASSIGN_OR_RETURN(auto non_current, m.Integer(days + "nonCurrentDays"));
  o.exists = true;
  o.id = arn;
  o.attributes = {{"name", name},
                  {"sse_algorithm", alg},
                  {"kms_key_arn", key},
                  {"unreferenced_file_removal", status == "enabled"},
                  {"unreferenced_days", unreferenced.value_or(3)},
                  {"non_current_days", non_current.value_or(10)}};
  o.outputs = {{"arn", arn}};
  return o;
}

class TableBucketHandler : public KindHandler {
 public:
  KindSchema Schema() const override {
    KindSchema s = Table().Schema(kBucketKind, kDescription, {"name"});
    s.holds_data = true;
    return s;
  }

  Result<std::vector<Observation>> ObserveBulk(AwsContext& ctx, ObserveBatch&,
                                               const std::vector<ObserveItem>& items) override {
    std::set<std::string> present;
    CW_RETURN_IF_ERROR(ForEachBucket(ctx, [&](const std::string& arn, const std::string&) {
      present.insert(arn);
      return Status::Ok();
    }));
    auto key = [&](const ObserveItem& i) { return ArnOf(ctx, i.id, i.attributes); };
    return kit::ObserveListed(items, present, key, [&](const ObserveItem& i) {
      std::string arn = key(i);
      return ReadBucket(ctx, i.address, arn, arn.substr(arn.rfind('/') + 1));
    });
  }

  Result<Observation> ObserveOne(AwsContext& ctx, const ObserveItem& item) override {
    std::string arn = ArnOf(ctx, item.id, item.attributes);
    auto r = Call(ctx, "GetTableBucket", "GET", "/buckets/" + Label(arn));
    if (r.status().IsNotFound()) return Missing(item.address);
    if (!r.ok()) return r.status().WithContext(item.address.str());
    CW_ASSIGN_OR_RETURN(std::string name,
                        kit::ReplyReader(*r, "s3tables GetTableBucket").RequiredString("name"));
    return ReadBucket(ctx, item.address, arn, name);
  }

  Result<ResourceResult> Create(AwsContext& ctx, const CreateRequest& req) override {
    Value a = Table().WithDefaults(req.attributes);
    std::string name = kit::StringAttr(a, "name");
    std::string arn = BucketArn(ctx, name);
    auto r = Call(ctx, "CreateTableBucket", "PUT", "/buckets",
                  {{"name", name}, {"encryptionConfiguration", EncryptionBody(a)}});
    bool adopted = r.status().code() == StatusCode::kConflict;
    if (!r.ok() && !adopted) return r.status().WithContext(req.address.str());
    if (r.ok()) {
      CW_ASSIGN_OR_RETURN(arn,
                          kit::ReplyReader(*r, "s3tables CreateTableBucket").RequiredString("arn"));
    }
    Status configured = adopted ? PutEncryption(ctx, arn, a) : Status::Ok();
    if (configured.ok()) configured = PutMaintenance(ctx, arn, a);
    if (!configured.ok()) {
      if (!adopted) {  // leave nothing half-made behind
        auto undo = Call(ctx, "DeleteTableBucket", "DELETE", "/buckets/" + Label(arn));
        if (!undo.ok() && !undo.status().IsNotFound()) {
          return configured.WithContext(req.address.str() +
                                        " (and the new bucket could not be "
                                        "deleted again: " +
                                        undo.status().message() + ")");
        }
      }
      return configured.WithContext(req.address.str());
    }
    return ResourceResult{arn, Table().Settled(a), {{"arn", arn}}};
  }

  Result<ResourceResult> Update(AwsContext& ctx, const UpdateRequest& req) override {
    Value a = Table().WithDefaults(req.after);
    std::string arn = ArnOf(ctx, req.id, a);
    for (const auto& call : Table().Updates(req.before, req.after, req.changed)) {
      Status s =
          call.call == kEncryption ? PutEncryption(ctx, arn, a) : PutMaintenance(ctx, arn, a);
      if (!s.ok()) return s.WithContext(req.address.str());
    }
    return ResourceResult{arn, Table().Settled(a), {{"arn", arn}}};
  }

  Status Delete(AwsContext& ctx, const DeleteRequest& req) override {
    std::string arn = ArnOf(ctx, req.id, req.attributes);
    auto r = Call(ctx, "DeleteTableBucket", "DELETE", "/buckets/" + Label(arn));
    if (r.ok() || r.status().IsNotFound()) return Status::Ok();
    return r.status().WithContext(req.address.str());
  }

  Result<std::vector<Observation>> List(AwsContext& ctx, const ListRequest& req) override {
    std::vector<Observation> out;
    CW_RETURN_IF_ERROR(ForEachBucket(ctx, [&](const std::string& arn, const std::string& name) {
      CW_ASSIGN_OR_RETURN(Observation o, ReadBucket(ctx, Address{req.kind, name}, arn, name));
      if (o.exists) out.push_back(std::move(o));
      return Status::Ok();
    }));
    return out;
  }
};

}  // namespace

std::unique_ptr<KindHandler> NewTableBucketHandler() {
  return std::make_unique<TableBucketHandler>();
}

}  // namespace causeway::aws::s3tables
