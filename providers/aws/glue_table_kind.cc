// aws.glue.table: a Glue Data Catalog table. Id "<database>/<name>".
//   database (required, force_new), name (required, force_new)   lower-cased by Glue
//   description (default "")
//   table_type (default "EXTERNAL_TABLE")   EXTERNAL_TABLE | MANAGED_TABLE | VIRTUAL_VIEW
//   columns (list of {name, type, comment?}, default [])
//   partition_keys (list of {name, type, comment?}, default [])
//   location (default ""), input_format (default ""), output_format (default "")
//   serde (object {serialization_library, parameters}, default {})
//   parameters (map, default {})            table parameters
//   storage_parameters (map, default {})    StorageDescriptor.Parameters
//   outputs: arn
// Column names compare case-insensitively and types modulo Hive aliases (INTEGER = int,
// "decimal" = "decimal(10,0)", case and spaces), so a re-plan after apply is a no-op.
// Iceberg tables are expressed as Glue stores them: table_type EXTERNAL_TABLE with parameters
// {table_type: ICEBERG, metadata_location: "s3://.../metadata/<n>.metadata.json"} (the value of
// the table_type parameter compares case-insensitively); table_type "ICEBERG" itself is rejected
// with a message that says so.
// Holds data: deleting or replacing needs the engine's opt-in. Partitions are not managed here
// (crawlers and MSCK REPAIR add them).
// Bulk observe: one paginated GetTables per database in the batch. Per-resource: GetTable.
// Create: CreateTable (an existing table is adopted and updated to the manifest). Update: one
// UpdateTable with the full TableInput. Delete: DeleteTable; missing table or database is fine.
// List: scope {"database": "x"} lists that database's tables; without scope every database's.
#include <atomic>
#include <set>
#include <thread>

#include "providers/aws/glue_common.h"

