// S3 emulator: the bucket notification configuration (?notification; PutBucketNotification-
// Configuration / GetBucketNotificationConfiguration), validated as S3 validates it:
// - the document is a NotificationConfiguration (MalformedXML otherwise);
// - every event is one of the model's Event values, every filter rule is named prefix or suffix
//   (at most one of each), and two configurations whose events and key filters overlap are
//   refused ("Configurations overlap"), all as InvalidArgument with ArgumentName/ArgumentValue;
// - destinations: an SQS queue ARN is accepted as given (the queue may belong to another account,
//   as a Snowflake pipe's does); a Lambda function must exist and its resource policy must let
//   s3.amazonaws.com invoke it for this bucket (asked of the Lambda emulator through
//   LambdaInvokeAuthority, sandbox/aws/lambda/invoke_authority.h); an SNS topic cannot be
//   validated (the sandbox does not emulate SNS). What cannot be validated is refused with S3's
//   "Unable to validate the following destination configurations" unless the request carries
//   x-amz-skip-destination-validation: true, as on S3.
// A configuration without an Id gets a generated one. GET answers filter rule names capitalised
// ("Prefix", "Suffix"), as S3 does, and an empty NotificationConfiguration when none is set. PUT
// of an empty configuration removes every notification.
#include <cctype>
#include <pugixml.hpp>
#include <set>

#include "sandbox/aws/lambda/invoke_authority.h"
#include "sandbox/aws/s3/s3_service.h"
#include "sandbox/aws/xml.h"
#include "sandbox/core/ids.h"

