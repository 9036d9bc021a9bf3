// SecurableHandler: observe, create/adopt, update, delete and list over the Unity Catalog REST API.
#include "providers/databricks/securable_handler.h"

#include <algorithm>
#include <map>
#include <optional>

#include "providers/kit/parallel.h"
#include "reconciler/core/ascii.h"

namespace causeway::databricks {
namespace {

constexpr char kProperties[] = "properties";
// Containers listed at once in a bulk observe (schemas of many catalogs), as many as per-resource
// mode reads objects at once.
constexpr size_t kContainerThreads = 10;

// Live properties limited to the keys `known` (the manifest's or the state's) names.
Value ManagedProperties(const Value& live, const Value& known) {
  Value out = Value::object();
  if (!live.is_object() || !known.is_object()) return out;
  for (auto it = known.begin(); it != known.end(); ++it) {
    if (live.contains(it.key())) out[it.key()] = live[it.key()];
  }
  return out;
}

class SecurableHandler : public KindHandler {
 public:
  explicit SecurableHandler(SecurableSpec spec) : spec_(std::move(spec)) {}

  KindSchema Schema() const override {
    KindSchema s = table().Schema(spec_.kind, spec_.description, spec_.natural_key);
    s.holds_data = spec_.holds_data;
    s.exclusive_removes = spec_.exclusive_removes;
    return s;
  }

  Result<std::vector<Observation>> ObserveBulk(DatabricksContext& ctx, ObserveBatch&,
                                               const std::vector<ObserveItem>& items) override {
    return ObserveByContainer(
        ctx, items, spec_.container, spec_.collection, spec_.items_key,
        [&](const ObserveItem& i) { return FullName(i); },
        [&](const ObserveItem& i, const kit::ReplyReader& r) { return Read(i, r); });
  }

  Result<Observation> ObserveOne(DatabricksContext& ctx, const ObserveItem& item) override {
    std::string name = FullName(item);
    if (name.empty()) return Missing(item.address);
    auto r = ctx.client->Catalog("GET", Path(name));
    if (!r.ok() && r.status().IsNotFound()) return Missing(item.address);
    if (!r.ok()) return r.status().WithContext(item.address.str());
    return Read(item, kit::ReplyReader(*r, "databricks GET " + spec_.collection));
  }

  Result<ResourceResult> Create(DatabricksContext& ctx, const CreateRequest& req) override {
    Value a = table().WithDefaults(req.attributes);
    const ObserveItem item{req.address, "", a};
    Value body = table().CreateBody(a);
    auto r = ctx.client->Catalog("POST", spec_.collection, body);
    Observation live;
    if (r.ok()) {
      CW_ASSIGN_OR_RETURN(live,
                          Read(item, kit::ReplyReader(*r, "databricks POST " + spec_.collection)));
    } else if (r.status().code() == StatusCode::kConflict) {
      CW_ASSIGN_OR_RETURN(live, ObserveOne(ctx, item));  // adopt it: brought to the manifest below
      if (!live.exists) return r.status().WithContext(req.address.str());
    } else {
      return r.status().WithContext(req.address.str());
    }
    return UpdateTo(ctx, req.address, FullName(item), live.attributes, a, {}, live);
  }

  Result<ResourceResult> Update(DatabricksContext& ctx, const UpdateRequest& req) override {
    std::string name = req.id.empty() ? spec_.full_name(req.before) : req.id;
    return UpdateTo(ctx, req.address, Lower(name), req.before, req.after, req.changed,
                    std::nullopt);
  }

  Status Delete(DatabricksContext& ctx, const DeleteRequest& req) override {
    std::string name = req.id.empty() ? spec_.full_name(req.attributes) : req.id;
    if (name.empty()) return Status::InvalidArgument(req.address.str() + ": no name to delete");
    Query q;
    if (spec_.force_delete && kit::BoolAttr(req.attributes, "force_destroy")) {
      q.emplace_back("force", "true");
    }
    auto r = ctx.client->Catalog("DELETE", Path(Lower(name)), {}, q);
    if (r.ok() || r.status().IsNotFound()) return Status::Ok();
    return r.status().WithContext(req.address.str());
  }

