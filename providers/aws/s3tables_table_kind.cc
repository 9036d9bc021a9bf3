// aws.s3tables.table: an Iceberg table in a namespace of a table bucket, created with its schema
// (primitive Iceberg fields: name, type, required). Id: "<table_bucket_arn>/<namespace>/<name>".
// Outputs: arn, warehouse_location (the s3:// location engines write data under),
// metadata_location (the current Iceberg metadata file; "" until one is written) and
// version_token (changes with every commit to the table).
// Holds data: a delete or replace needs the data opt-in.
// The schema: S3 Tables takes it at CreateTable only and no S3 Tables call returns it (it lives in
// the Iceberg metadata file, which engines change on every commit), so it is create-only
// (ForceNew: a different schema replaces the table, which needs the opt-in) and observed as last
// applied; schema evolution belongs to the engines writing the table, not to Causeway.
// Bulk observe: one paginated ListTables per table bucket (every namespace at once; buckets read
// concurrently); each managed table found is then read with GetTableMetadataLocation (the list
// has no locations or version token). Per-resource: GetTable. Create: CreateTable (an existing
// table with the name is adopted as it is). Delete: DeleteTable with the live version token (read
// just before): a commit by someone else in between is a ConflictException, reported as such, and
// nothing is deleted. Missing is fine. List: the tables of every bucket.
#include <map>
#include <optional>

#include "providers/aws/s3tables_common.h"
#include "providers/kit/parallel.h"
#include "providers/kit/value_checks.h"
#include "reconciler/core/ascii.h"

