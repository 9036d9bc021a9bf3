// ObjectHandler: SHOW-based observe, create/adopt, ALTER and DROP for SQL-managed objects.
#include "providers/snowflake/object_handler.h"

#include <algorithm>
#include <map>
#include <mutex>
#include <optional>

#include "providers/kit/parallel.h"
#include "providers/snowflake/statement_batcher.h"

namespace causeway::snowflake {
namespace {

// A LIKE pattern that matches `name`: a backslash becomes `_` (any one character), whether or
// not the server takes backslash as LIKE's escape; `%` and `_` match themselves too. Rows are
// then compared with the name exactly.
std::string LikePattern(std::string name) {
  std::replace(name.begin(), name.end(), '\\', '_');
  return name;
}

class ObjectHandler : public KindHandler {
 public:
  explicit ObjectHandler(ObjectSpec spec) : spec_(std::move(spec)) {}

  KindSchema Schema() const override {
    std::vector<std::string> key = {"name"};
    if (spec_.level >= 2) key.insert(key.begin(), "schema");
    if (spec_.level >= 1) key.insert(key.begin(), "database");
    KindSchema s = table().Schema(spec_.kind, spec_.description, key);
    s.holds_data = spec_.holds_data;
    s.destroy_note = spec_.destroy_note;
    return s;
  }

  // Snowflake assumes a storage integration's IAM role when it creates an external table (and
  // refreshes it) or lists a stage: right after the role's trust was written -- often the
  // deferred update running beside this very create, since the trust names the integration's
  // outputs -- or while IAM propagates it, that fails with 091003. The provider waits and
  // retries (propagation_timeout_seconds), as for IAM on AWS.
  bool IsPropagationDelay(const Status& status) const override {
    return status.provider_code() == "091003";
  }

  Result<std::vector<Observation>> ObserveBulk(SnowflakeContext& ctx, ObserveBatch&,
                                               const std::vector<ObserveItem>& items) override {
    // Items by container (the account, a database, a schema), one paged SHOW each.
    std::map<std::vector<std::string>, std::vector<size_t>> by_container;
    std::vector<Observation> out(items.size());
    for (size_t i = 0; i < items.size(); ++i) {
      auto container = ContainerParts(items[i].attributes);
      if (!Known(container)) {
        out[i] = Missing(items[i].address);  // a container whose name is not known yet
        continue;
      }
      by_container[container].push_back(i);
    }
    std::vector<std::vector<std::string>> containers;
    for (const auto& [c, _] : by_container) containers.push_back(c);
    Status read = kit::ForEachInParallel(containers.size(), ctx.threads, [&](size_t k) -> Status {
      const auto& container = containers[k];
      const auto& idx = by_container[container];
      auto rows = ShowAll(ctx, spec_.plural, In(container), spec_.paged);
      if (!rows.ok() && rows.status().IsNotFound()) {  // the container does not exist
        for (size_t i : idx) out[i] = Missing(items[i].address);
        return Status::Ok();
      }
      if (!rows.ok()) return rows.status();
      std::map<std::string, size_t> by_name;
      for (size_t r = 0; r < rows->size(); ++r) by_name.emplace(rows->Text(r, "name"), r);
      CW_ASSIGN_OR_RETURN(Companion companion, ReadCompanion(ctx, In(container)));
      if (spec_.remember_listing && ctx.listings != nullptr) {
        ctx.listings->Put(MemoKey(container), Listing{*rows, companion.rows});
      }
      for (size_t i : idx) {
        auto it = by_name.find(IdentAttr(items[i].attributes, "name"));
        if (it == by_name.end()) {
          out[i] = Missing(items[i].address);
          continue;
        }
        CW_ASSIGN_OR_RETURN(out[i], Read(ctx, items[i], *rows, it->second, &companion));
      }
      return Status::Ok();
    });
    if (!read.ok()) return read;
    return out;
  }

  Result<Observation> ObserveOne(SnowflakeContext& ctx, const ObserveItem& item) override {
    const Value& a = item.attributes;
    const std::string name = IdentAttr(a, "name");
    if (name.empty()) return Missing(item.address);
    const auto container = ContainerParts(a);
    if (!Known(container)) return Missing(item.address);
    const std::string in = In(container);
    auto rows = ctx.client->Execute("SHOW " + spec_.plural + " LIKE " +
                                    QuoteString(LikePattern(name)) + (in.empty() ? "" : " " + in));
    if (!rows.ok() && rows.status().IsNotFound()) return Missing(item.address);
    if (!rows.ok()) return rows.status().WithContext(item.address.str());
    for (size_t r = 0; r < rows->size(); ++r) {
      if (rows->Text(r, "name") != name) continue;
      CW_ASSIGN_OR_RETURN(Companion companion,
                          ReadCompanion(ctx, "IN " + spec_.keyword + " " + QName(a)));
      return Read(ctx, item, *rows, r, &companion);
    }
    return Missing(item.address);
  }

