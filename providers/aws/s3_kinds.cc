// aws.s3.bucket: an S3 bucket with its bucket policy, versioning and tags. Holds data.
// Id: the bucket name (natural key: `bucket`). Outputs: arn ("arn:aws:s3:::<bucket>"), region.
// Attributes as the manifest spells them: bucket, policy (JSON object, compared canonically with
// NormalizePolicyDocument), versioning (bool: true = "Enabled"; a bucket whose versioning is
// "Suspended" or was never set reads as false), tags (map), force_destroy (not an S3 setting:
// when true, Delete empties the bucket first; observe echoes the value it was given).
// Bulk observe: one ListBuckets for existence (and region, from BucketRegion), then for each
// existing bucket of the batch GetBucketPolicy + GetBucketVersioning + GetBucketTagging (S3 has
// no bulk read for these), run on up to 8 threads. Per-resource observe: HeadBucket + the same
// three reads. Create: CreateBucket (LocationConstraint outside us-east-1; adopts a bucket we
// already own) then only the settings that differ from a new bucket. Update: only the changed
// settings (PutBucketPolicy/DeleteBucketPolicy, PutBucketVersioning Enabled/Suspended,
// PutBucketTagging/DeleteBucketTagging). Delete: DeleteBucket (missing is success); with
// force_destroy, ListObjectsV2 + DeleteObjects first. Object versions are not removed by
// force_destroy: a versioned bucket with old versions still fails with BucketNotEmpty.
// List scope: {"prefix": "<bucket name prefix>"} (optional).
#include <algorithm>
#include <atomic>
#include <cctype>
#include <functional>
#include <mutex>
#include <thread>

#include "providers/aws/kind_handler.h"
#include "providers/aws/policy_document.h"
#include "providers/aws/s3_bucket_api.h"
#include "providers/aws/value_checks.h"

