// aws.s3.bucket_notification: the whole notification configuration of one bucket, authoritative
// (what the manifest does not list is removed): SQS queues, Lambda functions and SNS topics with
// their events and key filters, and EventBridge delivery. It is how a bucket reaches the SQS queue
// a Snowflake pipe or auto-refreshing external table reports as its notification_channel, and
// how an upload reaches a Lambda function. Id: the bucket name. No outputs.
// Each destination's `id` is optional; without one, Causeway sends (and compares with) an id made
// from the destination's content ("cw-" + 12 hex digits of its SHA-256), so that an unchanged
// configuration re-plans as a no-op while S3's own generated ids (a configuration set out of band)
// show as a change. Filter rule names are compared case-insensitively (S3 answers "Prefix"), events
// as a set.
// Bulk observe: one ListBuckets for existence, then GetBucketNotificationConfiguration per bucket
// of the batch on up to 8 threads (S3 has no bulk read of it). Per-resource observe: the same GET.
// A bucket whose configuration is empty reads as missing. Create (adopting any configuration the
// bucket has) and Update: one PutBucketNotificationConfiguration with the whole configuration.
// Delete: PutBucketNotificationConfiguration with an empty configuration (a missing bucket is
// success). List scope: none (every bucket with a configuration).
#include "providers/aws/s3_notification_kind.h"

#include <algorithm>
#include <cctype>
#include <set>

#include "providers/aws/s3_bucket_api.h"
#include "providers/aws/value_checks.h"
#include "providers/aws/xml_reply.h"
#include "providers/aws_sigv4/xml_text.h"
#include "providers/kit/parallel.h"
#include "providers/kit/reply_reader.h"
#include "reconciler/core/ascii.h"