  Result<std::vector<Observation>> List(DatabricksContext& ctx, const ListRequest& req) override {
    Query q = spec_.container(req.scope);
    std::vector<Observation> out;
    CW_RETURN_IF_ERROR(
        ListByFullName(ctx, spec_.collection, q, spec_.items_key,
                       [&](const std::string& name, const kit::ReplyReader& r) -> Status {
                         ObserveItem item{Address{req.kind, name}, name, Value::object()};
                         CW_ASSIGN_OR_RETURN(Observation o, Read(item, r));
                         // Imported objects manage every property they have.
                         CW_ASSIGN_OR_RETURN(const Value* props, r.Object(kProperties));
                         if (props != nullptr && table().Find(kProperties) != nullptr) {
                           o.attributes[kProperties] = *props;
                         }
                         out.push_back(std::move(o));
                         return Status::Ok();
                       }));
    return out;
  }

  bool IsPropagationDelay(const Status& status) const override {
    return spec_.propagation_delay != nullptr && spec_.propagation_delay(status);
  }

 private:
  const kit::AttributeTable& table() const { return *spec_.table; }

  std::string FullName(const ObserveItem& item) const {
    if (!item.id.empty()) return Lower(item.id);
    return Lower(spec_.full_name(item.attributes));
  }
  std::string Path(const std::string& full_name) const {
    return spec_.collection + "/" + PathSegment(full_name);
  }

  Result<Observation> Read(const ObserveItem& item, const kit::ReplyReader& reply) const {
    const Value& given = item.attributes;
    Observation o = Missing(item.address);
    Status read = table().Read(reply, &o.attributes, &o.outputs);
    if (!read.ok()) return read.WithContext(item.address.str());
    CW_ASSIGN_OR_RETURN(std::string full, reply.StringOr("full_name", ""));
    if (full.empty()) {
      CW_ASSIGN_OR_RETURN(full, reply.RequiredString("name"));
    }
    o.exists = true;
    o.id = Lower(full);
    if (table().Find(kProperties) != nullptr) {
      CW_ASSIGN_OR_RETURN(const Value* props, reply.Object(kProperties));
      Value known =
          given.is_object() && given.contains(kProperties) ? given[kProperties] : Value::object();
      o.attributes[kProperties] = ManagedProperties(props ? *props : Value::object(), known);
    }
    // Settings Databricks does not store (force_destroy, skip_validation) read as given.
    for (const auto& row : table().rows()) {
      if (!row.read_path().empty() || row.schema().computed || row.name() == kProperties) continue;
      auto it = given.is_object() ? given.find(row.name()) : given.end();
      if (given.is_object() && it != given.end()) {
        o.attributes[row.name()] = *it;
      } else if (row.schema().default_value) {
        o.attributes[row.name()] = *row.schema().default_value;
      }
    }
    if (table().Find("full_name") != nullptr) o.outputs["full_name"] = o.id;
    return o;
  }

  // `before` without the attributes `after` does not manage (left out, no default).
  Value ManagedBefore(const Value& before, const Value& after) const {
    Value out = Value::object();
    if (!before.is_object()) return out;
    for (auto it = before.begin(); it != before.end(); ++it) {
      const kit::Attribute* row = table().Find(it.key());
      const bool managed =
          (after.is_object() && after.contains(it.key()) && !after[it.key()].is_null()) ||
          (row != nullptr && row->schema().default_value.has_value());
      if (managed) out[it.key()] = it.value();
    }
    return out;
  }

