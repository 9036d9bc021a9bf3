// aws.glue.table: a Glue Data Catalog table (attributes: the table below). Id "<database>/<name>";
// Glue stores both names lower-cased. Column names compare case-insensitively and types modulo
// Hive aliases (INTEGER = int, "decimal" = "decimal(10,0)", case and spaces), so a re-plan after
// apply is a no-op. Iceberg tables are expressed as Glue stores them: table_type EXTERNAL_TABLE
// with parameters {table_type: ICEBERG, metadata_location: "s3://.../metadata/<n>.metadata.json"}
// (the value of the table_type parameter compares case-insensitively); table_type "ICEBERG"
// itself is refused with a message that says so. Holds data: deleting or replacing needs the
// engine's opt-in. Partitions are not managed here (crawlers and MSCK REPAIR add them).
// Bulk observe: one paginated GetTables per database in the batch (databases read concurrently).
// Per-resource: GetTable. Create: CreateTable (an existing table is adopted with UpdateTable to
// the manifest). Update: one UpdateTable with the full TableInput. Delete: DeleteTable; a missing
// table or database is fine. List: scope {"database": "x"} lists that database's tables; without
// scope every database's.
#include <atomic>
#include <optional>
#include <thread>

#include "providers/aws/glue_common.h"
#include "providers/kit/nested_fields.h"
#include "providers/kit/normalizers.h"

namespace causeway::aws::glue {

namespace {

using kit::Attribute;

// Glue's Column (a column or a partition key) and SerDeInfo (the members Causeway manages).
// clang-format off
const std::vector<Attribute>& ColumnFields() {
  static const std::vector<Attribute> fields = {
    Attribute("name").Required().Check(GlueName()).Wire("Name"),
    Attribute("type").Required().Describe("Hive type: string, int, decimal(10,2), ...").Wire("Type"),
    Attribute("comment").Wire("Comment"),
  };
  return fields;
}

const std::vector<Attribute>& SerdeFields() {
  static const std::vector<Attribute> fields = {
    Attribute("serialization_library").Wire("SerializationLibrary"),
    Attribute("parameters", AttrType::kMap).Default(Value::object()).KeepEmpty().Wire("Parameters"),
  };
  return fields;
}
// clang-format on

// A SerDe as read back: empty members left out.
Value NormalizeSerde(const Value& v) {
  if (!v.is_object()) return v.is_null() ? Value::object() : v;
  Value out = Value::object();
  if (std::string lib = kit::StringAttr(v, "serialization_library"); !lib.empty()) {
    out["serialization_library"] = lib;
  }
  auto p = v.find("parameters");
  if (p != v.end() && !kit::IsEmptyValue(*p)) out["parameters"] = *p;
  return out;
}

// Glue takes any table type, but "ICEBERG" is a common mistake for an Iceberg table.
std::string NotIceberg(const Value& v) {
  if (!v.is_string() || Lower(v.get<std::string>()) != "iceberg") return "";
  return "a Glue table type such as EXTERNAL_TABLE: Glue stores Iceberg tables as table_type: "
         "EXTERNAL_TABLE with parameters: {table_type: ICEBERG, metadata_location: s3://...}";
}

Attribute Columns(const std::string& name, const std::string& path) {
  return Attribute(name, AttrType::kList)
      .Default(Value::array())
      .Fields(ColumnFields())
      .Normalize(NormalizeColumns)
      .Wire(path)
      .KeepEmpty()
      .Convert(kit::ListToWire(ColumnFields()), kit::ListFromWire(ColumnFields()));
}

// One row per attribute: its schema and where TableInput (and Table, read back) has it.
const kit::AttributeTable& Table() {
  const std::string sd = "StorageDescriptor/";
  // clang-format off
  static const kit::AttributeTable table({
    Attribute("database").Required().ForceNew().Check(GlueName()).Normalize(kit::LowerCase)
        .ReadFrom("DatabaseName"),  // sent beside the TableInput
    Attribute("name").Required().ForceNew().Check(GlueName()).Normalize(kit::LowerCase)
        .Wire("Name").Convert(kit::LowerCase, nullptr),
    Attribute("description").Default("").Wire("Description"),
    Attribute("table_type").Default("EXTERNAL_TABLE").Normalize(kit::UpperCase).Check(NotIceberg)
        .Describe("EXTERNAL_TABLE, MANAGED_TABLE or VIRTUAL_VIEW").Wire("TableType"),
    Columns("columns", sd + "Columns"),
    Columns("partition_keys", "PartitionKeys"),
    Attribute("location").Default("").Wire(sd + "Location"),
    Attribute("input_format").Default("").Wire(sd + "InputFormat"),
    Attribute("output_format").Default("").Wire(sd + "OutputFormat"),
    Attribute("serde", AttrType::kObject).Default(Value::object()).Fields(SerdeFields())
        .Normalize(NormalizeSerde).Wire(sd + "SerdeInfo")
        .Convert(kit::ObjectToWire(SerdeFields()), kit::ObjectFromWire(SerdeFields())),
    Attribute("parameters", AttrType::kMap).Default(Value::object()).Normalize(NormalizeParameters)
        .Describe("table parameters; Iceberg: {table_type: ICEBERG, metadata_location: ...}")
        .Wire("Parameters"),
    Attribute("storage_parameters", AttrType::kMap).Default(Value::object())
        .Describe("StorageDescriptor.Parameters").Wire(sd + "Parameters"),
    Attribute("arn").Computed(),
  });
  // clang-format on
  return table;
}

struct Key {
  std::string db, name;
  std::string id() const { return db + "/" + name; }
};

Key KeyOf(const std::string& id, const Value& attrs) {
  auto slash = id.find('/');
  if (slash != std::string::npos) return {Lower(id.substr(0, slash)), Lower(id.substr(slash + 1))};
  return {Lower(kit::StringAttr(attrs, "database")), Lower(kit::StringAttr(attrs, "name"))};
}

// The observation of the Table `t` of database `k.db` (GetTable's Table or an item of GetTables'
// TableList); `k` stands in for names the reply leaves out.
Result<Observation> Observed(const AwsContext& ctx, const Address& address,
                             const kit::ReplyReader& t, const Key& k) {
  Observation o = Missing(address);
  Status read = Table().Read(t, &o.attributes, &o.outputs);
  if (!read.ok()) return read.WithContext(address.str());
  if (!o.attributes["database"].is_string()) o.attributes["database"] = k.db;
  if (!o.attributes["name"].is_string()) o.attributes["name"] = k.name;
  Key live = KeyOf("", o.attributes);
  o.exists = true;
  o.id = live.id();
  o.outputs["arn"] = TableArn(ctx, live.db, live.name);
  return o;
}

// Every table of `db`, each read with `each` (its lower-cased name and a reader of it).
Status ForEachTable(
    AwsContext& ctx, const std::string& db,
    const std::function<Status(const std::string&, const kit::ReplyReader&)>& each) {
  return CallPaginated(ctx, "GetTables", {{"DatabaseName", db}}, [&](const Value& page) {
    kit::ReplyReader reply(page, "glue GetTables");
    return reply.ForEach("TableList", [&](const kit::ReplyReader& t) -> Status {
      CW_ASSIGN_OR_RETURN(std::string name, t.StringOr("Name", ""));
      return name.empty() ? Status::Ok() : each(Lower(name), t);
    });
  });
}

Status CheckTableType(const Address& address, const Value& attrs) {
  std::string bad = NotIceberg(kit::StringAttr(attrs, "table_type"));
  if (bad.empty()) return Status::Ok();
  return Status::InvalidArgument(address.str() + ": table_type ICEBERG is not " + bad);
}

class TableHandler : public KindHandler {
 public:
  KindSchema Schema() const override {
    KindSchema s = Table().Schema(kTableKind, "A Glue Data Catalog table (Hive-style or Iceberg)",
                                  {"database", "name"});
    s.holds_data = true;
    s.exclusive_removes = "Lake Formation grants on it and on its columns";
    return s;
  }