namespace causeway::aws {

namespace {

using kit::Attribute;

constexpr char kKind[] = "aws.s3.bucket_notification";
constexpr size_t kReadThreads = 8;

// One kind of destination: the manifest attribute, its ARN field, and the XML names S3 uses.
struct Destination {
  const char* attribute;  // queues
  const char* arn_field;  // queue_arn
  const char* element;    // QueueConfiguration
  const char* arn_tag;    // Queue
};

const std::vector<Destination>& Destinations() {
  static const std::vector<Destination> kList = {
      {"topics", "topic_arn", "TopicConfiguration", "Topic"},
      {"queues", "queue_arn", "QueueConfiguration", "Queue"},
      {"lambda_functions", "lambda_function_arn", "CloudFunctionConfiguration", "CloudFunction"},
  };
  return kList;
}

std::vector<Attribute> Fields(const std::string& arn_field, const std::string& what) {
  return {Attribute("id").Describe("Configuration id (default: derived from its content)."),
          Attribute(arn_field).Required().Describe("ARN of the " + what + "."),
          Attribute("events", AttrType::kList)
              .Required()
              .Describe("S3 events, e.g. [\"s3:ObjectCreated:*\"]."),
          Attribute("filter_prefix").Describe("Only keys starting with this."),
          Attribute("filter_suffix").Describe("Only keys ending with this.")};
}

// One destination's configuration in its canonical form: events sorted and unique, empty filters
// left out, the id filled in from the content when absent.
Value CanonicalEntry(const Value& item, const std::string& arn_field) {
  if (!item.is_object()) return item;
  Value out = Value::object();
  std::vector<std::string> events;
  if (item.contains("events") && item["events"].is_array()) {
    for (const auto& e : item["events"]) {
      if (e.is_string()) events.push_back(e.get<std::string>());
    }
  }
  std::sort(events.begin(), events.end());
  events.erase(std::unique(events.begin(), events.end()), events.end());
  out[arn_field] = kit::StringAttr(item, arn_field);
  out["events"] = events;
  for (const char* f : {"filter_prefix", "filter_suffix"}) {
    std::string v = kit::StringAttr(item, f);
    if (!v.empty()) out[f] = v;
  }
  std::string id = kit::StringAttr(item, "id");
  out["id"] = id.empty() ? "cw-" + Sha256Hex(CanonicalJson(out)).substr(0, 12) : id;
  return out;
}

// A list of destinations in canonical form, sorted by id.
Normalizer CanonicalList(std::string arn_field) {
  return [arn_field](const Value& v) -> Value {
    if (!v.is_array()) return v;
    std::vector<Value> items;
    for (const auto& item : v) items.push_back(CanonicalEntry(item, arn_field));
    std::sort(items.begin(), items.end(), [](const Value& a, const Value& b) {
      return kit::StringAttr(a, "id") < kit::StringAttr(b, "id");
    });
    return Value(items);
  };
}

const kit::AttributeTable& Table() {
  static const std::vector<Attribute> kTopic = Fields("topic_arn", "SNS topic");
  static const std::vector<Attribute> kQueue = Fields("queue_arn", "SQS queue");
  static const std::vector<Attribute> kLambda = Fields("lambda_function_arn", "Lambda function");
  // clang-format off
  static const kit::AttributeTable table({
    Attribute("bucket").Describe("The bucket whose notifications these are.").Required()
        .ForceNew().Check(S3BucketName()),
    Attribute("topics", AttrType::kList).Default(Value::array()).Fields(kTopic)
        .Normalize(CanonicalList("topic_arn")).Describe("SNS topics to notify."),
    Attribute("queues", AttrType::kList).Default(Value::array()).Fields(kQueue)
        .Normalize(CanonicalList("queue_arn"))
        .Describe("SQS queues to notify (a Snowflake pipe's or external table's "
                  "notification_channel)."),
    Attribute("lambda_functions", AttrType::kList).Default(Value::array()).Fields(kLambda)
        .Normalize(CanonicalList("lambda_function_arn"))
        .Describe("Lambda functions to invoke (their resource policy must let s3.amazonaws.com "
                  "invoke them for this bucket)."),
    Attribute("eventbridge", AttrType::kBool).Default(false)
        .Describe("Send every event of the bucket to Amazon EventBridge."),
  });
  // clang-format on
  return table;
}

std::string What(const std::string& bucket) { return std::string(kKind) + " " + bucket; }
std::string Path(const std::string& bucket) { return "/" + UriEncode(bucket); }

// The configuration as manifest attributes (destinations canonical), from S3's XML reply.
Result<Value> ReadConfiguration(AwsClient& client, const std::string& bucket) {
  const std::string op = "GetBucketNotificationConfiguration";
  CW_ASSIGN_OR_RETURN(HttpResponse resp,
                      client.RestXml("s3", op, "GET", Path(bucket), "notification", {}, ""));
  CW_ASSIGN_OR_RETURN(Value doc,
                      DecodeXmlReply(resp.body, "s3 " + op,
                                     {"TopicConfiguration", "QueueConfiguration",
                                      "CloudFunctionConfiguration", "Event", "FilterRule"}));
  kit::ReplyReader reply(doc, "s3 " + op, /*lenient_scalars=*/true);
  Value attrs = {{"bucket", bucket}};
  for (const Destination& d : Destinations()) {
    Value list = Value::array();
    CW_RETURN_IF_ERROR(reply.ForEach(
        std::string("NotificationConfiguration/") + d.element,
        [&](const kit::ReplyReader& c) -> Status {
          Value item = Value::object();
          CW_ASSIGN_OR_RETURN(std::string id, c.StringOr("Id", ""));
          if (!id.empty()) item["id"] = id;
          CW_ASSIGN_OR_RETURN(item[d.arn_field], c.RequiredString(d.arn_tag));
          Value events = Value::array();
          CW_ASSIGN_OR_RETURN(const Value* listed, c.List("Event"));
          if (listed != nullptr) {
            for (const auto& e : *listed) {
              if (!e.is_string()) return c.Error("Event", "expected event names");
              events.push_back(e);
            }
          }
          item["events"] = events;
          Status rules =
              c.ForEach("Filter/S3Key/FilterRule", [&](const kit::ReplyReader& rule) -> Status {
                CW_ASSIGN_OR_RETURN(std::string name, rule.RequiredString("Name"));
                CW_ASSIGN_OR_RETURN(std::string value, rule.StringOr("Value", ""));
                name = Lower(name);
                if (name != "prefix" && name != "suffix") {
                  return rule.Error("Name", "expected Prefix or Suffix, got " + Value(name).dump());
                }
                item["filter_" + name] = value;
                return Status::Ok();
              });
          if (!rules.ok()) return rules;
          list.push_back(std::move(item));
          return Status::Ok();
        }));
    for (auto& item : list) item = CanonicalEntry(item, d.arn_field);
    attrs[d.attribute] = list;
  }
  attrs["eventbridge"] = doc["NotificationConfiguration"].is_object() &&
                         doc["NotificationConfiguration"].contains("EventBridgeConfiguration");
  return attrs;
}

bool IsEmptyConfiguration(const Value& attrs) {
  for (const Destination& d : Destinations()) {
    if (attrs.contains(d.attribute) && !attrs[d.attribute].empty()) return false;
  }
  return !kit::BoolAttr(attrs, "eventbridge");
}

// The NotificationConfiguration document for `attrs` (with defaults; empty: no notifications).
std::string Document(const Value& attrs) {
  std::string x = "<NotificationConfiguration xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">";
  for (const Destination& d : Destinations()) {
    if (!attrs.contains(d.attribute) || !attrs[d.attribute].is_array()) continue;
    for (const auto& raw : attrs[d.attribute]) {
      Value item = CanonicalEntry(raw, d.arn_field);
      x += std::string("<") + d.element + "><Id>" + XmlEscape(kit::StringAttr(item, "id")) +
           "</Id><" + d.arn_tag + ">" + XmlEscape(kit::StringAttr(item, d.arn_field)) + "</" +
           d.arn_tag + ">";
      for (const auto& e : item["events"])
        x += "<Event>" + XmlEscape(e.get<std::string>()) + "</Event>";
      std::string rules;
      for (const char* f : {"prefix", "suffix"}) {
        std::string v = kit::StringAttr(item, std::string("filter_") + f);
        if (!v.empty()) {
          rules += std::string("<FilterRule><Name>") + f + "</Name><Value>" + XmlEscape(v) +
                   "</Value></FilterRule>";
        }
      }
      if (!rules.empty()) x += "<Filter><S3Key>" + rules + "</S3Key></Filter>";
      x += std::string("</") + d.element + ">";
    }
  }
  if (kit::BoolAttr(attrs, "eventbridge"))
    x += "<EventBridgeConfiguration></EventBridgeConfiguration>";
  return x + "</NotificationConfiguration>";
}

Status Put(AwsClient& client, const std::string& bucket, const Value& attrs) {
  auto put = client.RestXml("s3", "PutBucketNotificationConfiguration", "PUT", Path(bucket),
                            "notification", {{"content-type", "application/xml"}}, Document(attrs));
  if (put.ok()) return Status::Ok();
  if (put.status().provider_code() == "InvalidArgument" &&
      put.status().message().find("Unable to validate") != std::string::npos) {
    return Status::InvalidArgument(
        What(bucket) + ": S3 could not validate a destination (" + put.status().message() +
        "); a Lambda function must exist and allow s3.amazonaws.com to invoke it for this "
        "bucket (aws.lambda.permission), an SNS topic must allow S3 to publish");
  }
  return put.status().WithContext(What(bucket));
}

Result<Observation> Read(AwsContext& ctx, const ObserveItem& item, const std::string& bucket) {
  auto attrs = ReadConfiguration(*ctx.client, bucket);
  if (!attrs.ok() && attrs.status().provider_code() == "NoSuchBucket") return Missing(item.address);
  if (!attrs.ok()) return attrs.status().WithContext(What(bucket));
  if (IsEmptyConfiguration(*attrs)) return Missing(item.address);
  Observation o = Missing(item.address);
  o.exists = true;
  o.id = bucket;
  o.attributes = std::move(attrs).value();
  o.outputs = Value::object();
  return o;
}

class BucketNotificationHandler : public KindHandler {
 public:
  KindSchema Schema() const override {
    return Table().Schema(kKind,
                          "The notification configuration of an S3 bucket (authoritative: one per "
                          "bucket).",
                          {"bucket"});
  }