  Result<ResourceResult> UpdateTo(DatabricksContext& ctx, const Address& address,
                                  const std::string& name, const Value& before_all,
                                  const Value& after, const std::vector<std::string>& changed,
                                  std::optional<Observation> live) {
    Value before = ManagedBefore(before_all, after);
    Value settled = table().Settled(after);
    for (auto& u : table().Updates(before, after, changed)) {
      bool props =
          std::find(u.attributes.begin(), u.attributes.end(), kProperties) != u.attributes.end();
      if (props) {
        // Databricks replaces the whole map: keep the properties it added itself, drop the
        // managed keys the manifest no longer names.
        CW_ASSIGN_OR_RETURN(Value live, ctx.client->Catalog("GET", Path(name)));
        Value merged = live.contains(kProperties) && live[kProperties].is_object()
                           ? live[kProperties]
                           : Value::object();
        if (before.contains(kProperties) && before[kProperties].is_object()) {
          for (auto it = before[kProperties].begin(); it != before[kProperties].end(); ++it) {
            merged.erase(it.key());
          }
        }
        for (auto it = settled[kProperties].begin(); it != settled[kProperties].end(); ++it) {
          merged[it.key()] = it.value();
        }
        u.body[kProperties] = merged;
        if (u.call.empty()) u.call = "PATCH";
      }
      if (u.call != "PATCH" || u.body.empty()) continue;  // force_destroy: not Databricks'
      auto r = ctx.client->Catalog("PATCH", Path(name), u.body);
      if (!r.ok()) return r.status().WithContext(address.str());
      // The reply is the object as changed: its outputs are current.
      CW_ASSIGN_OR_RETURN(live, Read(ObserveItem{address, name, after},
                                     kit::ReplyReader(*r, "databricks PATCH " + spec_.collection)));
    }
    if (!live.has_value()) {
      CW_ASSIGN_OR_RETURN(live, ObserveOne(ctx, ObserveItem{address, name, after}));
    }
    if (!live->exists) {
      return Status::ProviderError(address.str() + ": " + name + " vanished while being changed");
    }
    return ResourceResult{live->id, settled, live->outputs};
  }

  SecurableSpec spec_;
};

}  // namespace

Status ListByFullName(
    DatabricksContext& ctx, const std::string& collection, const Query& query,
    const std::string& items_key,
    const std::function<Status(const std::string&, const kit::ReplyReader&)>& each) {
  return ctx.client->ListAll(collection, query, items_key,
                             [&](const kit::ReplyReader& r) -> Status {
                               CW_ASSIGN_OR_RETURN(std::string full, r.StringOr("full_name", ""));
                               if (full.empty()) {
                                 CW_ASSIGN_OR_RETURN(full, r.RequiredString("name"));
                               }
                               return each(Lower(full), r);
                             });
}

Result<std::vector<Observation>> ObserveByContainer(
    DatabricksContext& ctx, const std::vector<ObserveItem>& items,
    const std::function<Query(const Value&)>& container, const std::string& collection,
    const std::string& items_key, const std::function<std::string(const ObserveItem&)>& key_of,
    const ReadListed& read) {
  std::map<std::string, std::vector<size_t>> by_container;
  std::map<std::string, Query> queries;
  for (size_t i = 0; i < items.size(); ++i) {
    Query q = container(items[i].attributes);
    std::string key;
    for (const auto& [k, v] : q) key += k + "=" + v + "&";
    by_container[key].push_back(i);
    queries[key] = q;
  }
  std::vector<Observation> out(items.size());
  std::vector<std::string> keys;
  for (const auto& [key, _] : by_container) keys.push_back(key);
  CW_RETURN_IF_ERROR(kit::ForEachInParallel(keys.size(), kContainerThreads, [&](size_t k) {
    const std::vector<size_t>& indexes = by_container.at(keys[k]);
    const Query& q = queries.at(keys[k]);
    auto all_missing = [&] {
      for (size_t i : indexes) out[i] = Missing(items[i].address);
      return Status::Ok();
    };
    // A container not created yet (its name is still unknown) holds nothing.
    if (std::any_of(q.begin(), q.end(), [](const auto& kv) { return kv.second.empty(); })) {
      return all_missing();
    }
    std::vector<ObserveItem> part;
    for (size_t i : indexes) part.push_back(items[i]);
    auto observed = kit::ObserveFromList(
        part, key_of,
        [&](const std::function<Status(const std::string&, const kit::ReplyReader&)>& each) {
          return ListByFullName(ctx, collection, q, items_key, each);
        },
        read);
    if (!observed.ok() && observed.status().IsNotFound()) return all_missing();  // no container
    if (!observed.ok()) return observed.status();
    for (size_t j = 0; j < indexes.size(); ++j) out[indexes[j]] = std::move((*observed)[j]);
    return Status::Ok();
  }));
  return out;
}

std::unique_ptr<KindHandler> NewSecurableHandler(SecurableSpec spec) {
  return std::make_unique<SecurableHandler>(std::move(spec));
}

std::string FoldedAttr(const Value& attrs, const std::string& name) {
  return Lower(kit::StringAttr(attrs, name));
}

}  // namespace causeway::databricks
