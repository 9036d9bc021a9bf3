// aws.s3tables.namespace: a namespace of a table bucket (the "database" of its Iceberg tables).
// Id: "<table_bucket_arn>/<namespace>". No settings beyond its key, so nothing to update.
// Holds data (its tables; S3 Tables refuses to delete a namespace that still holds tables).
// Bulk observe: one paginated ListNamespaces per table bucket (buckets read concurrently, a
// missing bucket means its namespaces are missing). Per-resource: GetNamespace. Create:
// CreateNamespace (an existing namespace is adopted). Delete: DeleteNamespace (missing is fine).
// List: the namespaces of every table bucket (scope {table_bucket_arn: ...} narrows to one).
#include <map>
#include <optional>

#include "providers/aws/s3tables_common.h"
#include "providers/kit/parallel.h"

namespace causeway::aws::s3tables {

namespace {

using kit::Attribute;

constexpr size_t kReadThreads = 8;

const kit::AttributeTable& Table() {
  // clang-format off
  static const kit::AttributeTable table({
    Attribute("table_bucket_arn").Required().ForceNew().Check(TableBucketArnCheck())
        .Describe("ARN of the table bucket"),
    Attribute("namespace").Required().ForceNew().Check(NamespaceName())
        .Describe("Namespace name"),
  });
  // clang-format on
  return table;
}

struct Key {
  std::string bucket_arn, name;
};

Key KeyOf(const std::string& id, const Value& attrs) {
  Key k{kit::StringAttr(attrs, "table_bucket_arn"), kit::StringAttr(attrs, "namespace")};
  if ((k.bucket_arn.empty() || k.name.empty()) && !id.empty()) {
    size_t slash = id.rfind('/');
    if (slash != std::string::npos) k = {id.substr(0, slash), id.substr(slash + 1)};
  }
  return k;
}

Observation Found(const Address& address, const Key& k) {
  Observation o = Missing(address);
  o.exists = true;
  o.id = k.bucket_arn + "/" + k.name;
  o.attributes = {{"table_bucket_arn", k.bucket_arn}, {"namespace", k.name}};
  return o;
}

// The namespace names of one bucket; NotFound when the bucket is missing.
Status ForEachNamespace(AwsContext& ctx, const std::string& bucket_arn,
                        const std::function<Status(const std::string&)>& each) {
  return Paginate(ctx, "ListNamespaces", "/namespaces/" + Label(bucket_arn), "", "namespaces",
                  [&](const kit::ReplyReader& n) -> Status {
                    CW_ASSIGN_OR_RETURN(std::string name, n.RequiredString("namespace/0"));
                    return each(name);
                  });
}

class NamespaceHandler : public KindHandler {
 public:
  KindSchema Schema() const override {
    KindSchema s = Table().Schema(kNamespaceKind, "A namespace of an S3 Tables table bucket",
                                  {"table_bucket_arn", "namespace"});
    s.holds_data = true;
    return s;
  }

  Result<std::vector<Observation>> ObserveBulk(AwsContext& ctx, ObserveBatch&,
                                               const std::vector<ObserveItem>& items) override {
    std::map<std::string, std::vector<size_t>> by_bucket;
    std::vector<Observation> out;
    for (size_t i = 0; i < items.size(); ++i) {
      out.push_back(Missing(items[i].address));
      Key k = KeyOf(items[i].id, items[i].attributes);
      // A bucket not created yet (its ARN still unknown) has no namespaces to read.
      if (k.bucket_arn.rfind("arn:", 0) != 0 || k.name.empty()) continue;
      by_bucket[k.bucket_arn].push_back(i);
    }
    std::vector<const std::pair<const std::string, std::vector<size_t>>*> buckets;
    for (const auto& b : by_bucket) buckets.push_back(&b);
    std::vector<std::set<std::string>> listed(buckets.size());
    CW_RETURN_IF_ERROR(kit::ForEachInParallel(buckets.size(), kReadThreads, [&](size_t i) {
      Status s = ForEachNamespace(ctx, buckets[i]->first, [&](const std::string& name) {
        listed[i].insert(name);
        return Status::Ok();
      });
      return s.IsNotFound() ? Status::Ok() : s;
    }));
    for (size_t b = 0; b < buckets.size(); ++b) {
      for (size_t i : buckets[b]->second) {
        Key k = KeyOf(items[i].id, items[i].attributes);
        if (listed[b].count(k.name)) out[i] = Found(items[i].address, k);
      }
    }
    return out;
  }

  Result<Observation> ObserveOne(AwsContext& ctx, const ObserveItem& item) override {
    Key k = KeyOf(item.id, item.attributes);
    if (k.bucket_arn.empty() || k.name.empty()) return Missing(item.address);
    auto r = Call(ctx, "GetNamespace", "GET", "/namespaces/" + Label(k.bucket_arn) + "/" + k.name);
    if (r.status().IsNotFound()) return Missing(item.address);
    if (!r.ok()) return r.status().WithContext(item.address.str());
    return Found(item.address, k);
  }

  Result<ResourceResult> Create(AwsContext& ctx, const CreateRequest& req) override {
    Key k = KeyOf("", req.attributes);
    auto r = Call(ctx, "CreateNamespace", "PUT", "/namespaces/" + Label(k.bucket_arn),
                  {{"namespace", Value::array({k.name})}});
    if (!r.ok() && r.status().code() != StatusCode::kConflict) {  // conflict: adopt it
      return r.status().WithContext(req.address.str());
    }
    return ResourceResult{k.bucket_arn + "/" + k.name, Table().Settled(req.attributes), {}};
  }

  Result<ResourceResult> Update(AwsContext&, const UpdateRequest& req) override {
    Key k = KeyOf(req.id, req.after);
    return ResourceResult{k.bucket_arn + "/" + k.name, Table().Settled(req.after), {}};
  }

  Status Delete(AwsContext& ctx, const DeleteRequest& req) override {
    Key k = KeyOf(req.id, req.attributes);
    auto r =
        Call(ctx, "DeleteNamespace", "DELETE", "/namespaces/" + Label(k.bucket_arn) + "/" + k.name);
    if (r.ok() || r.status().IsNotFound()) return Status::Ok();
    return r.status().WithContext(req.address.str());
  }

  Result<std::vector<Observation>> List(AwsContext& ctx, const ListRequest& req) override {
    CW_ASSIGN_OR_RETURN(std::vector<std::string> buckets, BucketsInScope(ctx, req));
    std::vector<Observation> out;
    for (const auto& arn : buckets) {
      CW_RETURN_IF_ERROR(ForEachNamespace(ctx, arn, [&](const std::string& name) {
        out.push_back(Found(Address{req.kind, name}, Key{arn, name}));
        return Status::Ok();
      }));
    }
    return out;
  }
};

}  // namespace

std::unique_ptr<KindHandler> NewNamespaceHandler() { return std::make_unique<NamespaceHandler>(); }

}  // namespace causeway::aws::s3tables