  Result<ResourceResult> Create(SnowflakeContext& ctx, const CreateRequest& req) override {
    Value a = table().WithDefaults(req.attributes);
    const std::string qname = QName(a);
    if (auto fresh = CreateFresh(ctx, qname, a)) {
      if (!fresh->ok()) return fresh->status().WithContext(req.address.str());
      return std::move(*fresh);
    }
    auto created = ctx.client->Execute(spec_.create(qname, a));
    if (!created.ok()) return created.status().WithContext(req.address.str());
    // IF NOT EXISTS adopts an object that was there: bring it to the manifest.
    CW_ASSIGN_OR_RETURN(Observation live, ObserveOne(ctx, ObserveItem{req.address, "", a}));
    if (!live.exists) {
      return Status::ProviderError(req.address.str() + ": " + spec_.keyword + " " + qname +
                                   " was created but SHOW does not list it");
    }
    std::vector<std::string> changed = table().Changed(live.attributes, a);
    if (!changed.empty()) {
      CW_ASSIGN_OR_RETURN(auto statements, Alter(req.address, qname, changed, live.attributes, a));
      CW_RETURN_IF_ERROR(Run(ctx, req.address, statements));
      CW_ASSIGN_OR_RETURN(live, ObserveOne(ctx, ObserveItem{req.address, "", a}));
    }
    return ResourceResult{Id(a), table().Settled(a), live.outputs};
  }

  // A create through the batcher (ctx.batcher), for an apply wave of many objects at cloud
  // latency: CREATE without IF NOT EXISTS, which either makes the object exactly as the manifest
  // says -- then its only output, the owner, is the role the statement ran as, and no SHOW is
  // needed -- or fails with "already exists", and the caller adopts the object as usual
  // (nullopt). Also nullopt when this shortcut does not apply: no batcher, a role not known, or
  // outputs other than the owner that only SHOW can tell.
  std::optional<Result<ResourceResult>> CreateFresh(SnowflakeContext& ctx, const std::string& qname,
                                                    const Value& a) {
    if (ctx.batcher == nullptr || ctx.role.empty() || !spec_.chosen_by_snowflake.empty() ||
        spec_.describe) {
      return std::nullopt;  // Snowflake fills in, or only DESC tells, something the state needs
    }
    for (const auto& attr : table().Schema(spec_.kind, "", {}).attributes) {
      if (attr.computed && attr.name != "owner") return std::nullopt;
    }
    std::string sql = spec_.create(qname, a);
    const std::string adopting = "CREATE " + spec_.keyword + " IF NOT EXISTS ";
    if (sql.rfind(adopting, 0) != 0) return std::nullopt;
    sql = "CREATE " + spec_.keyword + " " + sql.substr(adopting.size());
    Status s = ctx.batcher->Execute(sql);
    if (s.code() == StatusCode::kConflict) return std::nullopt;  // exists: adopt it
    if (!s.ok()) return Result<ResourceResult>(s);
    Value outputs = Value::object();
    if (table().Find("owner") != nullptr) outputs["owner"] = ctx.role;
    return Result<ResourceResult>(ResourceResult{Id(a), table().Settled(a), outputs});
  }

  Result<ResourceResult> Update(SnowflakeContext& ctx, const UpdateRequest& req) override {
    Value after = table().WithDefaults(req.after);
    const std::string qname = QName(after);
    std::vector<std::string> changed = table().Changed(req.before, after);
    for (const auto& c : req.changed) {
      const kit::Attribute* row = table().Find(c);
      if (row != nullptr && !row->schema().computed && !row->schema().force_new &&
          std::find(changed.begin(), changed.end(), c) == changed.end()) {
        changed.push_back(c);
      }
    }
    if (!changed.empty()) {
      CW_ASSIGN_OR_RETURN(auto statements, Alter(req.address, qname, changed, req.before, after));
      CW_RETURN_IF_ERROR(Run(ctx, req.address, statements));
    }
    CW_ASSIGN_OR_RETURN(Observation live, ObserveOne(ctx, ObserveItem{req.address, req.id, after}));
    return ResourceResult{Id(after), table().Settled(after), live.outputs};
  }

  Status Delete(SnowflakeContext& ctx, const DeleteRequest& req) override {
    const std::string qname = QName(req.attributes);
    Status s = ExecuteWithoutRows(ctx, "DROP " + spec_.keyword + " IF EXISTS " + qname);
    if (s.ok() || s.IsNotFound()) return Status::Ok();  // e.g. its database is gone
    return s.WithContext(req.address.str());
  }

