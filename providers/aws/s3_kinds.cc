// aws.s3.bucket: an S3 bucket with its bucket policy, versioning and tags (attributes: the table
// below). Holds data. Id: the bucket name. Outputs: arn ("arn:aws:s3:::<bucket>"), region.
// force_destroy is not an S3 setting: when true, Delete empties the bucket first; observe echoes
// the value it was given. A bucket whose versioning is "Suspended" or was never set reads as
// versioning: false.
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

#include "providers/aws/kind_handler.h"
#include "providers/aws/policy_document.h"
#include "providers/aws/s3_bucket_api.h"
#include "providers/aws/s3_notification_kind.h"
#include "providers/aws/value_checks.h"
#include "providers/kit/parallel.h"

namespace causeway::aws {

namespace {

using kit::Attribute;

constexpr char kKind[] = "aws.s3.bucket";
constexpr size_t kReadThreads = 8;
// The update calls of the table; each is one s3_bucket_api function.
constexpr char kPolicy[] = "PutBucketPolicy";
constexpr char kVersioning[] = "PutBucketVersioning";
constexpr char kTagging[] = "PutBucketTagging";

// One row per attribute: its schema, where ReadSettings (s3_bucket_api.h) has it, which call
// changes it.
const kit::AttributeTable& Table() {
  // clang-format off
  static const kit::AttributeTable table({
    Attribute("bucket").Describe("Bucket name (globally unique).").Required().ForceNew()
        .Check(S3BucketName()),
    // Defaulted to null so that the diff compares it when the manifest omits it: removing the
    // policy from the manifest removes it from the bucket, as the description promises.
    Attribute("policy", AttrType::kObject).Default(Value())
        .Describe("Bucket policy document; omitted means no bucket policy.")
        .Normalize(NormalizePolicyDocument).ReadFrom("Policy").Update(kPolicy),
    Attribute("versioning", AttrType::kBool).Default(false)
        .Describe("Object versioning enabled (false suspends it once enabled).")
        .ReadFrom("VersioningStatus")
        .Convert(nullptr, [](const Value& s) -> Result<Value> { return Value(s == "Enabled"); })
        .Update(kVersioning),
    Attribute("tags", AttrType::kMap).Default(Value::object()).Describe("Bucket tags.")
        .Check(AwsTags()).ReadFrom("TagSet").Update(kTagging),
    Attribute("force_destroy", AttrType::kBool).Default(false)
        .Describe("Delete every object when the bucket is deleted (otherwise deleting a "
                  "non-empty bucket fails with BucketNotEmpty)."),
    Attribute("arn").Computed(),
    Attribute("region").Computed(),
  });
  // clang-format on
  return table;
}

std::string NameOf(const std::string& id, const Value& attrs) {
  return kit::IdOr(id, attrs, "bucket");
}
std::string What(const std::string& bucket) { return std::string(kKind) + " " + bucket; }

// A bucket without a policy has no policy attribute (rather than a null one).
Value WithoutNullPolicy(Value attrs) {
  auto it = attrs.find("policy");
  if (it != attrs.end() && it->is_null()) attrs.erase(it);
  return attrs;
}

Value Outputs(const std::string& bucket, const std::string& region) {
  return {{"arn", "arn:aws:s3:::" + bucket}, {"region", region}};
}

// The observation of an existing bucket: Missing when it went away since it was listed.
Result<Observation> Read(AwsContext& ctx, const ObserveItem& item, const std::string& bucket,
                         const std::string& region) {
  auto settings = s3::ReadSettings(*ctx.client, bucket);
  if (!settings.ok() && settings.status().provider_code() == "NoSuchBucket") {
    return Missing(item.address);
  }
  if (!settings.ok()) return settings.status().WithContext(What(bucket));
  Observation o = Missing(item.address);
  Status read =
      Table().Read(kit::ReplyReader(*settings, "s3 " + bucket), &o.attributes, &o.outputs);
  if (!read.ok()) return read.WithContext(What(bucket));
  o.exists = true;
  o.id = bucket;
  o.attributes["bucket"] = bucket;
  o.attributes["force_destroy"] = kit::BoolAttr(item.attributes, "force_destroy");
  o.attributes = WithoutNullPolicy(std::move(o.attributes));
  o.outputs = Outputs(bucket, region.empty() ? ctx.region : region);
  return o;
}

class BucketHandler : public KindHandler {
 public:
  KindSchema Schema() const override {
    KindSchema s = Table().Schema(
        kKind, "An S3 bucket with its bucket policy, versioning and tags.", {"bucket"});
    s.holds_data = true;
    return s;
  }

  Result<std::vector<Observation>> ObserveBulk(AwsContext& ctx, ObserveBatch&,
                                               const std::vector<ObserveItem>& items) override {
    CW_ASSIGN_OR_RETURN(auto buckets, s3::ListBuckets(*ctx.client));
    return ReadListed(ctx, buckets, items);
  }

  Result<Observation> ObserveOne(AwsContext& ctx, const ObserveItem& item) override {
    std::string name = NameOf(item.id, item.attributes);
    if (name.empty()) return Missing(item.address);
    auto region = s3::HeadBucket(*ctx.client, name);
    if (!region.ok() && region.status().IsNotFound()) return Missing(item.address);
    if (!region.ok()) return region.status().WithContext(What(name));
    return Read(ctx, item, name, *region);
  }