namespace causeway::aws {

namespace {

constexpr char kBucketKind[] = "aws.s3.bucket";
constexpr int kReadThreads = 8;

std::optional<std::string> BucketName(const std::string& id, const Value& attrs) {
  if (!id.empty()) return id;
  if (attrs.is_object() && attrs.contains("bucket") && attrs["bucket"].is_string()) {
    return attrs["bucket"].get<std::string>();
  }
  return std::nullopt;
}

bool BoolAttr(const Value& attrs, const char* name) {
  return attrs.is_object() && attrs.contains(name) && attrs[name].is_boolean() &&
         attrs[name].get<bool>();
}

Value TagsAttr(const Value& attrs) {
  if (attrs.is_object() && attrs.contains("tags") && attrs["tags"].is_object()) {
    return attrs["tags"];
  }
  return Value::object();
}

bool HasPolicy(const Value& attrs) {
  return attrs.is_object() && attrs.contains("policy") && !attrs["policy"].is_null();
}

Observation Missing(const Address& address) {
  Observation o;
  o.address = address;
  o.exists = false;
  return o;
}

Observation ToObservation(const Address& address, const std::string& bucket,
                          const std::string& region, const s3::BucketDetails& d,
                          bool force_destroy) {
  Observation o;
  o.address = address;
  o.exists = true;
  o.id = bucket;
  o.attributes = {{"bucket", bucket},
                  {"versioning", d.versioning == "Enabled"},
                  {"tags", d.tags},
                  {"force_destroy", force_destroy}};
  if (d.policy) o.attributes["policy"] = *d.policy;
  o.outputs = {{"arn", "arn:aws:s3:::" + bucket}, {"region", region}};
  return o;
}

// Runs fn(0..n-1) on up to kReadThreads threads; the first error wins.
Status ParallelFor(size_t n, const std::function<Status(size_t)>& fn) {
  std::atomic<size_t> next{0};
  std::mutex mu;
  Status first;
  auto worker = [&] {
    for (size_t i = next++; i < n; i = next++) {
      Status s = fn(i);
      if (!s.ok()) {
        std::lock_guard<std::mutex> l(mu);
        if (first.ok()) first = s;
      }
    }
  };
  std::vector<std::thread> pool;
  for (size_t t = 0; t < std::min<size_t>(kReadThreads, n); ++t) pool.emplace_back(worker);
  for (auto& t : pool) t.join();
  return first;
}

std::string ImportName(const std::string& bucket) {
  std::string out;
  for (char c : bucket) {
    out += std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' ? c : '_';
  }
  if (out.empty() || std::isdigit(static_cast<unsigned char>(out[0])) || out[0] == '-') {
    out = "_" + out;
  }
  return out;
}

Status ValidateInputs(const Value& attrs, const std::string& what) {
  for (const char* b : {"versioning", "force_destroy"}) {
    if (attrs.contains(b) && !attrs[b].is_null() && !attrs[b].is_boolean()) {
      return Status::InvalidArgument(what + ": " + b + " must be true or false");
    }
  }
  return Status::Ok();
}

class BucketHandler : public KindHandler {
 public:
  KindSchema Schema() const override {
    KindSchema s;
    s.kind = kBucketKind;
    s.description = "An S3 bucket with its bucket policy, versioning and tags.";
    s.holds_data = true;
    AttributeSchema bucket;
    bucket.name = "bucket";
    bucket.required = true;
    bucket.force_new = true;
    bucket.description = "Bucket name (globally unique).";
    bucket.check = S3BucketName();
    AttributeSchema policy;
    policy.name = "policy";
    policy.type = AttrType::kObject;
    policy.normalize = NormalizePolicyDocument;
    // Defaulted to null so that the diff compares it when the manifest omits it: removing the
    // policy from the manifest removes it from the bucket, as the description promises.
    policy.default_value = Value();
    policy.description = "Bucket policy document; omitted means no bucket policy.";
    AttributeSchema versioning;
    versioning.name = "versioning";
    versioning.type = AttrType::kBool;
    versioning.default_value = Value(false);
    versioning.description = "Object versioning enabled (false suspends it once enabled).";
    AttributeSchema tags;
    tags.name = "tags";
    tags.type = AttrType::kMap;
    tags.default_value = Value::object();
    tags.description = "Bucket tags.";
    tags.check = AwsTags();
    AttributeSchema force_destroy;
    force_destroy.name = "force_destroy";
    force_destroy.type = AttrType::kBool;
    force_destroy.default_value = Value(false);
    force_destroy.description =
        "Delete every object when the bucket is deleted (otherwise deleting a non-empty bucket "
        "fails with BucketNotEmpty).";
    AttributeSchema arn;
    arn.name = "arn";
    arn.computed = true;
    AttributeSchema region;
    region.name = "region";
    region.computed = true;
    s.attributes = {bucket, policy, versioning, tags, force_destroy, arn, region};
    return s;
  }

  Result<std::vector<Observation>> ObserveBulk(AwsContext& ctx, ObserveBatch& /*batch*/,
                                               const std::vector<ObserveItem>& items) override {
    std::vector<Observation> out;
    out.reserve(items.size());
    for (const auto& item : items) out.push_back(Missing(item.address));
    CW_ASSIGN_OR_RETURN(auto buckets, s3::ListBuckets(*ctx.client));
    std::map<std::string, std::string> regions;
    for (const auto& b : buckets) regions[b.name] = b.region.empty() ? ctx.region : b.region;
    std::vector<size_t> present;
    for (size_t i = 0; i < items.size(); ++i) {
      auto name = BucketName(items[i].id, items[i].attributes);
      if (name && regions.count(*name) > 0) present.push_back(i);
    }
    Status s = ParallelFor(present.size(), [&](size_t k) -> Status {
      const ObserveItem& item = items[present[k]];
      std::string name = *BucketName(item.id, item.attributes);
      auto details = s3::ReadDetails(*ctx.client, name);
      if (!details.ok()) {
        // Deleted between ListBuckets and the reads: it does not exist.
        if (details.status().provider_code() == "NoSuchBucket") return Status::Ok();
        return details.status().WithContext(std::string(kBucketKind) + " " + name);
      }
      out[present[k]] = ToObservation(item.address, name, regions[name], *details,
                                      BoolAttr(item.attributes, "force_destroy"));
      return Status::Ok();
    });
    if (!s.ok()) return s;
    return out;
  }

