// aws.glue.database: a Glue Data Catalog database (attributes: the table below). Glue stores the
// name lower-cased: it is sent and compared lower-cased. Holds data (its tables): deleting or
// replacing it needs the engine's opt-in.
// Bulk observe: one paginated GetDatabases. Per-resource: GetDatabase. Create: CreateDatabase;
// an existing database is adopted with UpdateDatabase to the manifest. Update: UpdateDatabase
// with the full DatabaseInput (Glue replaces it). Delete: DeleteDatabase (Glue drops its tables);
// missing is fine. List: every database; no scope.
#include "providers/aws/glue_common.h"
#include "providers/kit/normalizers.h"

namespace causeway::aws::glue {

namespace {

using kit::Attribute;

// One row per attribute: its schema and where DatabaseInput (and Database, read back) has it.
const kit::AttributeTable& Table() {
  // clang-format off
  static const kit::AttributeTable table({
    Attribute("name").Describe("Database name (Glue stores it lower-cased)").Required().ForceNew()
        .Check(GlueName()).Normalize(kit::LowerCase).Wire("Name").Convert(kit::LowerCase, nullptr),
    Attribute("description").Default("").Wire("Description"),
    Attribute("location_uri").Default("").Wire("LocationUri"),
    Attribute("parameters", AttrType::kMap).Default(Value::object()).Wire("Parameters"),
    Attribute("arn").Computed(),
  });
  // clang-format on
  return table;
}

std::string NameOf(const std::string& id, const Value& attrs) {
  return Lower(kit::IdOr(id, attrs, "name"));
}

// The observation of the Database `db` (a reader of GetDatabase's Database or an item of
// GetDatabases' DatabaseList); `name` stands in for a Name the reply leaves out.
Result<Observation> Observed(const AwsContext& ctx, const Address& address,
                             const kit::ReplyReader& db, const std::string& name) {
  Observation o = Missing(address);
  Status read = Table().Read(db, &o.attributes, &o.outputs);
  if (!read.ok()) return read.WithContext(address.str());
  if (!o.attributes["name"].is_string()) o.attributes["name"] = name;
  o.exists = true;
  o.id = Lower(kit::StringAttr(o.attributes, "name"));
  o.outputs["arn"] = DatabaseArn(ctx, o.id);
  return o;
}

// Every database, each read with `each` (its lower-cased name and a reader of it).
Status ForEachDatabase(
    AwsContext& ctx,
    const std::function<Status(const std::string&, const kit::ReplyReader&)>& each) {
  return CallPaginated(ctx, "GetDatabases", Value::object(), [&](const Value& page) {
    kit::ReplyReader reply(page, "glue GetDatabases");
    return reply.ForEach("DatabaseList", [&](const kit::ReplyReader& db) -> Status {
      CW_ASSIGN_OR_RETURN(std::string name, db.StringOr("Name", ""));
      return name.empty() ? Status::Ok() : each(Lower(name), db);
    });
  });
}

class DatabaseHandler : public KindHandler {
 public:
  KindSchema Schema() const override {
    KindSchema s = Table().Schema(kDatabaseKind, "A Glue Data Catalog database", {"name"});
    s.holds_data = true;
    s.exclusive_removes =
        "tables no manifest declares (with --allow-destroy), and Lake Formation grants on it "
        "and on all its tables";
    return s;
  }

  Result<std::vector<Observation>> ObserveBulk(AwsContext& ctx, ObserveBatch&,
                                               const std::vector<ObserveItem>& items) override {
    return kit::ObserveFromList(
        items, [](const ObserveItem& i) { return NameOf(i.id, i.attributes); },
        [&](const auto& each) { return ForEachDatabase(ctx, each); },
        [&](const ObserveItem& i, const kit::ReplyReader& db) {
          return Observed(ctx, i.address, db, NameOf(i.id, i.attributes));
        });
  }

  Result<Observation> ObserveOne(AwsContext& ctx, const ObserveItem& item) override {
    std::string name = NameOf(item.id, item.attributes);
    if (name.empty()) return Missing(item.address);
    auto r = Call(ctx, "GetDatabase", {{"Name", name}});
    if (r.status().IsNotFound()) return Missing(item.address);
    if (!r.ok()) return r.status().WithContext(item.address.str());
    CW_ASSIGN_OR_RETURN(kit::ReplyReader db,
                        kit::ReplyReader(*r, "glue GetDatabase").At("Database"));
    return Observed(ctx, item.address, db, name);
  }

  Result<ResourceResult> Create(AwsContext& ctx, const CreateRequest& req) override {
    Value input = Table().CreateBody(req.attributes);
    std::string name = NameOf("", req.attributes);
    auto r = Call(ctx, "CreateDatabase", {{"DatabaseInput", input}});
    if (r.status().code() == StatusCode::kConflict) {
      // Adopt: bring the existing database to the manifest.
      r = Call(ctx, "UpdateDatabase", {{"Name", name}, {"DatabaseInput", input}});
    }
    if (!r.ok()) return r.status().WithContext(req.address.str());
    return Done(ctx, name, req.attributes);
  }

  Result<ResourceResult> Update(AwsContext& ctx, const UpdateRequest& req) override {
    std::string name = NameOf(req.id, req.after);
    auto r = Call(ctx, "UpdateDatabase",
                  {{"Name", name}, {"DatabaseInput", Table().FullBody(req.after)}});
    if (!r.ok()) return r.status().WithContext(req.address.str());
    return Done(ctx, name, req.after);
  }

  Status Delete(AwsContext& ctx, const DeleteRequest& req) override {
    std::string name = NameOf(req.id, req.attributes);
    if (name.empty()) return Status::InvalidArgument(req.address.str() + ": no database name");
    auto r = Call(ctx, "DeleteDatabase", {{"Name", name}});
    if (r.ok() || r.status().IsNotFound()) return Status::Ok();
    return r.status().WithContext(req.address.str());
  }

  Result<std::vector<Observation>> List(AwsContext& ctx, const ListRequest& req) override {
    std::vector<Observation> out;
    CW_RETURN_IF_ERROR(
        ForEachDatabase(ctx, [&](const std::string& name, const kit::ReplyReader& db) {
          CW_ASSIGN_OR_RETURN(Observation o, Observed(ctx, Address{req.kind, name}, db, name));
          out.push_back(std::move(o));
          return Status::Ok();
        }));
    return out;
  }

 private:
  static ResourceResult Done(const AwsContext& ctx, const std::string& name, const Value& attrs) {
    return ResourceResult{name, Table().Settled(attrs), {{"arn", DatabaseArn(ctx, name)}}};
  }
};

}  // namespace

std::unique_ptr<KindHandler> NewDatabaseHandler() { return std::make_unique<DatabaseHandler>(); }

}  // namespace causeway::aws::glue