  Result<std::vector<Observation>> ObserveBulk(AwsContext& ctx, ObserveBatch&,
                                               const std::vector<ObserveItem>& items) override {
    std::vector<Observation> out;
    std::map<std::string, std::vector<size_t>> by_db;  // database -> its items
    for (size_t i = 0; i < items.size(); ++i) {
      out.push_back(Missing(items[i].address));
      by_db[KeyOf(items[i].id, items[i].attributes).db].push_back(i);
    }
    std::vector<const std::pair<const std::string, std::vector<size_t>>*> dbs;
    for (const auto& db : by_db) dbs.push_back(&db);
    // One paginated GetTables per database; the databases are read concurrently (up to 8 at a
    // time) because each is an independent round trip.
    std::vector<std::optional<Result<std::vector<Observation>>>> read(dbs.size());
    std::atomic<size_t> next{0};
    auto worker = [&] {
      for (size_t i = next++; i < dbs.size(); i = next++) {
        const auto& [db, indexes] = *dbs[i];
        if (db.empty()) continue;  // no database named: its tables are missing
        std::vector<ObserveItem> part;
        for (size_t k : indexes) part.push_back(items[k]);
        auto name = [](const ObserveItem& item) { return KeyOf(item.id, item.attributes).name; };
        read[i] = kit::ObserveFromList(
            part, name, [&](const auto& each) { return ForEachTable(ctx, db, each); },
            [&](const ObserveItem& item, const kit::ReplyReader& t) {
              return Observed(ctx, item.address, t, {db, name(item)});
            });
      }
    };
    std::vector<std::thread> pool;
    for (size_t t = 0; t < std::min<size_t>(8, dbs.size()); ++t) pool.emplace_back(worker);
    for (auto& t : pool) t.join();
    for (size_t i = 0; i < dbs.size(); ++i) {
      const auto& [db, indexes] = *dbs[i];
      if (!read[i]) continue;
      const auto& r = *read[i];
      if (r.status().IsNotFound()) continue;  // the database is gone: its tables are missing
      if (!r.ok()) return r.status().WithContext("observing Glue tables of database " + db);
      for (size_t k = 0; k < indexes.size(); ++k) out[indexes[k]] = (*r)[k];
    }
    return out;
  }