  Result<Observation> ObserveOne(AwsContext& ctx, const ObserveItem& item) override {
    auto name = BucketName(item.id, item.attributes);
    if (!name) return Missing(item.address);
    const std::string what = std::string(kBucketKind) + " " + *name;
    auto region = s3::HeadBucket(*ctx.client, *name);
    if (!region.ok()) {
      if (region.status().code() == StatusCode::kNotFound) return Missing(item.address);
      return region.status().WithContext(what);
    }
    auto details = s3::ReadDetails(*ctx.client, *name);
    if (!details.ok()) {
      if (details.status().provider_code() == "NoSuchBucket") return Missing(item.address);
      return details.status().WithContext(what);
    }
    return ToObservation(item.address, *name, region->empty() ? ctx.region : *region, *details,
                         BoolAttr(item.attributes, "force_destroy"));
  }

  Result<ResourceResult> Create(AwsContext& ctx, const CreateRequest& request) override {
    auto name = BucketName("", request.attributes);
    if (!name) return Status::InvalidArgument(request.address.str() + ": bucket is required");
    const std::string what = std::string(kBucketKind) + " " + *name;
    CW_RETURN_IF_ERROR(ValidateInputs(request.attributes, what));
    // What a bucket looks like before its settings are applied.
    Value before = {{"bucket", *name}, {"versioning", false}, {"tags", Value::object()}};
    Status created = s3::CreateBucket(*ctx.client, *name, ctx.region);
    if (!created.ok()) {
      const std::string code = created.provider_code();
      if (code == "BucketAlreadyExists") {
        return Status::Conflict(what + ": the name is taken by another AWS account (" +
                                created.message() + "); bucket names are global, choose another");
      }
      if (code != "BucketAlreadyOwnedByYou") return created.WithContext(what);
      // Adopt our existing bucket: bring its settings to the manifest.
      ObserveItem item{request.address, *name, request.attributes};
      CW_ASSIGN_OR_RETURN(Observation live, ObserveOne(ctx, item));
      if (live.exists) before = live.attributes;
    }
    CW_RETURN_IF_ERROR(Apply(ctx, *name, before, request.attributes, /*changed=*/{}));
    return MakeResult(ctx, *name, request.attributes);
  }

  Result<ResourceResult> Update(AwsContext& ctx, const UpdateRequest& request) override {
    auto name = BucketName(request.id, request.after);
    if (!name) return Status::InvalidArgument(request.address.str() + ": bucket is required");
    CW_RETURN_IF_ERROR(ValidateInputs(request.after, std::string(kBucketKind) + " " + *name));
    CW_RETURN_IF_ERROR(Apply(ctx, *name, request.before, request.after, request.changed));
    return MakeResult(ctx, *name, request.after);
  }

  Status Delete(AwsContext& ctx, const DeleteRequest& request) override {
    auto name = BucketName(request.id, request.attributes);
    if (!name) return Status::InvalidArgument(request.address.str() + ": bucket is unknown");
    const std::string what = std::string(kBucketKind) + " " + *name;
    if (BoolAttr(request.attributes, "force_destroy")) {
      auto emptied = s3::EmptyBucket(*ctx.client, *name);
      if (!emptied.ok()) return emptied.status().WithContext(what + ": emptying (force_destroy)");
    }
    Status s = s3::DeleteBucket(*ctx.client, *name);
    if (!s.ok() && s.provider_code() == "BucketNotEmpty") {
      return Status::Conflict(what +
                              ": the bucket still holds objects (S3 BucketNotEmpty); empty it "
                              "first or set force_destroy: true to delete its objects with it");
    }
    return s.WithContext(what);
  }