namespace causeway::aws::glue {

namespace {

struct Key {
  std::string db, name;
};

Key KeyOf(const std::string& id, const Value& attrs) {
  auto slash = id.find('/');
  if (!id.empty() && slash != std::string::npos) {
    return {Lower(id.substr(0, slash)), Lower(id.substr(slash + 1))};
  }
  return {Lower(StrAttr(attrs, "database")), Lower(StrAttr(attrs, "name"))};
}

Value AttributesFrom(const Value& t) {
  Value sd = t.value("StorageDescriptor", Value::object());
  Value serde = Value::object();
  if (sd.contains("SerdeInfo")) {
    const Value& si = sd["SerdeInfo"];
    if (!si.value("SerializationLibrary", std::string()).empty()) {
      serde["serialization_library"] = si["SerializationLibrary"];
    }
    if (!si.value("Parameters", Value::object()).empty()) serde["parameters"] = si["Parameters"];
  }
  return {{"database", t.value("DatabaseName", std::string())},
          {"name", t.value("Name", std::string())},
          {"description", t.value("Description", std::string())},
          {"table_type", t.value("TableType", std::string())},
          {"columns", ColumnsFromGlue(sd.value("Columns", Value::array()))},
          {"partition_keys", ColumnsFromGlue(t.value("PartitionKeys", Value::array()))},
          {"location", sd.value("Location", std::string())},
          {"input_format", sd.value("InputFormat", std::string())},
          {"output_format", sd.value("OutputFormat", std::string())},
          {"serde", serde},
          {"parameters", t.value("Parameters", Value::object())},
          {"storage_parameters", sd.value("Parameters", Value::object())}};
}

Observation Observed(const AwsContext& ctx, const Address& address, const Value& t) {
  Observation o;
  o.address = address;
  o.exists = true;
  std::string db = t.value("DatabaseName", std::string());
  std::string name = t.value("Name", std::string());
  o.id = db + "/" + name;
  o.attributes = AttributesFrom(t);
  o.outputs = {{"arn", TableArn(ctx, db, name)}};
  return o;
}

Observation Missing(const Address& address) {
  Observation o;
  o.address = address;
  return o;
}

Status Validate(const Address& address, const Value& a) {
  std::string type = Lower(StrAttr(a, "table_type"));
  if (type == "iceberg") {
    return Status::InvalidArgument(
        address.str() +
        ": table_type ICEBERG is not a Glue table type; write table_type: EXTERNAL_TABLE and "
        "parameters: {table_type: ICEBERG, metadata_location: s3://...} as Glue stores Iceberg "
        "tables");
  }
  for (const char* list : {"columns", "partition_keys"}) {
    Value cols = AttrOr(a, list, Value::array());
    if (!cols.is_array())
      return Status::InvalidArgument(address.str() + ": " + list + " must be a list");
    for (const auto& c : cols) {
      if (StrAttr(c, "name").empty() || StrAttr(c, "type").empty()) {
        return Status::InvalidArgument(address.str() + ": every entry of " + list +
                                       " needs a name and a type");
      }
    }
  }
  return Status::Ok();
}

Value TableInput(const Value& a) {
  Value sd = {{"Columns", ColumnsToGlue(AttrOr(a, "columns", Value::array()))}};
  for (auto [attr, field] :
       {std::pair{"location", "Location"}, std::pair{"input_format", "InputFormat"},
        std::pair{"output_format", "OutputFormat"}}) {
    if (!StrAttr(a, attr).empty()) sd[field] = a[attr];
  }
  Value serde = AttrOr(a, "serde", Value::object());
  if (serde.is_object() && !serde.empty()) {
    Value si = Value::object();
    if (!StrAttr(serde, "serialization_library").empty()) {
      si["SerializationLibrary"] = serde["serialization_library"];
    }
    si["Parameters"] = AttrOr(serde, "parameters", Value::object());
    sd["SerdeInfo"] = si;
  }
  Value sp = AttrOr(a, "storage_parameters", Value::object());
  if (!sp.empty()) sd["Parameters"] = sp;
  Value in = {{"Name", Lower(StrAttr(a, "name"))},
              {"TableType", AttrOr(a, "table_type", "EXTERNAL_TABLE")},
              {"StorageDescriptor", sd},
              {"PartitionKeys", ColumnsToGlue(AttrOr(a, "partition_keys", Value::array()))}};
  if (!StrAttr(a, "description").empty()) in["Description"] = a["description"];
  Value params = AttrOr(a, "parameters", Value::object());
  if (!params.empty()) in["Parameters"] = params;
  return in;
}

AttributeSchema Attr(const std::string& name, AttrType type, std::optional<Value> def,
                     Normalizer normalize = nullptr, const std::string& description = "") {
  AttributeSchema a;
  a.name = name;
  a.type = type;
  a.default_value = std::move(def);
  a.normalize = std::move(normalize);
  a.description = description;
  return a;
}

Value NormalizeSerde(const Value& v) {
  if (!v.is_object()) return v.is_null() ? Value::object() : v;
  Value out = Value::object();
  if (!StrAttr(v, "serialization_library").empty()) {
    out["serialization_library"] = v["serialization_library"];
  }
  Value p = AttrOr(v, "parameters", Value::object());
  if (p.is_object() && !p.empty()) out["parameters"] = p;
  return out;
}

class TableHandler : public KindHandler {
 public:
  KindSchema Schema() const override {
    KindSchema s;
    s.kind = kTableKind;
    s.description = "A Glue Data Catalog table (Hive-style or Iceberg)";
    s.holds_data = true;
    AttributeSchema db = Attr("database", AttrType::kString, std::nullopt, LowerString);
    db.required = db.force_new = true;
    AttributeSchema name = Attr("name", AttrType::kString, std::nullopt, LowerString);
    name.required = name.force_new = true;
    AttributeSchema arn;
    arn.name = "arn";
    arn.computed = true;
    s.attributes = {
        db,
        name,
        Attr("description", AttrType::kString, Value("")),
        Attr("table_type", AttrType::kString, Value("EXTERNAL_TABLE"), UpperString),
        Attr("columns", AttrType::kList, Value::array(), NormalizeColumns,
             "[{name, type, comment?}]"),
        Attr("partition_keys", AttrType::kList, Value::array(), NormalizeColumns,
             "[{name, type, comment?}]"),
        Attr("location", AttrType::kString, Value("")),
        Attr("input_format", AttrType::kString, Value("")),
        Attr("output_format", AttrType::kString, Value("")),
        Attr("serde", AttrType::kObject, Value::object(), NormalizeSerde,
             "{serialization_library, parameters}"),
        Attr("parameters", AttrType::kMap, Value::object(), NormalizeParameters,
             "table parameters; Iceberg: {table_type: ICEBERG, metadata_location: ...}"),
        Attr("storage_parameters", AttrType::kMap, Value::object()),
        arn,
    };
    return s;
  }