namespace causeway::aws::s3tables {

namespace {

using kit::Attribute;

constexpr size_t kReadThreads = 8;

// Iceberg types are lower case without spaces ("decimal(10, 2)" is "decimal(10,2)"); a field
// is optional unless required.
Value NormalizeSchema(const Value& v) {
  if (!v.is_array()) return v;
  Value out = Value::array();
  for (const auto& f : v) {
    if (!f.is_object()) return v;
    Value g = f;
    if (g.contains("type") && g["type"].is_string()) {
      std::string t;
      for (char c : Lower(g["type"].get<std::string>())) {
        if (c != ' ') t += c;
      }
      g["type"] = t;
    }
    if (!g.contains("required") || g["required"].is_null()) g["required"] = false;
    out.push_back(g);
  }
  return out;
}

const kit::AttributeTable& Table() {
  // clang-format off
  static const kit::AttributeTable table({
    Attribute("table_bucket_arn").Required().ForceNew().Check(TableBucketArnCheck())
        .Describe("ARN of the table bucket"),
    Attribute("namespace").Required().ForceNew().Check(NamespaceName()).Describe("Namespace"),
    Attribute("name").Required().ForceNew().Check(TableName()).Describe("Table name"),
    Attribute("format").Default("ICEBERG").ForceNew().Check(kit::OneOfIgnoringCase({"ICEBERG"}))
        .Describe("Open table format: ICEBERG"),
    Attribute("schema", AttrType::kList).Default(Value::array()).ForceNew()
        .Normalize(NormalizeSchema)
        .Describe("Iceberg schema at creation: [{name, type, required}] with primitive types")
        .Fields({Attribute("name").Required().Describe("Field name"),
                 Attribute("type").Required()
                     .Describe("Iceberg primitive type: boolean, int, long, float, double, "
                               "decimal(P,S), date, time, timestamp, timestamptz, string, uuid, "
                               "fixed[L], binary"),
                 Attribute("required", AttrType::kBool).Describe("No nulls (default false)")}),
    Attribute("arn").Computed(),
    Attribute("warehouse_location").Computed(),
    Attribute("metadata_location").Computed(),
    Attribute("version_token").Computed(),
  });
  // clang-format on
  return table;
}

struct Key {
  std::string bucket_arn, ns, name;
  std::string Id() const { return bucket_arn + "/" + ns + "/" + name; }
  std::string Path() const { return "/tables/" + Label(bucket_arn) + "/" + ns + "/" + name; }
  std::string What() const { return ns + "." + name + " in " + bucket_arn; }
};

Key KeyOf(const std::string& id, const Value& attrs) {
  Key k{kit::StringAttr(attrs, "table_bucket_arn"), kit::StringAttr(attrs, "namespace"),
        kit::StringAttr(attrs, "name")};
  if ((k.bucket_arn.empty() || k.ns.empty() || k.name.empty()) && !id.empty()) {
    size_t last = id.rfind('/');
    size_t mid =
        last == std::string::npos || last == 0 ? std::string::npos : id.rfind('/', last - 1);
    if (mid != std::string::npos) {
      k = {id.substr(0, mid), id.substr(mid + 1, last - mid - 1), id.substr(last + 1)};
    }
  }
  return k;
}

// An observation from a reply with versionToken, warehouseLocation, metadataLocation (GetTable
// or GetTableMetadataLocation); the schema is the last applied one (see the header).
Result<Observation> Observed(const Address& address, const Key& k, const Value& known,
                             const kit::ReplyReader& r, const std::string& arn) {
  Observation o = Missing(address);
  CW_ASSIGN_OR_RETURN(std::string token, r.RequiredString("versionToken"));
  CW_ASSIGN_OR_RETURN(std::string warehouse, r.RequiredString("warehouseLocation"));
  CW_ASSIGN_OR_RETURN(std::string metadata, r.StringOr("metadataLocation", ""));
  CW_ASSIGN_OR_RETURN(std::string format, r.StringOr("format", "ICEBERG"));
  o.exists = true;
  o.id = k.Id();
  o.attributes = {{"table_bucket_arn", k.bucket_arn},
                  {"namespace", k.ns},
                  {"name", k.name},
                  {"format", format},
                  {"schema", NormalizeSchema(known.is_object() && known.contains("schema") &&
                                                     !known["schema"].is_null()
                                                 ? known["schema"]
                                                 : Value::array())}};
  o.outputs = {{"arn", arn},
               {"warehouse_location", warehouse},
               {"metadata_location", metadata},
               {"version_token", token}};
  return o;
}

Result<Observation> GetTable(AwsContext& ctx, const Address& address, const Key& k,
                             const Value& known) {
  auto r = Call(ctx, "GetTable", "GET", "/get-table", Value(),
                "tableBucketARN=" + Label(k.bucket_arn) + "&namespace=" + UriEncode(k.ns) +
                    "&name=" + UriEncode(k.name));
  if (r.status().IsNotFound()) return Missing(address);
  if (!r.ok()) return r.status().WithContext(address.str());
  kit::ReplyReader reply(*r, "s3tables GetTable");
  CW_ASSIGN_OR_RETURN(std::string arn, reply.RequiredString("tableARN"));
  return Observed(address, k, known, reply, arn);
}

// The tables of one bucket (one namespace when `ns` is set): each with its namespace, name, ARN.
Status ForEachTable(
    AwsContext& ctx, const std::string& bucket_arn, const std::string& ns,
    const std::function<Status(const std::string&, const std::string&, const std::string&)>& each) {
  return Paginate(ctx, "ListTables", "/tables/" + Label(bucket_arn),
                  ns.empty() ? "" : "namespace=" + UriEncode(ns), "tables",
                  [&](const kit::ReplyReader& t) -> Status {
                    CW_ASSIGN_OR_RETURN(std::string space, t.RequiredString("namespace/0"));
                    CW_ASSIGN_OR_RETURN(std::string name, t.RequiredString("name"));
                    CW_ASSIGN_OR_RETURN(std::string arn, t.RequiredString("tableARN"));
                    return each(space, name, arn);
                  });
}

Value CreateBody(const Value& a) {
  Value body = {{"name", a["name"]}, {"format", "ICEBERG"}};
  Value fields = NormalizeSchema(a.value("schema", Value::array()));
  if (fields.is_array() && !fields.empty()) {
    body["metadata"] = {{"iceberg", {{"schema", {{"fields", fields}}}}}};
  }
  return body;
}

class TableHandler : public KindHandler {
 public:
  KindSchema Schema() const override {
    KindSchema s = Table().Schema(kTableKind, "An Iceberg table in an S3 Tables table bucket",
                                  {"table_bucket_arn", "namespace", "name"});
    s.holds_data = true;
    return s;
  }

  Result<std::vector<Observation>> ObserveBulk(AwsContext& ctx, ObserveBatch&,
                                               const std::vector<ObserveItem>& items) override {
    std::vector<Observation> out;
    std::map<std::string, std::vector<size_t>> by_bucket;
    for (size_t i = 0; i < items.size(); ++i) {
      out.push_back(Missing(items[i].address));
      Key k = KeyOf(items[i].id, items[i].attributes);
      // A bucket or namespace not created yet (still unknown) has no tables to read.
      if (k.bucket_arn.rfind("arn:", 0) != 0 || k.ns.empty() || k.name.empty()) continue;
      by_bucket[k.bucket_arn].push_back(i);
    }
    std::vector<const std::pair<const std::string, std::vector<size_t>>*> groups;
    for (const auto& g : by_bucket) groups.push_back(&g);
    std::vector<std::optional<Result<Observation>>> read(items.size());
    CW_RETURN_IF_ERROR(kit::ForEachInParallel(groups.size(), kReadThreads, [&](size_t g) {
      const std::string& bucket = groups[g]->first;
      std::map<std::pair<std::string, std::string>, std::string> arns;  // (namespace, name) -> ARN
      Status listed =
          ForEachTable(ctx, bucket, "",
                       [&](const std::string& ns, const std::string& name, const std::string& arn) {
                         arns[{ns, name}] = arn;
                         return Status::Ok();
                       });
      if (listed.IsNotFound()) return Status::Ok();  // bucket missing
      CW_RETURN_IF_ERROR(listed);
      for (size_t i : groups[g]->second) {
        Key k = KeyOf(items[i].id, items[i].attributes);
        auto it = arns.find({k.ns, k.name});
        if (it == arns.end()) continue;
        auto loc = Call(ctx, "GetTableMetadataLocation", "GET", k.Path() + "/metadata-location");
        if (loc.status().IsNotFound()) continue;
        if (!loc.ok()) return loc.status().WithContext(items[i].address.str());
        read[i] = Observed(items[i].address, k, items[i].attributes,
                           kit::ReplyReader(*loc, "s3tables GetTableMetadataLocation"), it->second);
      }
      return Status::Ok();
    }));
    for (size_t i = 0; i < items.size(); ++i) {
      if (!read[i]) continue;
      if (!read[i]->ok()) return read[i]->status().WithContext(items[i].address.str());
      out[i] = std::move(*read[i]).value();
    }
    return out;
  }