  Result<std::vector<Observation>> ObserveBulk(AwsContext& ctx, ObserveBatch&,
                                               const std::vector<ObserveItem>& items) override {
    CW_ASSIGN_OR_RETURN(auto buckets, s3::ListBuckets(*ctx.client));
    std::set<std::string> existing;
    for (const auto& b : buckets) existing.insert(b.name);
    std::vector<Observation> out;
    for (const auto& item : items) out.push_back(Missing(item.address));
    CW_RETURN_IF_ERROR(kit::ForEachInParallel(items.size(), kReadThreads, [&](size_t i) -> Status {
      std::string bucket = kit::IdOr(items[i].id, items[i].attributes, "bucket");
      if (existing.count(bucket) == 0) return Status::Ok();
      CW_ASSIGN_OR_RETURN(out[i], Read(ctx, items[i], bucket));
      return Status::Ok();
    }));
    return out;
  }

  Result<Observation> ObserveOne(AwsContext& ctx, const ObserveItem& item) override {
    std::string bucket = kit::IdOr(item.id, item.attributes, "bucket");
    if (bucket.empty()) return Missing(item.address);
    return Read(ctx, item, bucket);
  }

  Result<ResourceResult> Create(AwsContext& ctx, const CreateRequest& req) override {
    return PutAll(ctx, kit::StringAttr(req.attributes, "bucket"), req.attributes);
  }