namespace causeway::sandbox {

namespace {

constexpr char kMalformedXml[] =
    "The XML you provided was not well-formed or did not validate against our published schema";

// One kind of destination: its XML element, the ARN element inside it, the member names it is
// stored under and the ARN's service.
struct Destination {
  const char* element;   // QueueConfiguration
  const char* arn_tag;   // Queue
  const char* member;    // QueueConfigurations
  const char* arn_name;  // QueueArn
  const char* service;   // sqs
};

const std::vector<Destination>& Destinations() {
  static const std::vector<Destination> kList = {
      {"TopicConfiguration", "Topic", "TopicConfigurations", "TopicArn", "sns"},
      {"QueueConfiguration", "Queue", "QueueConfigurations", "QueueArn", "sqs"},
      {"CloudFunctionConfiguration", "CloudFunction", "LambdaFunctionConfigurations",
       "LambdaFunctionArn", "lambda"},
  };
  return kList;
}

const std::set<std::string>& Events() {
  static const std::set<std::string> kEvents = {
      "s3:ReducedRedundancyLostObject",
      "s3:ObjectCreated:*",
      "s3:ObjectCreated:Put",
      "s3:ObjectCreated:Post",
      "s3:ObjectCreated:Copy",
      "s3:ObjectCreated:CompleteMultipartUpload",
      "s3:ObjectRemoved:*",
      "s3:ObjectRemoved:Delete",
      "s3:ObjectRemoved:DeleteMarkerCreated",
      "s3:ObjectRestore:*",
      "s3:ObjectRestore:Post",
      "s3:ObjectRestore:Completed",
      "s3:ObjectRestore:Delete",
      "s3:Replication:*",
      "s3:Replication:OperationFailedReplication",
      "s3:Replication:OperationNotTracked",
      "s3:Replication:OperationMissedThreshold",
      "s3:Replication:OperationReplicatedAfterThreshold",
      "s3:LifecycleTransition",
      "s3:IntelligentTiering",
      "s3:ObjectAcl:Put",
      "s3:LifecycleExpiration:*",
      "s3:LifecycleExpiration:Delete",
      "s3:LifecycleExpiration:DeleteMarkerCreated",
      "s3:ObjectTagging:*",
      "s3:ObjectTagging:Put",
      "s3:ObjectTagging:Delete",
  };
  return kEvents;
}

// True when two event names can match the same event: equal, or one is a "family:*" wildcard
// covering the other.
bool EventsOverlap(const std::string& a, const std::string& b) {
  auto covers = [](const std::string& wild, const std::string& e) {
    return wild.size() > 1 && wild.compare(wild.size() - 1, 1, "*") == 0 &&
           e.rfind(wild.substr(0, wild.size() - 1), 0) == 0;
  };
  return a == b || covers(a, b) || covers(b, a);
}

bool StartsWith(const std::string& s, const std::string& p) { return s.rfind(p, 0) == 0; }
bool EndsWith(const std::string& s, const std::string& p) {
  return s.size() >= p.size() && s.compare(s.size() - p.size(), p.size(), p) == 0;
}

// A parsed configuration, for the overlap check.
struct Parsed {
  std::vector<std::string> events;
  std::string prefix;
  std::string suffix;
};

bool Overlap(const Parsed& a, const Parsed& b) {
  bool events = false;
  for (const auto& x : a.events) {
    for (const auto& y : b.events) events = events || EventsOverlap(x, y);
  }
  bool prefixes = StartsWith(a.prefix, b.prefix) || StartsWith(b.prefix, a.prefix);
  bool suffixes = EndsWith(a.suffix, b.suffix) || EndsWith(b.suffix, a.suffix);
  return events && prefixes && suffixes;
}

SandboxResponse InvalidArgument(const SandboxRequest& r, const std::string& message,
                                const std::string& name, const std::string& value) {
  return S3ErrorWith(400, "InvalidArgument", message, r,
                     {{"ArgumentName", name}, {"ArgumentValue", value}});
}

}  // namespace

SandboxResponse S3Service::PutBucketNotificationConfiguration(const SandboxRequest& r,
                                                              const Target& t, SandboxContext& c) {
  SandboxResponse error;
  S3Bucket* b = FindBucket(r, t.bucket, &error);
  if (b == nullptr) return error;
  const auto* lambda = dynamic_cast<const LambdaInvokeAuthority*>(c.FindService("lambda"));
  pugi::xml_document doc;
  pugi::xml_node root;
  if (doc.load_string(r.body.c_str())) root = doc.child("NotificationConfiguration");
  if (!root) return S3ErrorWith(400, "MalformedXML", kMalformedXml, r);
  const bool skip_validation = r.Header("x-amz-skip-destination-validation") == "true";

  Value config = Value::object();
  std::vector<Parsed> parsed;
  std::map<std::string, std::string> unvalidated;  // destination ARN -> why
  for (const Destination& d : Destinations()) {
    for (pugi::xml_node n : root.children(d.element)) {
      Value entry = Value::object();
      std::string id = n.child("Id").text().get();
      entry["Id"] = id.empty() ? RandomId("", 32) : id;
      std::string arn = n.child(d.arn_tag).text().get();
      if (!StartsWith(arn, std::string("arn:aws:") + d.service + ":")) {
        return InvalidArgument(r, "The ARN is not well formed", d.arn_tag, arn);
      }
      entry[d.arn_name] = arn;
      Parsed p;
      for (pugi::xml_node e : n.children("Event")) {
        std::string event = e.text().get();
        if (Events().count(event) == 0) {
          return InvalidArgument(r, "The event is not supported for notifications", "Event", event);
        }
        p.events.push_back(event);
      }
      if (p.events.empty()) return S3ErrorWith(400, "MalformedXML", kMalformedXml, r);
      entry["Events"] = p.events;
      Value rules = Value::array();
      for (pugi::xml_node rule : n.child("Filter").child("S3Key").children("FilterRule")) {
        std::string name = rule.child("Name").text().get();
        std::string value = rule.child("Value").text().get();
        for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        if (name != "prefix" && name != "suffix") {
          return InvalidArgument(r, "filter rule name must be either prefix or suffix",
                                 "FilterRule", name);
        }
        std::string& slot = name == "prefix" ? p.prefix : p.suffix;
        if (!slot.empty()) {
          return InvalidArgument(r, "Cannot specify more than one " + name + " rule in a filter.",
                                 "FilterRule", name);
        }
        slot = value;
        rules.push_back({{"Name", name == "prefix" ? "Prefix" : "Suffix"}, {"Value", value}});
      }
      if (!rules.empty()) entry["FilterRules"] = rules;
      for (const Parsed& other : parsed) {
        if (Overlap(p, other)) {
          return InvalidArgument(r,
                                 "Configurations overlap. Configurations on the same bucket "
                                 "cannot share a common event type.",
                                 "Event", p.events.front());
        }
      }
      parsed.push_back(p);
      const std::string service = d.service;
      if (service == "lambda" && !skip_validation &&
          (lambda == nullptr ||
           !lambda
                ->WhyCannotInvoke(arn, "s3.amazonaws.com", "arn:aws:s3:::" + t.bucket,
                                  kSandboxAccountId)
                .empty())) {
        unvalidated[arn] = "Not authorized to invoke function [" + arn + "].";
      } else if (service == "sns" && !skip_validation) {
        unvalidated[arn] = "Unable to validate the topic [" + arn + "].";
      }
      config[d.member].push_back(std::move(entry));
    }
  }
  if (root.child("EventBridgeConfiguration")) config["EventBridge"] = true;
  if (!unvalidated.empty()) {
    std::vector<std::pair<std::string, std::string>> extra;
    for (const auto& [arn, why] : unvalidated) {
      extra.emplace_back("ArgumentName", arn);
      extra.emplace_back("ArgumentValue", why);
    }
    return S3ErrorWith(400, "InvalidArgument",
                       "Unable to validate the following destination configurations", r, extra);
  }
  b->notification = std::move(config);
  SandboxResponse resp;
  resp.status = 200;
  resp.AddHeader("x-amz-request-id", r.request_id);
  return resp;
}

SandboxResponse S3Service::GetBucketNotificationConfiguration(const SandboxRequest& r,
                                                              const Target& t, SandboxContext&) {
  SandboxResponse error;
  S3Bucket* b = FindBucket(r, t.bucket, &error);
  if (b == nullptr) return error;
  XmlBuilder x(true);
  x.Open("NotificationConfiguration", {{"xmlns", kS3Namespace}});
  for (const Destination& d : Destinations()) {
    if (!b->notification.contains(d.member)) continue;
    for (const auto& entry : b->notification[d.member]) {
      x.Open(d.element).Leaf("Id", entry.value("Id", ""));
      x.Leaf(d.arn_tag, entry.value(d.arn_name, ""));
      for (const auto& e : entry["Events"]) x.Leaf("Event", e.get<std::string>());
      if (entry.contains("FilterRules")) {
        x.Open("Filter").Open("S3Key");
        for (const auto& rule : entry["FilterRules"]) {
          x.Open("FilterRule")
              .Leaf("Name", rule.value("Name", ""))
              .Leaf("Value", rule.value("Value", ""))
              .Close();
        }
        x.Close().Close();
      }
      x.Close();
    }
  }
  if (b->notification.value("EventBridge", false)) x.Open("EventBridgeConfiguration").Close();
  x.Close();
  SandboxResponse resp;
  resp.content_type = "application/xml";
  resp.body = x.str();
  resp.AddHeader("x-amz-request-id", r.request_id);
  return resp;
}

}  // namespace causeway::sandbox