  Result<std::vector<Observation>> List(SnowflakeContext& ctx, const ListRequest& req) override {
    // A schema-level kind lists one schema, or each schema of the database in turn: names repeat
    // across schemas, so one SHOW ... IN DATABASE could not be paged by name.
    std::vector<std::string> container = ContainerParts(req.scope);
    if (spec_.level >= 1 && (container.empty() || container[0].empty())) {
      return Status::InvalidArgument(spec_.kind + ": listing needs a database in the scope");
    }
    std::vector<std::vector<std::string>> containers = {container};
    if (spec_.level == 2 && container[1].empty()) {
      containers.clear();
      CW_ASSIGN_OR_RETURN(RowSet schemas, ShowAll(ctx, "SCHEMAS", In({container[0]})));
      for (size_t r = 0; r < schemas.size(); ++r) {
        if (schemas.Text(r, "name") == "INFORMATION_SCHEMA") continue;
        containers.push_back({container[0], schemas.Text(r, "name")});
      }
    }
    const bool observed = req.scope.is_object() && req.scope.value("observed", false);
    std::vector<Observation> out;
    for (const auto& c : containers) {
      std::optional<Listing> kept;
      if (observed && ctx.listings != nullptr) kept = ctx.listings->Take(MemoKey(c));
      if (kept) {
        CW_RETURN_IF_ERROR(
            ListRows(ctx, req.kind, kept->rows, c, Index(std::move(kept->companion)), &out));
        continue;
      }
      CW_ASSIGN_OR_RETURN(RowSet rows, ShowAll(ctx, spec_.plural, In(c), spec_.paged));
      CW_ASSIGN_OR_RETURN(Companion companion, ReadCompanion(ctx, In(c)));
      CW_RETURN_IF_ERROR(ListRows(ctx, req.kind, rows, c, companion, &out));
    }
    return out;
  }

 private:
  // The rows of the spec's companion SHOW, by object name (empty without a companion).
  struct Companion {
    RowSet rows;
    std::map<std::string, std::vector<size_t>> by_object;
  };
  Result<Companion> ReadCompanion(SnowflakeContext& ctx, const std::string& in) const {
    if (spec_.companion.empty()) return Companion{};
    CW_ASSIGN_OR_RETURN(RowSet rows, ctx.client->Execute("SHOW " + spec_.companion + " " + in));
    return Index(std::move(rows));
  }
  Companion Index(RowSet rows) const {
    Companion c;
    c.rows = std::move(rows);
    for (size_t r = 0; spec_.companion.size() > 0 && r < c.rows.size(); ++r) {
      c.by_object[c.rows.Text(r, spec_.companion_key)].push_back(r);
    }
    return c;
  }
  std::string MemoKey(const std::vector<std::string>& container) const {
    return spec_.kind + " " + In(container);
  }

  Status ListRows(SnowflakeContext& ctx, const std::string& kind, const RowSet& rows,
                  const std::vector<std::string>& container, const Companion& companion,
                  std::vector<Observation>* out) {
    for (size_t r = 0; r < rows.size(); ++r) {
      Value given = Value::object();
      given["name"] = ManifestIdentifier(rows.Text(r, "name"));
      SetContainer(rows, r, container, &given);
      ObserveItem item{Address{kind, DisplayName(Parts(given))}, "", given};
      // Imported objects manage every attribute SHOW gives.
      CW_ASSIGN_OR_RETURN(Observation o, Read(ctx, item, rows, r, &companion, /*manage_all=*/true));
      out->push_back(std::move(o));
    }
    return Status::Ok();
  }
  const kit::AttributeTable& table() const { return *spec_.table; }