  Result<ResourceResult> Update(AwsContext& ctx, const UpdateRequest& req) override {
    return PutAll(ctx, kit::IdOr(req.id, req.after, "bucket"), req.after);
  }

  Status Delete(AwsContext& ctx, const DeleteRequest& req) override {
    std::string bucket = kit::IdOr(req.id, req.attributes, "bucket");
    Status s = Put(*ctx.client, bucket, Value::object());
    if (s.provider_code() == "NoSuchBucket") return Status::Ok();
    return s;
  }

  Result<std::vector<Observation>> List(AwsContext& ctx, const ListRequest&) override {
    CW_ASSIGN_OR_RETURN(auto buckets, s3::ListBuckets(*ctx.client));
    std::vector<ObserveItem> items;
    for (const auto& b : buckets) {
      items.push_back({Address{kKind, s3::ImportName(b.name)}, b.name, Value{{"bucket", b.name}}});
    }
    ObserveBatch batch({kKind});
    CW_ASSIGN_OR_RETURN(auto observed, ObserveBulk(ctx, batch, items));
    std::vector<Observation> out;
    for (auto& o : observed) {
      if (o.exists) out.push_back(std::move(o));
    }
    return out;
  }

 private:
  static Result<ResourceResult> PutAll(AwsContext& ctx, const std::string& bucket,
                                       const Value& attrs) {
    if (bucket.empty()) return Status::InvalidArgument(std::string(kKind) + ": bucket is required");
    Value settled = Table().Settled(attrs);
    CW_RETURN_IF_ERROR(Put(*ctx.client, bucket, settled));
    return ResourceResult{bucket, settled, Value::object()};
  }
};

}  // namespace

std::unique_ptr<KindHandler> NewBucketNotificationHandler() {
  return std::make_unique<BucketNotificationHandler>();
}

}  // namespace causeway::aws
