// aws.lakeformation.resource: an S3 location registered with Lake Formation (attributes: the
// table below; id: the arn). Exactly one of role_arn and use_service_linked_role: true must be
// given. AWS reports a service-linked registration with the service-linked role's ARN; observe
// turns that back into use_service_linked_role: true, role_arn: "".
// Bulk observe: one paginated ListResources. Per-resource: DescribeResource. Create:
// RegisterResource (adopting an existing registration, re-pointing its role if it differs);
// update of role_arn: UpdateResource; delete: DeregisterResource (missing is fine). List:
// ListResources, no scope.
#include <map>

#include "providers/aws/lakeformation_kinds.h"

namespace causeway::aws {

namespace {

using kit::Attribute;

constexpr char kKind[] = "aws.lakeformation.resource";
constexpr char kUpdate[] = "UpdateResource";
constexpr char kSlrSuffix[] =
    ":role/aws-service-role/lakeformation.amazonaws.com/AWSServiceRoleForLakeFormationDataAccess";

bool IsServiceLinkedRole(const std::string& arn) {
  const std::string suffix = kSlrSuffix;
  return arn.size() > suffix.size() &&
         arn.compare(arn.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// RoleArn of a reply -> role_arn ("" for the service-linked role) or use_service_linked_role.
kit::FromWire FromRoleArn(bool want_service_linked) {
  return [want_service_linked](const Value& v) -> Result<Value> {
    if (!v.is_string())
      return Status::ProviderError("expected a string, got " + kit::DescribeJsonType(v));
    bool slr = IsServiceLinkedRole(v.get<std::string>());
    if (want_service_linked) return Value(slr);
    return slr ? Value("") : v;
  };
}

// One row per attribute: its schema, where ResourceInfo has it, where RegisterResource and
// UpdateResource take it.
const kit::AttributeTable& Table() {
  // clang-format off
  static const kit::AttributeTable table({
    Attribute("arn").Describe("S3 ARN of the location (arn:aws:s3:::bucket/prefix)")
        .Required().ForceNew().Check(LfS3Arn()).Wire("ResourceArn"),
    Attribute("role_arn").Describe("IAM role Lake Formation assumes to access the location")
        .Default("").Wire("RoleArn").Convert(nullptr, FromRoleArn(false))
        .Update(kUpdate, "RoleArn"),
    Attribute("use_service_linked_role", AttrType::kBool)
        .Describe("Use Lake Formation's service-linked role instead of role_arn")
        .ForceNew().Default(false).ReadFrom("RoleArn").Convert(nullptr, FromRoleArn(true))
        .WriteTo("UseServiceLinkedRole"),
  });
  // clang-format on
  return table;
}

std::string ArnOf(const std::string& id, const Value& attrs) { return kit::IdOr(id, attrs, "arn"); }

// What the provider is called with directly is checked here too (validation checks manifests).
Status CheckDesired(const Address& address, const Value& a) {
  std::string arn = kit::StringAttr(a, "arn");
  if (std::string expected = LfS3Arn()(Value(arn)); !expected.empty()) {
    return Status::InvalidArgument(address.str() + ": invalid arn '" + arn + "'; expected " +
                                   expected);
  }
  if (kit::BoolAttr(a, "use_service_linked_role") == !kit::StringAttr(a, "role_arn").empty()) {
    return Status::InvalidArgument(
        address.str() + ": set exactly one of role_arn or use_service_linked_role: true");
  }
  return Status::Ok();
}

// The observation of one ResourceInfo.
Result<Observation> FromInfo(const Address& address, const kit::ReplyReader& info) {
  Observation o = Missing(address);
  CW_ASSIGN_OR_RETURN(o.id, info.RequiredString("ResourceArn"));
  CW_RETURN_IF_ERROR(Table().Read(info, &o.attributes, &o.outputs));
  o.exists = true;
  return o;
}

// Every registration, in ListResources order.
Result<std::vector<Observation>> ListAll(AwsContext& ctx, const std::string& kind) {
  std::vector<Observation> out;
  CW_RETURN_IF_ERROR(
      LfPaginate(ctx, "ListResources", {{"MaxResults", 1000}}, [&](const kit::ReplyReader& page) {
        return page.ForEach("ResourceInfoList", [&](const kit::ReplyReader& info) -> Status {
          CW_ASSIGN_OR_RETURN(Observation o, FromInfo(Address{kind, ""}, info));
          out.push_back(std::move(o));
          return Status::Ok();
        });
      }));
  return out;
}

class LfResourceHandler : public KindHandler {
 public:
  KindSchema Schema() const override {
    KindSchema s = Table().Schema(kKind, "An S3 location registered with Lake Formation", {"arn"});
    s.exclusive_removes = "Lake Formation DATA_LOCATION_ACCESS grants on the location";
    return s;
  }

  Result<std::vector<Observation>> ObserveBulk(AwsContext& ctx, ObserveBatch&,
                                               const std::vector<ObserveItem>& items) override {
    CW_ASSIGN_OR_RETURN(auto listed, ListAll(ctx, kKind));
    std::map<std::string, const Observation*> live;
    for (const auto& o : listed) live[o.id] = &o;
    std::vector<Observation> out;
    for (const auto& item : items) {
      auto it = live.find(ArnOf(item.id, item.attributes));
      out.push_back(it == live.end() ? Missing(item.address) : *it->second);
      out.back().address = item.address;
    }
    return out;
  }

  Result<Observation> ObserveOne(AwsContext& ctx, const ObserveItem& item) override {
    std::string arn = ArnOf(item.id, item.attributes);
    if (arn.empty()) return Missing(item.address);
    auto r = LfCall(ctx, "DescribeResource", {{"ResourceArn", arn}});
    if (r.status().IsNotFound()) return Missing(item.address);
    if (!r.ok()) return r.status().WithContext(item.address.str());
    auto info = kit::ReplyReader(*r, "lakeformation DescribeResource").At("ResourceInfo");
    if (!info.ok()) return info.status().WithContext(item.address.str());
    auto o = FromInfo(item.address, *info);
    if (!o.ok()) return o.status().WithContext(item.address.str());
    return o;
  }

  Result<ResourceResult> Create(AwsContext& ctx, const CreateRequest& req) override {
    CW_RETURN_IF_ERROR(CheckDesired(req.address, req.attributes));
    Value a = Table().WithDefaults(req.attributes), live = a;
    auto r = LfCall(ctx, "RegisterResource", Table().CreateBody(a));
    if (r.status().code() == StatusCode::kConflict) {
      // Already registered: adopt it, pointing it at the desired role (below).
      CW_ASSIGN_OR_RETURN(Observation o, ObserveOne(ctx, {req.address, "", a}));
      if (o.exists) live = o.attributes;
    } else if (!r.ok()) {
      return r.status().WithContext(req.address.str());
    }
    return UpdateTo(ctx, req.address, live, a, {});
  }

  Result<ResourceResult> Update(AwsContext& ctx, const UpdateRequest& req) override {
    CW_RETURN_IF_ERROR(CheckDesired(req.address, req.after));
    return UpdateTo(ctx, req.address, req.before, req.after, req.changed);
  }

  Status Delete(AwsContext& ctx, const DeleteRequest& req) override {
    std::string arn = ArnOf(req.id, req.attributes);
    if (arn.empty()) return Status::InvalidArgument(req.address.str() + ": no arn to deregister");
    auto r = LfCall(ctx, "DeregisterResource", {{"ResourceArn", arn}});
    if (r.ok() || r.status().IsNotFound()) return Status::Ok();
    return r.status().WithContext(req.address.str());
  }

  Result<std::vector<Observation>> List(AwsContext& ctx, const ListRequest& req) override {
    return ListAll(ctx, req.kind);
  }

 private:
  static Result<ResourceResult> UpdateTo(AwsContext& ctx, const Address& address,
                                         const Value& before, const Value& after,
                                         const std::vector<std::string>& changed) {
    std::string arn = kit::StringAttr(after, "arn");
    // UpdateResource can only point a registration at a role; a switch to the service-linked
    // role is a replacement (use_service_linked_role forces one).
    if (!kit::BoolAttr(after, "use_service_linked_role")) {
      for (auto& u : Table().Updates(before, after, changed)) {
        if (u.call != kUpdate) continue;
        u.body["ResourceArn"] = arn;
        auto r = LfCall(ctx, u.call, u.body);
        if (!r.ok()) return r.status().WithContext(address.str());
      }
    }
    return ResourceResult{arn, Table().Settled(after), Value::object()};
  }
};

}  // namespace

std::unique_ptr<KindHandler> NewLfResourceHandler() {
  return std::make_unique<LfResourceHandler>();
}

}  // namespace causeway::aws