  Result<std::vector<Observation>> List(AwsContext& ctx, const ListRequest& request) override {
    std::string prefix;
    if (request.scope.is_object() && request.scope.contains("prefix")) {
      if (!request.scope["prefix"].is_string()) {
        return Status::InvalidArgument("aws.s3.bucket list: scope prefix must be a string");
      }
      prefix = request.scope["prefix"].get<std::string>();
    }
    std::vector<ObserveItem> items;
    CW_ASSIGN_OR_RETURN(auto buckets, s3::ListBuckets(*ctx.client));
    for (const auto& b : buckets) {
      if (b.name.rfind(prefix, 0) != 0) continue;
      items.push_back({Address{kBucketKind, ImportName(b.name)}, b.name, Value::object()});
    }
    ObserveBatch batch({kBucketKind});
    CW_ASSIGN_OR_RETURN(auto observed, ObserveBulk(ctx, batch, items));
    std::vector<Observation> out;
    for (auto& o : observed) {
      if (o.exists) out.push_back(std::move(o));
    }
    return out;
  }

 private:
  // True when `name` must be sent: listed in `changed` or, without a list, different in
  // normalised form (defaults filled in).
  bool Differs(const Value& before, const Value& after, const std::vector<std::string>& changed,
               const std::string& name) const {
    if (!changed.empty()) {
      return std::find(changed.begin(), changed.end(), name) != changed.end();
    }
    KindSchema schema = Schema();
    const AttributeSchema* a = schema.Find(name);
    auto get = [&](const Value& v) {
      Value x = v.is_object() && v.contains(name) ? v[name] : Value();
      if (x.is_null() && a->default_value) x = *a->default_value;
      return NormalizeAttr(a, x);
    };
    return get(before) != get(after);
  }

  Status Apply(AwsContext& ctx, const std::string& bucket, const Value& before, const Value& after,
               const std::vector<std::string>& changed) {
    const std::string what = std::string(kBucketKind) + " " + bucket;
    if (Differs(before, after, changed, "policy")) {
      std::optional<std::string> text;
      if (HasPolicy(after)) {
        CW_ASSIGN_OR_RETURN(std::string t, PolicyDocumentText(after["policy"], "policy"));
        text = t;
      }
      Status s = s3::SetPolicy(*ctx.client, bucket, text);
      if (!s.ok()) return s.WithContext(what + ": setting the bucket policy");
    }
    if (Differs(before, after, changed, "versioning")) {
      bool on = BoolAttr(after, "versioning");
      Status s = s3::SetVersioning(*ctx.client, bucket, on ? "Enabled" : "Suspended");
      if (!s.ok()) return s.WithContext(what + ": setting versioning");
    }
    if (Differs(before, after, changed, "tags")) {
      Status s = s3::SetTags(*ctx.client, bucket, TagsAttr(after));
      if (!s.ok()) return s.WithContext(what + ": setting tags");
    }
    return Status::Ok();
  }

  static ResourceResult MakeResult(const AwsContext& ctx, const std::string& bucket,
                                   const Value& attrs) {
    ResourceResult r;
    r.id = bucket;
    r.attributes = {{"bucket", bucket},
                    {"versioning", BoolAttr(attrs, "versioning")},
                    {"tags", TagsAttr(attrs)},
                    {"force_destroy", BoolAttr(attrs, "force_destroy")}};
    if (HasPolicy(attrs)) r.attributes["policy"] = attrs["policy"];
    r.outputs = {{"arn", "arn:aws:s3:::" + bucket}, {"region", ctx.region}};
    return r;
  }
};

}  // namespace

KindHandlers MakeS3Handlers() {
  KindHandlers out;
  out.push_back(std::make_unique<BucketHandler>());
  return out;
}

}  // namespace causeway::aws
