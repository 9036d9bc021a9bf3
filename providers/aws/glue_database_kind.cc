// aws.glue.database: a Glue Data Catalog database.
//   name (required, force_new)      the id; Glue stores it lower-cased (compared lower-cased)
//   description (default "")
//   location_uri (default "")
//   parameters (map, default {})
//   outputs: arn
// Holds data (its tables): deleting or replacing it needs the engine's opt-in.
// Bulk observe: one paginated GetDatabases. Per-resource: GetDatabase. Create: CreateDatabase;
// an existing database is adopted and updated to the manifest. Update: UpdateDatabase with the
// full DatabaseInput (Glue replaces it). Delete: DeleteDatabase (Glue drops its tables); missing
// is fine. List: every database; no scope.
#include "providers/aws/glue_common.h"

namespace causeway::aws::glue {

namespace {

std::string NameOf(const std::string& id, const Value& attrs) {
  return Lower(!id.empty() ? id : StrAttr(attrs, "name"));
}

Value AttributesFrom(const Value& db) {
  return {{"name", db.value("Name", std::string())},
          {"description", db.value("Description", std::string())},
          {"location_uri", db.value("LocationUri", std::string())},
          {"parameters", db.value("Parameters", Value::object())}};
}

Observation Observed(const AwsContext& ctx, const Address& address, const Value& db) {
  Observation o;
  o.address = address;
  o.exists = true;
  o.id = db.value("Name", std::string());
  o.attributes = AttributesFrom(db);
  o.outputs = {{"arn", DatabaseArn(ctx, o.id)}};
  return o;
}

Value DatabaseInput(const Value& attrs) {
  Value in = {{"Name", Lower(StrAttr(attrs, "name"))}};
  if (!StrAttr(attrs, "description").empty()) in["Description"] = attrs["description"];
  if (!StrAttr(attrs, "location_uri").empty()) in["LocationUri"] = attrs["location_uri"];
  Value params = AttrOr(attrs, "parameters", Value::object());
  if (!params.empty()) in["Parameters"] = params;
  return in;
}

class DatabaseHandler : public KindHandler {
 public:
  KindSchema Schema() const override {
    KindSchema s;
    s.kind = kDatabaseKind;
    s.description = "A Glue Data Catalog database";
    s.holds_data = true;
    AttributeSchema name;
    name.name = "name";
    name.required = true;
    name.force_new = true;
    name.normalize = LowerString;
    name.description = "Database name (Glue stores it lower-cased)";
    AttributeSchema description;
    description.name = "description";
    description.default_value = Value("");
    AttributeSchema location;
    location.name = "location_uri";
    location.default_value = Value("");
    AttributeSchema params;
    params.name = "parameters";
    params.type = AttrType::kMap;
    params.default_value = Value::object();
    AttributeSchema arn;
    arn.name = "arn";
    arn.computed = true;
    s.attributes = {name, description, location, params, arn};
    return s;
  }

  Result<std::vector<Observation>> ObserveBulk(AwsContext& ctx, ObserveBatch& /*batch*/,
                                               const std::vector<ObserveItem>& items) override {
    std::map<std::string, Value> all;
    CW_RETURN_IF_ERROR(CallPaginated(ctx, "GetDatabases", Value::object(), [&](const Value& r) {
      for (const auto& db : r.value("DatabaseList", Value::array())) {
        all[Lower(db.value("Name", std::string()))] = db;
      }
      return Status::Ok();
    }));
    std::vector<Observation> out;
    for (const auto& item : items) {
      auto it = all.find(NameOf(item.id, item.attributes));
      if (it == all.end()) {
        Observation o;
        o.address = item.address;
        out.push_back(o);
      } else {
        out.push_back(Observed(ctx, item.address, it->second));
      }
    }
    return out;
  }

  Result<Observation> ObserveOne(AwsContext& ctx, const ObserveItem& item) override {
    auto r = Call(ctx, "GetDatabase", {{"Name", NameOf(item.id, item.attributes)}});
    if (r.status().IsNotFound()) {
      Observation o;
      o.address = item.address;
      return o;
    }
    if (!r.ok()) return r.status().WithContext(item.address.str());
    return Observed(ctx, item.address, (*r)["Database"]);
  }

  Result<ResourceResult> Create(AwsContext& ctx, const CreateRequest& req) override {
    Value in = DatabaseInput(req.attributes);
    auto r = Call(ctx, "CreateDatabase", {{"DatabaseInput", in}});
    if (r.status().code() == StatusCode::kConflict) {
      // Adopt: bring the existing database to the manifest.
      r = Call(ctx, "UpdateDatabase", {{"Name", in["Name"]}, {"DatabaseInput", in}});
    }
    if (!r.ok()) return r.status().WithContext(req.address.str());
    return Read(ctx, req.address, in["Name"]);
  }

  Result<ResourceResult> Update(AwsContext& ctx, const UpdateRequest& req) override {
    Value in = DatabaseInput(req.after);
    auto r =
        Call(ctx, "UpdateDatabase", {{"Name", NameOf(req.id, req.after)}, {"DatabaseInput", in}});
    if (!r.ok()) return r.status().WithContext(req.address.str());
    return Read(ctx, req.address, NameOf(req.id, req.after));
  }

  Status Delete(AwsContext& ctx, const DeleteRequest& req) override {
    auto r = Call(ctx, "DeleteDatabase", {{"Name", NameOf(req.id, req.attributes)}});
    if (r.ok() || r.status().IsNotFound()) return Status::Ok();
    return r.status().WithContext(req.address.str());
  }

  Result<std::vector<Observation>> List(AwsContext& ctx, const ListRequest& req) override {
    std::vector<Observation> out;
    CW_RETURN_IF_ERROR(CallPaginated(ctx, "GetDatabases", Value::object(), [&](const Value& r) {
      for (const auto& db : r.value("DatabaseList", Value::array())) {
        out.push_back(Observed(ctx, Address{req.kind, db.value("Name", std::string())}, db));
      }
      return Status::Ok();
    }));
    return out;
  }

 private:
  Result<ResourceResult> Read(AwsContext& ctx, const Address& address, const std::string& name) {
    CW_ASSIGN_OR_RETURN(Observation o,
                        ObserveOne(ctx, ObserveItem{address, name, Value::object()}));
    if (!o.exists) return Status::ProviderError(address.str() + ": database " + name + " vanished");
    return ResourceResult{o.id, o.attributes, o.outputs};
  }
};

}  // namespace

std::unique_ptr<KindHandler> NewDatabaseHandler() { return std::make_unique<DatabaseHandler>(); }

}  // namespace causeway::aws::glue
