// aws.s3.object: one object whose bytes the manifest owns -- a Glue job's script, a Lambda
// package kept in S3, a small reference file -- from a local file (`source`, relative to the
// manifest directory, where the CLI runs) or inline text (`content`). Not for data: objects a
// pipeline writes are never resources. Id: "<bucket>/<key>". Outputs: uri (s3://bucket/key),
// etag, version_id (when the bucket is versioned).
// The bytes are compared through the ETag: S3's ETag of a single-part PUT is the MD5 of the body,
// so observe reads the local file (or the inline text) again and reports `source` / `content` as
// the manifest spells them when the MD5 matches, and as "(differs: ETag ...)" when not; an edited
// local file therefore plans as an update, and an unchanged one re-plans as a no-op. Causeway
// always writes with one PutObject (S3 takes up to 5 GB in one PUT, far above what this kind is
// for), so its own objects always have such an ETag.
// Observe: one HeadObject per object, up to 8 at a time. A bucket's listing would be one request
// per thousand keys of the whole bucket (or prefix), and the buckets these objects live in are
// usually data lakes with far more keys than resources, so HEAD is the cheaper bulk read here.
// Create/Update: PutObject with Content-MD5 (an existing object is overwritten: adoption).
// Delete: every version and delete marker of the key (ListObjectVersions + DeleteObjects, as
// Terraform's aws_s3_object does), so that a versioned bucket holding only manifest-owned objects
// can be deleted afterwards; a missing object or bucket is success. List: not supported (objects
// are data unless a manifest says otherwise).
#include <openssl/evp.h>

#include "providers/aws/s3_bucket_api.h"
#include "providers/aws/s3_notification_kind.h"
#include "providers/kit/parallel.h"
#include "reconciler/core/ascii.h"
#include "reconciler/core/filesystem.h"

namespace causeway::aws {

namespace {

using kit::Attribute;

constexpr char kKind[] = "aws.s3.object";
constexpr size_t kReadThreads = 8;

// A readable local file, for `source` (checked at validate, relative to the manifest directory).
std::string CheckReadable(const Value& v) {
  if (!v.is_string() || v.get<std::string>().empty()) return "";
  auto data = RealFileSystem()->ReadFile(v.get<std::string>());
  return data.ok() ? "" : "cannot read " + v.get<std::string>() + ": " + data.status().message();
}

const kit::AttributeTable& Table() {
  // clang-format off
  static const kit::AttributeTable table({
    Attribute("bucket").Required().ForceNew(),
    Attribute("key").Required().ForceNew().Describe("object key, e.g. scripts/job.py"),
    Attribute("source").Default("").Check(CheckReadable)
        .Describe("local file whose bytes the object holds (relative to the manifest directory)"),
    Attribute("content").Default("").Describe("the object's bytes as text, instead of source"),
    Attribute("content_type").Default("binary/octet-stream"),
    Attribute("uri").Computed(),
    Attribute("etag").Computed(),
    Attribute("version_id").Computed(),
  });
  // clang-format on
  return table;
}

std::string Path(const std::string& bucket, const std::string& key) {
  return "/" + UriEncode(bucket) + "/" + UriEncode(key, /*keep_slash=*/true);
}

std::string Md5Hex(const std::string& data) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_Digest(data.data(), data.size(), md, &len, EVP_md5(), nullptr);
  static const char kHex[] = "0123456789abcdef";
  std::string out;
  for (unsigned int i = 0; i < len; ++i) {
    out += kHex[md[i] >> 4];
    out += kHex[md[i] & 0xf];
  }
  return out;
}

std::string What(const Value& a) {
  return std::string(kKind) + " s3://" + kit::StringAttr(a, "bucket") + "/" +
         kit::StringAttr(a, "key");
}

// The bytes the manifest wants: the source file's, or the inline content.
Result<std::string> WantedBytes(const Value& a) {
  const std::string source = kit::StringAttr(a, "source");
  const std::string content = kit::StringAttr(a, "content");
  if (!source.empty() && !content.empty()) {
    return Status::InvalidArgument(What(a) + ": give source or content, not both");
  }
  if (source.empty()) return content;
  auto data = RealFileSystem()->ReadFile(source);
  if (!data.ok()) return data.status().WithContext(What(a) + ": reading source");
  return data;
}

Value Outputs(const std::string& bucket, const std::string& key, const HttpResponse& r) {
  return Value{{"uri", "s3://" + bucket + "/" + key},
               {"etag", r.Header("etag")},
               {"version_id", r.Header("x-amz-version-id")}};
}

Result<Observation> Read(AwsContext& ctx, const ObserveItem& item) {
  const Value a = Table().WithDefaults(item.attributes);
  const std::string bucket = kit::StringAttr(a, "bucket");
  const std::string key = kit::StringAttr(a, "key");
  if (bucket.empty() || key.empty()) return Missing(item.address);
  auto head = ctx.client->RestXml("s3", "HeadObject", "HEAD", Path(bucket, key), "", {}, "");
  if (!head.ok() && head.status().IsNotFound()) return Missing(item.address);
  if (!head.ok()) return head.status().WithContext(What(a));
  Observation o = Missing(item.address);
  o.exists = true;
  o.id = bucket + "/" + key;
  o.attributes = Table().Settled(a);
  o.attributes["content_type"] = head->Header("content-type");
  const std::string etag = head->Header("etag");
  auto wanted = WantedBytes(a);
  if (!wanted.ok() || "\"" + Md5Hex(*wanted) + "\"" != etag) {
    const std::string differs = "(differs: ETag " + etag + ")";
    o.attributes[kit::StringAttr(a, "source").empty() ? "content" : "source"] = differs;
  }
  o.outputs = Outputs(bucket, key, *head);
  return o;
}

class ObjectHandler : public KindHandler {
 public:
  KindSchema Schema() const override {
    return Table().Schema(kKind,
                          "An S3 object whose bytes the manifest owns (a script, a package).",
                          {"bucket", "key"});
  }