  Result<ResourceResult> Create(AwsContext& ctx, const CreateRequest& req) override {
    std::string name = NameOf("", req.attributes);
    if (name.empty()) return Status::InvalidArgument(req.address.str() + ": bucket is required");
    Value before = {{"bucket", name}};  // a new bucket: every setting at its default
    Status created = s3::CreateBucket(*ctx.client, name, ctx.region);
    if (created.provider_code() == "BucketAlreadyExists") {
      return Status::Conflict(What(name) + ": the name is taken by another AWS account (" +
                              created.message() + "); bucket names are global, choose another");
    }
    if (created.provider_code() == "BucketAlreadyOwnedByYou") {
      // Adopt our existing bucket: bring its settings to the manifest.
      CW_ASSIGN_OR_RETURN(Observation live, ObserveOne(ctx, {req.address, name, req.attributes}));
      if (live.exists) before = live.attributes;
    } else if (!created.ok()) {
      return created.WithContext(What(name));
    }
    return UpdateTo(ctx, name, before, req.attributes, {});
  }

  Result<ResourceResult> Update(AwsContext& ctx, const UpdateRequest& req) override {
    std::string name = NameOf(req.id, req.after);
    if (name.empty()) return Status::InvalidArgument(req.address.str() + ": bucket is required");
    return UpdateTo(ctx, name, req.before, req.after, req.changed);
  }

  Status Delete(AwsContext& ctx, const DeleteRequest& req) override {
    std::string name = NameOf(req.id, req.attributes);
    if (name.empty()) return Status::InvalidArgument(req.address.str() + ": bucket is unknown");
    if (kit::BoolAttr(req.attributes, "force_destroy")) {
      auto emptied = s3::EmptyBucket(*ctx.client, name);
      if (!emptied.ok())
        return emptied.status().WithContext(What(name) + ": emptying (force_destroy)");
    }
    Status s = s3::DeleteBucket(*ctx.client, name);
    if (s.provider_code() == "BucketNotEmpty") {
      return Status::Conflict(What(name) +
                              ": the bucket still holds objects (S3 BucketNotEmpty); empty it "
                              "first or set force_destroy: true to delete its objects with it");
    }
    return s.WithContext(What(name));
  }

  Result<std::vector<Observation>> List(AwsContext& ctx, const ListRequest& req) override {
    auto prefix = req.scope.is_object() ? req.scope.find("prefix") : req.scope.end();
    if (prefix != req.scope.end() && !prefix->is_string()) {
      return Status::InvalidArgument("aws.s3.bucket list: scope prefix must be a string");
    }
    std::string want = kit::StringAttr(req.scope, "prefix");
    CW_ASSIGN_OR_RETURN(auto buckets, s3::ListBuckets(*ctx.client));
    std::vector<ObserveItem> items;
    for (const auto& b : buckets) {
      if (b.name.rfind(want, 0) != 0) continue;
      items.push_back({Address{kKind, s3::ImportName(b.name)}, b.name, Value::object()});
    }
    CW_ASSIGN_OR_RETURN(auto observed, ReadListed(ctx, buckets, items));
    std::vector<Observation> out;
    for (auto& o : observed) {
      if (o.exists) out.push_back(std::move(o));
    }
    return out;
  }

 private:
  // The observations of `items` given the ListBuckets result: the listed buckets are read on up
  // to kReadThreads threads, the others are missing.
  static Result<std::vector<Observation>> ReadListed(AwsContext& ctx,
                                                     const std::vector<s3::BucketSummary>& buckets,
                                                     const std::vector<ObserveItem>& items) {
    std::map<std::string, std::string> regions;
    for (const auto& b : buckets) regions[b.name] = b.region;
    std::vector<Observation> out;
    std::vector<size_t> present;
    for (size_t i = 0; i < items.size(); ++i) {
      out.push_back(Missing(items[i].address));
      if (regions.count(NameOf(items[i].id, items[i].attributes)) > 0) present.push_back(i);
    }
    CW_RETURN_IF_ERROR(
        kit::ForEachInParallel(present.size(), kReadThreads, [&](size_t k) -> Status {
          const ObserveItem& item = items[present[k]];
          std::string name = NameOf(item.id, item.attributes);
          CW_ASSIGN_OR_RETURN(out[present[k]], Read(ctx, item, name, regions.at(name)));
          return Status::Ok();
        }));
    return out;
  }

  // Sends the update calls that move `before` to `after` (`changed`: the engine's list).
  static Result<ResourceResult> UpdateTo(AwsContext& ctx, const std::string& bucket,
                                         const Value& before, const Value& after,
                                         const std::vector<std::string>& changed) {
    Value a = Table().WithDefaults(after);
    for (const auto& u : Table().Updates(before, after, changed)) {
      Status s;
      if (u.call == kPolicy) {
        std::optional<std::string> text;
        if (!a["policy"].is_null()) {
          CW_ASSIGN_OR_RETURN(text, PolicyDocumentText(a["policy"], "policy"));
        }
        s = s3::SetPolicy(*ctx.client, bucket, text).WithContext("setting the bucket policy");
      } else if (u.call == kVersioning) {
        s = s3::SetVersioning(*ctx.client, bucket,
                              kit::BoolAttr(a, "versioning") ? "Enabled" : "Suspended")
                .WithContext("setting versioning");
      } else if (u.call == kTagging) {
        s = s3::SetTags(*ctx.client, bucket, a["tags"]).WithContext("setting tags");
      }  // "" : force_destroy, which is not an S3 setting
      if (!s.ok()) return s.WithContext(What(bucket));
    }
    return ResourceResult{bucket, WithoutNullPolicy(Table().Settled(after)),
                          Outputs(bucket, ctx.region)};
  }
};

}  // namespace

KindHandlers MakeS3Handlers() {
  KindHandlers out = kit::MakeHandlers<AwsContext, BucketHandler>();
  out.push_back(NewBucketNotificationHandler());
  out.push_back(NewObjectHandler());
  return out;
}

}  // namespace causeway::aws
