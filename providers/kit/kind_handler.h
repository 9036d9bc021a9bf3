// KindHandler<Context>: how a provider manages one kind (aws.iam.role, snowflake.table, ...).
// The provider owns configuration, credentials and its client, and hands each call a Context
// (its client, account, clock...) and dispatches to one handler per kind (kind_provider.h).
// Handlers follow the provider contract (providers/provider.h): observe never mutates, create
// adopts an existing object with the same natural key, delete of a missing object succeeds,
// errors name the object and never carry secrets, every read of a reply goes through
// ReplyReader (reply_reader.h).
// Thread-safety: handlers are called from several threads at once; keep them stateless.
#pragma once

#include <map>
#include <memory>
#include <set>
#include <string>
#include <typeindex>
#include <unordered_map>
#include <vector>

#include "providers/kit/reply_reader.h"
#include "providers/provider.h"

namespace causeway::kit {

// What one bulk observe() shares between the kinds of one group (one service): the kinds in the
// batch, and one value per type that the first kind to need it reads (IAM's account snapshot
// serves roles, inline policies, managed policies and attachments; a Snowflake SHOW GRANTS
// serves grants of several kinds). Typed: Shared<IamSnapshot>() is the batch's IamSnapshot.
// Used by the one thread that runs the group.
class ObserveBatch {
 public:
  explicit ObserveBatch(std::set<std::string> kinds) : kinds_(std::move(kinds)) {}

  const std::set<std::string>& kinds() const { return kinds_; }
  bool Has(const std::string& kind) const { return kinds_.count(kind) > 0; }

  // Stores `value` as the batch's T (replacing one stored before) and returns it.
  template <typename T>
  std::shared_ptr<const T> Put(std::shared_ptr<const T> value) {
    auto holder = std::make_unique<Holder<T>>();
    holder->value = value;
    values_[std::type_index(typeid(T))] = std::move(holder);
    return value;
  }
  // The batch's T, or nullptr when none was stored.
  template <typename T>
  std::shared_ptr<const T> Get() const {
    auto it = values_.find(std::type_index(typeid(T)));
    return it == values_.end() ? nullptr : static_cast<const Holder<T>*>(it->second.get())->value;
  }

 private:
  struct HolderBase {
    virtual ~HolderBase() = default;
  };
  template <typename T>
  struct Holder : HolderBase {
    std::shared_ptr<const T> value;
  };
  std::set<std::string> kinds_;
  std::unordered_map<std::type_index, std::unique_ptr<HolderBase>> values_;
};

template <typename Context>
class KindHandler {
 public:
  virtual ~KindHandler() = default;
  virtual KindSchema Schema() const = 0;
  // Bulk mode: reads every item in as few requests as the service allows (one paginated list per
  // container, plus the calls a list cannot replace). Observations in the order of `items`.
  // `batch` is shared with the other kinds of the same group in this observe().
  virtual Result<std::vector<Observation>> ObserveBulk(Context& ctx, ObserveBatch& batch,
                                                       const std::vector<ObserveItem>& items) = 0;
  // Per-resource mode (`--refresh-mode per-resource`, the way Terraform refreshes; the benchmark
  // baseline): reads one item with its Get/DESC calls.
  virtual Result<Observation> ObserveOne(Context& ctx, const ObserveItem& item) = 0;
  virtual Result<ResourceResult> Create(Context& ctx, const CreateRequest& request) = 0;
  virtual Result<ResourceResult> Update(Context& ctx, const UpdateRequest& request) = 0;
  virtual Status Delete(Context& ctx, const DeleteRequest& request) = 0;
  virtual Result<std::vector<Observation>> List(Context& ctx, const ListRequest& request) = 0;
  // True if `status` from Create/Update means a change made moments ago is not visible yet (an
  // IAM role another step just trusted) and the call should be retried for a while. Default: no.
  virtual bool IsPropagationDelay(const Status& status) const {
    (void)status;
    return false;
  }
};

template <typename Context>
using KindHandlers = std::vector<std::unique_ptr<KindHandler<Context>>>;

// The observation of an object that does not exist.
inline Observation Missing(const Address& address) {
  Observation o;
  o.address = address;
  return o;
}

// Bulk observe for a service whose list shows which objects exist but not their settings (Athena
// workgroups): items whose key is in `present` are read one by one with `read_one`, the others
// are missing without a request.
template <typename KeyOf, typename ReadOne>
Result<std::vector<Observation>> ObserveListed(const std::vector<ObserveItem>& items,
                                               const std::set<std::string>& present, KeyOf key_of,
                                               ReadOne read_one) {
  std::vector<Observation> out;
  out.reserve(items.size());
  for (const auto& item : items) {
    if (present.count(key_of(item)) == 0) {
      out.push_back(Missing(item.address));
      continue;
    }
    Result<Observation> o = read_one(item);
    if (!o.ok()) return o.status();
    out.push_back(std::move(o).value());
  }
  return out;
}

// Bulk observe for a service whose list returns every object with its settings (Glue's
// GetDatabases, GetCrawlers): `list(each)` calls each(key, reader) for every listed object; the
// first item asking for a key is read from its reader with `read(item, reader)` (items with the
// same key share that observation), items not listed are missing. Only the objects asked for
// are read, so a malformed object nobody manages cannot fail the observe.
template <typename KeyOf, typename List, typename Read>
Result<std::vector<Observation>> ObserveFromList(const std::vector<ObserveItem>& items,
                                                 KeyOf key_of, List list, Read read) {
  std::map<std::string, size_t> wanted;  // key -> the first item asking for it
  for (size_t i = 0; i < items.size(); ++i) wanted.emplace(key_of(items[i]), i);
  std::map<std::string, Observation> found;
  CW_RETURN_IF_ERROR(list([&](const std::string& key, const ReplyReader& reply) -> Status {
    auto it = wanted.find(key);
    if (it == wanted.end() || found.count(key) > 0) return Status::Ok();
    CW_ASSIGN_OR_RETURN(found[key], read(items[it->second], reply));
    return Status::Ok();
  }));
  std::vector<Observation> out;
  out.reserve(items.size());
  for (const auto& item : items) {
    auto it = found.find(key_of(item));
    out.push_back(it == found.end() ? Missing(item.address) : it->second);
    out.back().address = item.address;
  }
  return out;
}

// The handlers of a provider's service, one of each type: MakeHandlers<AwsContext, A, B>().
template <typename Context, typename... Handler>
KindHandlers<Context> MakeHandlers() {
  KindHandlers<Context> out;
  (out.push_back(std::make_unique<Handler>()), ...);
  return out;
}

}  // namespace causeway::kit