  Result<std::vector<Observation>> ObserveBulk(AwsContext& ctx, ObserveBatch& /*batch*/,
                                               const std::vector<ObserveItem>& items) override {
    std::set<std::string> dbs;
    for (const auto& item : items) dbs.insert(KeyOf(item.id, item.attributes).db);
    std::map<std::string, std::map<std::string, Value>> tables;  // db -> name -> Table
    // One paginated GetTables per database; the databases are read concurrently (up to 8 at a
    // time) because each is an independent round trip.
    std::vector<std::string> db_list(dbs.begin(), dbs.end());
    std::vector<std::map<std::string, Value>> per_db(db_list.size());
    std::vector<Status> results(db_list.size());
    std::atomic<size_t> next{0};
    auto worker = [&] {
      for (size_t i = next++; i < db_list.size(); i = next++) {
        results[i] =
            CallPaginated(ctx, "GetTables", {{"DatabaseName", db_list[i]}}, [&](const Value& r) {
              for (const auto& t : r.value("TableList", Value::array())) {
                per_db[i][Lower(t.value("Name", std::string()))] = t;
              }
              return Status::Ok();
            });
      }
    };
    std::vector<std::thread> pool;
    for (size_t t = 0; t < std::min<size_t>(8, db_list.size()); ++t) pool.emplace_back(worker);
    for (auto& t : pool) t.join();
    for (size_t i = 0; i < db_list.size(); ++i) {
      if (results[i].IsNotFound()) continue;  // the database is gone: its tables are missing
      if (!results[i].ok()) {
        return results[i].WithContext("observing Glue tables of database " + db_list[i]);
      }
      tables[db_list[i]] = std::move(per_db[i]);
    }
    std::vector<Observation> out;
    for (const auto& item : items) {
      Key k = KeyOf(item.id, item.attributes);
      auto db = tables.find(k.db);
      if (db == tables.end() || !db->second.count(k.name)) {
        out.push_back(Missing(item.address));
      } else {
        out.push_back(Observed(ctx, item.address, db->second.at(k.name)));
      }
    }
    return out;
  }

  Result<Observation> ObserveOne(AwsContext& ctx, const ObserveItem& item) override {
    Key k = KeyOf(item.id, item.attributes);
    auto r = Call(ctx, "GetTable", {{"DatabaseName", k.db}, {"Name", k.name}});
    if (r.status().IsNotFound()) return Missing(item.address);
    if (!r.ok()) return r.status().WithContext(item.address.str());
    return Observed(ctx, item.address, (*r)["Table"]);
  }

  Result<ResourceResult> Create(AwsContext& ctx, const CreateRequest& req) override {
    CW_RETURN_IF_ERROR(Validate(req.address, req.attributes));
    Key k = KeyOf("", req.attributes);
    Value in = TableInput(req.attributes);
    auto r = Call(ctx, "CreateTable", {{"DatabaseName", k.db}, {"TableInput", in}});
    if (r.status().code() == StatusCode::kConflict) {
      r = Call(ctx, "UpdateTable", {{"DatabaseName", k.db}, {"TableInput", in}});
    }
    if (!r.ok()) return r.status().WithContext(req.address.str());
    return Read(ctx, req.address, k);
  }

  Result<ResourceResult> Update(AwsContext& ctx, const UpdateRequest& req) override {
    CW_RETURN_IF_ERROR(Validate(req.address, req.after));
    Key k = KeyOf(req.id, req.after);
    auto r =
        Call(ctx, "UpdateTable", {{"DatabaseName", k.db}, {"TableInput", TableInput(req.after)}});
    if (!r.ok()) return r.status().WithContext(req.address.str());
    return Read(ctx, req.address, k);
  }

  Status Delete(AwsContext& ctx, const DeleteRequest& req) override {
    Key k = KeyOf(req.id, req.attributes);
    auto r = Call(ctx, "DeleteTable", {{"DatabaseName", k.db}, {"Name", k.name}});
    if (r.ok() || r.status().IsNotFound()) return Status::Ok();
    return r.status().WithContext(req.address.str());
  }

  Result<std::vector<Observation>> List(AwsContext& ctx, const ListRequest& req) override {
    std::vector<std::string> dbs;
    if (req.scope.is_object() && !StrAttr(req.scope, "database").empty()) {
      dbs.push_back(Lower(StrAttr(req.scope, "database")));
    } else {
      CW_RETURN_IF_ERROR(CallPaginated(ctx, "GetDatabases", Value::object(), [&](const Value& r) {
        for (const auto& d : r.value("DatabaseList", Value::array())) {
          dbs.push_back(d.value("Name", std::string()));
        }
        return Status::Ok();
      }));
    }
    std::vector<Observation> out;
    for (const auto& db : dbs) {
      CW_RETURN_IF_ERROR(
          CallPaginated(ctx, "GetTables", {{"DatabaseName", db}}, [&](const Value& r) {
            for (const auto& t : r.value("TableList", Value::array())) {
              std::string name = db + "_" + t.value("Name", std::string());
              out.push_back(Observed(ctx, Address{req.kind, name}, t));
            }
            return Status::Ok();
          }));
    }
    return out;
  }

 private:
  Result<ResourceResult> Read(AwsContext& ctx, const Address& address, const Key& k) {
    CW_ASSIGN_OR_RETURN(
        Observation o, ObserveOne(ctx, ObserveItem{address, k.db + "/" + k.name, Value::object()}));
    if (!o.exists) {
      return Status::ProviderError(address.str() + ": table " + k.db + "." + k.name + " vanished");
    }
    return ResourceResult{o.id, o.attributes, o.outputs};
  }
};

}  // namespace

std::unique_ptr<KindHandler> NewTableHandler() { return std::make_unique<TableHandler>(); }

}  // namespace causeway::aws::glue