  // The database (level 1) or database and schema (level 2) of `a`; {} in the account.
  std::vector<std::string> ContainerParts(const Value& a) const {
    std::vector<std::string> parts;
    if (spec_.level >= 1) parts.push_back(IdentAttr(a, "database"));
    if (spec_.level >= 2) parts.push_back(IdentAttr(a, "schema"));
    return parts;
  }
  static bool Known(const std::vector<std::string>& container) {
    return std::none_of(container.begin(), container.end(),
                        [](const std::string& p) { return p.empty(); });
  }
  // "", "IN DATABASE \"D\"" or "IN SCHEMA \"D\".\"S\"".
  static std::string In(const std::vector<std::string>& container) {
    if (container.empty()) return "";
    return (container.size() == 1 ? "IN DATABASE " : "IN SCHEMA ") + QuoteName(container);
  }
  // The database and schema attributes of row `r` (its database_name / schema_name, else the
  // container it was listed in).
  void SetContainer(const RowSet& rows, size_t r, const std::vector<std::string>& container,
                    Value* attrs) const {
    const char* attr[] = {"database", "schema"};
    const char* column[] = {"database_name", "schema_name"};
    for (int i = 0; i < spec_.level && i < 2; ++i) {
      std::string v = rows.Text(r, column[i]);
      if (v.empty() && static_cast<size_t>(i) < container.size()) v = container[i];
      (*attrs)[attr[i]] = ManifestIdentifier(v);
    }
  }
  std::vector<std::string> Parts(const Value& a) const {
    std::vector<std::string> parts = ContainerParts(a);
    parts.push_back(IdentAttr(a, "name"));
    return parts;
  }
  std::string QName(const Value& a) const { return QuoteName(Parts(a)); }
  std::string Id(const Value& a) const { return DisplayName(Parts(a)); }

  Result<std::vector<std::string>> Alter(const Address& address, const std::string& qname,
                                         const std::vector<std::string>& changed,
                                         const Value& before, const Value& after) const {
    if (!spec_.alter_between) return spec_.alter(qname, changed, after);
    auto statements = spec_.alter_between(qname, changed, before, after);
    if (!statements.ok()) return statements.status().WithContext(address.str());
    return statements;
  }

  Status Run(SnowflakeContext& ctx, const Address& address,
             const std::vector<std::string>& statements) {
    auto r = ctx.client->ExecuteBatch(statements);
    if (!r.ok()) return r.status().WithContext(address.str());
    return Status::Ok();
  }

  // `manage_all`: keep every attribute SHOW gives, managed by the manifest or not (list).
  Result<Observation> Read(SnowflakeContext& ctx, const ObserveItem& item, const RowSet& rows,
                           size_t r, const Companion* companion, bool manage_all = false) const {
    const Value& given = item.attributes;
    Observation o = Missing(item.address);
    o.exists = true;
    Value attrs = Value::object();
    Status read = spec_.read(rows, r, &attrs, &o.outputs);
    if (!read.ok()) return read.WithContext(item.address.str());
    attrs["name"] = ManifestIdentifier(rows.Text(r, "name"));
    SetContainer(rows, r, ContainerParts(given), &attrs);
    if (spec_.needs_describe && spec_.needs_describe(given, attrs)) {
      Status d = spec_.describe(ctx, QuoteName(Parts(attrs)), &attrs);
      if (!d.ok()) return d.WithContext(item.address.str());
    }
    if (spec_.read_companion && companion != nullptr) {
      static const std::vector<size_t> kNone;
      auto mine = companion->by_object.find(rows.Text(r, "name"));
      Status c = spec_.read_companion(
          companion->rows, mine == companion->by_object.end() ? kNone : mine->second, &attrs);
      if (!c.ok()) return c.WithContext(item.address.str());
    }
    if (spec_.trim) spec_.trim(given, &attrs);
    // Outputs read along with the inputs (DESC gives both) go to the outputs.
    for (const auto& row : table().rows()) {
      if (!row.schema().computed || !attrs.contains(row.name())) continue;
      o.outputs[row.name()] = attrs[row.name()];
      attrs.erase(row.name());
    }
    Value chosen = Value::object();
    for (const auto& name : spec_.chosen_by_snowflake) {
      if (attrs.contains(name)) chosen[name] = attrs[name];
    }
    // Inputs SHOW does not give (initially_suspended) read as given; inputs the manifest leaves
    // out and that have no default are Snowflake's to fill in, not managed.
    for (const auto& row : table().rows()) {
      if (row.schema().computed) continue;
      const bool given_has =
          given.is_object() && given.contains(row.name()) && !given[row.name()].is_null();
      if (!attrs.contains(row.name())) {
        if (given_has) {
          attrs[row.name()] = given[row.name()];
        } else if (row.schema().default_value) {
          attrs[row.name()] = *row.schema().default_value;
        }
      } else if (!manage_all && !given_has && !row.schema().default_value &&
                 !row.schema().required) {
        attrs.erase(row.name());
      }
    }
    for (auto it = chosen.begin(); it != chosen.end(); ++it) {
      attrs[it.key()] = it.value();
      o.outputs[it.key()] = it.value();
    }
    o.attributes = std::move(attrs);
    o.id = Id(o.attributes);
    return o;
  }

  ObjectSpec spec_;
};

}  // namespace

std::unique_ptr<KindHandler> NewObjectHandler(ObjectSpec spec) {
  return std::make_unique<ObjectHandler>(std::move(spec));
}

}  // namespace causeway::snowflake