  Result<std::vector<Observation>> ObserveBulk(AwsContext& ctx, ObserveBatch&,
                                               const std::vector<ObserveItem>& items) override {
    std::vector<Observation> out(items.size());
    CW_RETURN_IF_ERROR(kit::ForEachInParallel(items.size(), kReadThreads, [&](size_t i) -> Status {
      CW_ASSIGN_OR_RETURN(out[i], Read(ctx, items[i]));
      return Status::Ok();
    }));
    return out;
  }

  Result<Observation> ObserveOne(AwsContext& ctx, const ObserveItem& item) override {
    return Read(ctx, item);
  }

  Result<ResourceResult> Create(AwsContext& ctx, const CreateRequest& req) override {
    return Put(ctx, req.attributes);
  }

  Result<ResourceResult> Update(AwsContext& ctx, const UpdateRequest& req) override {
    return Put(ctx, req.after);
  }

  Status Delete(AwsContext& ctx, const DeleteRequest& req) override {
    const Value a = Table().WithDefaults(req.attributes);
    Status s = s3::DeleteObjectVersions(*ctx.client, kit::StringAttr(a, "bucket"),
                                        kit::StringAttr(a, "key"));
    if (s.ok() || s.IsNotFound()) return Status::Ok();
    return s.WithContext(What(a));
  }

  Result<std::vector<Observation>> List(AwsContext&, const ListRequest&) override {
    return Status::InvalidArgument(std::string(kKind) +
                                   ": listing is not supported (objects are data unless a "
                                   "manifest says otherwise); name the objects in the manifest");
  }

 private:
  static Result<ResourceResult> Put(AwsContext& ctx, const Value& raw) {
    const Value a = Table().WithDefaults(raw);
    CW_ASSIGN_OR_RETURN(std::string body, WantedBytes(a));
    const std::string bucket = kit::StringAttr(a, "bucket");
    const std::string key = kit::StringAttr(a, "key");
    auto put = ctx.client->RestXml("s3", "PutObject", "PUT", Path(bucket, key), "",
                                   {{"content-md5", s3::ContentMd5(body)},
                                    {"content-type", kit::StringAttr(a, "content_type")}},
                                   body);
    if (!put.ok()) return put.status().WithContext(What(a));
    return ResourceResult{bucket + "/" + key, Table().Settled(a), Outputs(bucket, key, *put)};
  }
};

}  // namespace

std::unique_ptr<KindHandler> NewObjectHandler() { return std::make_unique<ObjectHandler>(); }

}  // namespace causeway::aws