  Result<Observation> ObserveOne(AwsContext& ctx, const ObserveItem& item) override {
    Key k = KeyOf(item.id, item.attributes);
    if (k.bucket_arn.empty() || k.ns.empty() || k.name.empty()) return Missing(item.address);
    return GetTable(ctx, item.address, k, item.attributes);
  }

  Result<ResourceResult> Create(AwsContext& ctx, const CreateRequest& req) override {
    Value a = Table().WithDefaults(req.attributes);
    Key k = KeyOf("", a);
    auto r = Call(ctx, "CreateTable", "PUT", "/tables/" + Label(k.bucket_arn) + "/" + k.ns,
                  CreateBody(a));
    if (!r.ok() && r.status().code() != StatusCode::kConflict) {  // conflict: adopt it
      return r.status().WithContext(req.address.str());
    }
    CW_ASSIGN_OR_RETURN(Observation o, GetTable(ctx, req.address, k, a));
    if (!o.exists) {
      return Status::NotFound(req.address.str() + ": table " + k.What() +
                              " is gone right after it was created; someone deleted it");
    }
    return ResourceResult{k.Id(), Table().Settled(a), o.outputs};
  }

  Result<ResourceResult> Update(AwsContext& ctx, const UpdateRequest& req) override {
    // Every input is ForceNew: nothing changes in place; the outputs are read again.
    Key k = KeyOf(req.id, req.after);
    CW_ASSIGN_OR_RETURN(Observation o, GetTable(ctx, req.address, k, req.after));
    if (!o.exists) return Status::NotFound(req.address.str() + ": table " + k.What() + " is gone");
    return ResourceResult{k.Id(), Table().Settled(req.after), o.outputs};
  }

  Status Delete(AwsContext& ctx, const DeleteRequest& req) override {
    Key k = KeyOf(req.id, req.attributes);
    auto loc = Call(ctx, "GetTableMetadataLocation", "GET", k.Path() + "/metadata-location");
    if (loc.status().IsNotFound()) return Status::Ok();
    if (!loc.ok()) return loc.status().WithContext(req.address.str());
    CW_ASSIGN_OR_RETURN(
        std::string token,
        kit::ReplyReader(*loc, "s3tables GetTableMetadataLocation").RequiredString("versionToken"));
    auto r = ctx.client->RestJson("s3tables", "DeleteTable", "DELETE", k.Path(), Value(),
                                  Idempotency::kInferFromName, "versionToken=" + UriEncode(token));
    if (r.ok() || r.status().IsNotFound()) return Status::Ok();
    if (r.status().code() == StatusCode::kConflict) {
      return Status::Conflict(req.address.str() + ": table " + k.What() +
                              " changed while it was being deleted (its version token " + token +
                              " is stale: another writer committed to it); it was not deleted. "
                              "Re-plan to see its current state. (" +
                              r.status().message() + ")");
    }
    return r.status().WithContext(req.address.str());
  }

  Result<std::vector<Observation>> List(AwsContext& ctx, const ListRequest& req) override {
    CW_ASSIGN_OR_RETURN(std::vector<std::string> buckets, BucketsInScope(ctx, req));
    std::vector<Observation> out;
    for (const auto& bucket : buckets) {
      CW_RETURN_IF_ERROR(ForEachTable(
          ctx, bucket, "",
          [&](const std::string& ns, const std::string& name, const std::string&) -> Status {
            Key k{bucket, ns, name};
            CW_ASSIGN_OR_RETURN(Observation o,
                                GetTable(ctx, Address{req.kind, ns + "_" + name}, k, Value()));
            if (o.exists) out.push_back(std::move(o));
            return Status::Ok();
          }));
    }
    return out;
  }
};

}  // namespace

std::unique_ptr<KindHandler> NewTableHandler() { return std::make_unique<TableHandler>(); }

}  // namespace causeway::aws::s3tables
