// aws.lakeformation.resource: an S3 location registered with Lake Formation.
//   arn (required, force_new)           the S3 ARN, "arn:aws:s3:::bucket[/prefix]"; also the id
//   role_arn (default "")               the role Lake Formation uses to reach the data
//   use_service_linked_role (default false; force_new)  register with Lake Formation's
//                                       service-linked role instead of role_arn
// Exactly one of role_arn and use_service_linked_role: true must be given. AWS reports a
// service-linked registration with the service-linked role's ARN; observe turns that back into
// use_service_linked_role: true, role_arn: "".
// Bulk observe: one paginated ListResources. Per-resource: DescribeResource. Create: Register
// (adopting an existing registration, re-pointing its role if it differs); update of role_arn:
// UpdateResource; delete: DeregisterResource (missing is fine). List: ListResources, no scope.
#include <map>

#include "providers/aws/lakeformation_kinds.h"

namespace causeway::aws {

namespace {

constexpr const char* kKind = "aws.lakeformation.resource";
constexpr const char* kSlrSuffix =
    ":role/aws-service-role/lakeformation.amazonaws.com/AWSServiceRoleForLakeFormationDataAccess";

bool IsServiceLinkedRole(const std::string& arn) {
  const std::string suffix = kSlrSuffix;
  return arn.size() > suffix.size() &&
         arn.compare(arn.size() - suffix.size(), suffix.size(), suffix) == 0;
}

Value AttributesFromInfo(const Value& info) {
  std::string role = LfString(info, "RoleArn");
  bool slr = IsServiceLinkedRole(role);
  return {{"arn", LfString(info, "ResourceArn")},
          {"role_arn", slr ? std::string() : role},
          {"use_service_linked_role", slr}};
}

std::string ArnOf(const std::string& id, const Value& attributes) {
  if (!id.empty()) return id;
  if (attributes.is_object() && attributes.contains("arn") && attributes["arn"].is_string()) {
    return attributes["arn"].get<std::string>();
  }
  return "";
}

struct Desired {
  std::string arn;
  std::string role_arn;
  bool slr = false;
};

Result<Desired> ReadDesired(const Address& address, const Value& a) {
  Desired d;
  d.arn = LfString(a, "arn");
  d.role_arn = LfString(a, "role_arn");
  d.slr = a.is_object() && a.contains("use_service_linked_role") &&
          a["use_service_linked_role"].is_boolean() && a["use_service_linked_role"].get<bool>();
  if (d.arn.rfind("arn:aws:s3:::", 0) != 0 || d.arn.size() <= 13) {
    return Status::InvalidArgument(address.str() +
                                   ": arn must be an S3 ARN like "
                                   "arn:aws:s3:::bucket/prefix, got '" +
                                   d.arn + "'");
  }
  if (d.slr == !d.role_arn.empty()) {
    return Status::InvalidArgument(
        address.str() + ": set exactly one of role_arn or use_service_linked_role: true");
  }
  return d;
}

class LfResourceHandler : public KindHandler {
 public:
  KindSchema Schema() const override {
    KindSchema s;
    s.kind = kKind;
    s.description = "An S3 location registered with Lake Formation";
    AttributeSchema arn =
        LfAttr("arn", AttrType::kString, "S3 ARN of the location (arn:aws:s3:::bucket/prefix)");
    arn.required = true;
    arn.force_new = true;
    AttributeSchema role = LfAttr("role_arn", AttrType::kString,
                                  "IAM role Lake Formation assumes to access the location");
    role.default_value = Value("");
    AttributeSchema slr = LfAttr("use_service_linked_role", AttrType::kBool,
                                 "Use Lake Formation's service-linked role instead of role_arn");
    slr.force_new = true;
    slr.default_value = Value(false);
    s.attributes = {arn, role, slr};
    return s;
  }

  Result<std::vector<Observation>> ObserveBulk(AwsContext& ctx, ObserveBatch& /*batch*/,
                                               const std::vector<ObserveItem>& items) override {
    std::map<std::string, Value> live;
    CW_RETURN_IF_ERROR(
        LfPaginate(ctx, "ListResources", {{"MaxResults", 1000}}, [&](const Value& page) {
          for (const auto& info : page.value("ResourceInfoList", Value::array())) {
            Value a = AttributesFromInfo(info);
            live[a["arn"].get<std::string>()] = a;
          }
          return Status::Ok();
        }));
    std::vector<Observation> out;
    for (const auto& item : items) {
      Observation o;
      o.address = item.address;
      auto it = live.find(ArnOf(item.id, item.attributes));
      if (it != live.end()) {
        o.exists = true;
        o.id = it->first;
        o.attributes = it->second;
      }
      out.push_back(std::move(o));
    }
    return out;
  }