  Result<Observation> ObserveOne(AwsContext& ctx, const ObserveItem& item) override {
    Key k = KeyOf(item.id, item.attributes);
    if (k.db.empty() || k.name.empty()) return Missing(item.address);
    auto r = Call(ctx, "GetTable", {{"DatabaseName", k.db}, {"Name", k.name}});
    if (r.status().IsNotFound()) return Missing(item.address);
    if (!r.ok()) return r.status().WithContext(item.address.str());
    CW_ASSIGN_OR_RETURN(kit::ReplyReader t, kit::ReplyReader(*r, "glue GetTable").At("Table"));
    return Observed(ctx, item.address, t, k);
  }

  Result<ResourceResult> Create(AwsContext& ctx, const CreateRequest& req) override {
    CW_RETURN_IF_ERROR(CheckTableType(req.address, req.attributes));
    Key k = KeyOf("", req.attributes);
    Value body = {{"DatabaseName", k.db}, {"TableInput", Table().CreateBody(req.attributes)}};
    auto r = Call(ctx, "CreateTable", body);
    if (r.status().code() == StatusCode::kConflict) r = Call(ctx, "UpdateTable", body);  // adopt
    if (!r.ok()) return r.status().WithContext(req.address.str());
    return Done(ctx, k, req.attributes);
  }

  Result<ResourceResult> Update(AwsContext& ctx, const UpdateRequest& req) override {
    CW_RETURN_IF_ERROR(CheckTableType(req.address, req.after));
    Key k = KeyOf(req.id, req.after);
    auto r = Call(ctx, "UpdateTable",
                  {{"DatabaseName", k.db}, {"TableInput", Table().FullBody(req.after)}});
    if (!r.ok()) return r.status().WithContext(req.address.str());
    return Done(ctx, k, req.after);
  }

  Status Delete(AwsContext& ctx, const DeleteRequest& req) override {
    Key k = KeyOf(req.id, req.attributes);
    if (k.db.empty() || k.name.empty()) {
      return Status::InvalidArgument(req.address.str() + ": no database and table name");
    }
    auto r = Call(ctx, "DeleteTable", {{"DatabaseName", k.db}, {"Name", k.name}});
    if (r.ok() || r.status().IsNotFound()) return Status::Ok();
    return r.status().WithContext(req.address.str());
  }

  Result<std::vector<Observation>> List(AwsContext& ctx, const ListRequest& req) override {
    std::vector<std::string> dbs;
    if (std::string db = kit::StringAttr(req.scope, "database"); !db.empty()) {
      dbs.push_back(Lower(db));
    } else {
      CW_RETURN_IF_ERROR(
          CallPaginated(ctx, "GetDatabases", Value::object(), [&](const Value& page) {
            return kit::ReplyReader(page, "glue GetDatabases")
                .ForEach("DatabaseList", [&](const kit::ReplyReader& d) -> Status {
                  CW_ASSIGN_OR_RETURN(std::string name, d.StringOr("Name", ""));
                  if (!name.empty()) dbs.push_back(Lower(name));
                  return Status::Ok();
                });
          }));
    }
    std::vector<Observation> out;
    for (const auto& db : dbs) {
      CW_RETURN_IF_ERROR(
          ForEachTable(ctx, db, [&](const std::string& name, const kit::ReplyReader& t) -> Status {
            CW_ASSIGN_OR_RETURN(Observation o,
                                Observed(ctx, Address{req.kind, db + "_" + name}, t, {db, name}));
            out.push_back(std::move(o));
            return Status::Ok();
          }));
    }
    return out;
  }

 private:
  static ResourceResult Done(const AwsContext& ctx, const Key& k, const Value& attrs) {
    return ResourceResult{k.id(), Table().Settled(attrs), {{"arn", TableArn(ctx, k.db, k.name)}}};
  }
};

}  // namespace

std::unique_ptr<KindHandler> NewTableHandler() { return std::make_unique<TableHandler>(); }

}  // namespace causeway::aws::glue