  Result<Observation> ObserveOne(AwsContext& ctx, const ObserveItem& item) override {
    Observation o;
    o.address = item.address;
    std::string arn = ArnOf(item.id, item.attributes);
    if (arn.empty()) return o;
    auto r = LfCall(ctx, "DescribeResource", {{"ResourceArn", arn}});
    if (r.status().IsNotFound()) return o;
    if (!r.ok()) return r.status().WithContext(item.address.str());
    o.exists = true;
    o.id = arn;
    o.attributes = AttributesFromInfo(r->value("ResourceInfo", Value::object()));
    return o;
  }

  Result<ResourceResult> Create(AwsContext& ctx, const CreateRequest& req) override {
    CW_ASSIGN_OR_RETURN(Desired d, ReadDesired(req.address, req.attributes));
    Value body = {{"ResourceArn", d.arn}};
    if (d.slr) {
      body["UseServiceLinkedRole"] = true;
    } else {
      body["RoleArn"] = d.role_arn;
    }
    auto r = LfCall(ctx, "RegisterResource", body);
    if (r.status().code() == StatusCode::kConflict) {
      // Already registered: adopt it, pointing it at the desired role.
      auto info = LfCall(ctx, "DescribeResource", {{"ResourceArn", d.arn}});
      if (!info.ok()) return info.status().WithContext(req.address.str());
      Value live = AttributesFromInfo(info->value("ResourceInfo", Value::object()));
      if (!d.slr && live["role_arn"] != d.role_arn) {
        auto u = LfCall(ctx, "UpdateResource", {{"ResourceArn", d.arn}, {"RoleArn", d.role_arn}});
        if (!u.ok()) return u.status().WithContext(req.address.str());
      }
    } else if (!r.ok()) {
      return r.status().WithContext(req.address.str());
    }
    ResourceResult out;
    out.id = d.arn;
    out.attributes = {{"arn", d.arn}, {"role_arn", d.role_arn}, {"use_service_linked_role", d.slr}};
    return out;
  }

  Result<ResourceResult> Update(AwsContext& ctx, const UpdateRequest& req) override {
    CW_ASSIGN_OR_RETURN(Desired d, ReadDesired(req.address, req.after));
    if (!d.slr) {
      auto u = LfCall(ctx, "UpdateResource", {{"ResourceArn", d.arn}, {"RoleArn", d.role_arn}});
      if (!u.ok()) return u.status().WithContext(req.address.str());
    }
    ResourceResult out;
    out.id = d.arn;
    out.attributes = {{"arn", d.arn}, {"role_arn", d.role_arn}, {"use_service_linked_role", d.slr}};
    return out;
  }

  Status Delete(AwsContext& ctx, const DeleteRequest& req) override {
    std::string arn = ArnOf(req.id, req.attributes);
    if (arn.empty()) return Status::InvalidArgument(req.address.str() + ": no arn to deregister");
    auto r = LfCall(ctx, "DeregisterResource", {{"ResourceArn", arn}});
    if (r.ok() || r.status().IsNotFound()) return Status::Ok();
    return r.status().WithContext(req.address.str());
  }

  Result<std::vector<Observation>> List(AwsContext& ctx, const ListRequest& req) override {
    std::vector<Observation> out;
    CW_RETURN_IF_ERROR(
        LfPaginate(ctx, "ListResources", {{"MaxResults", 1000}}, [&](const Value& page) {
          for (const auto& info : page.value("ResourceInfoList", Value::array())) {
            Observation o;
            o.address = Address{req.kind, ""};
            o.exists = true;
            o.attributes = AttributesFromInfo(info);
            o.id = o.attributes["arn"].get<std::string>();
            out.push_back(std::move(o));
          }
          return Status::Ok();
        }));
    return out;
  }
};

}  // namespace

std::unique_ptr<KindHandler> NewLfResourceHandler() {
  return std::make_unique<LfResourceHandler>();
}

}  // namespace causeway::aws
