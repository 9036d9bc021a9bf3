// databricks.storage_credential and databricks.external_location (attributes: the tables
// below), on SecurableHandler (securable_handler.h). Bulk observe: GET storage-credentials once,
// GET external-locations once (paged).
// A storage credential names an IAM role; Databricks answers with the two values that role's
// trust policy must name (outputs `unity_catalog_iam_arn` and `external_id`), so a manifest can
// wire the trust to them. An external location is validated by Databricks at create: it assumes
// the credential's role and lists the URL, which fails until the trust is in place. Such a
// failure is retried as a change that has not propagated (the kit's propagation timeout), so a
// single apply can create the credential, update the role's trust, then create the location.
#include "providers/databricks/securable_handler.h"
#include "providers/kit/value_checks.h"

namespace causeway::databricks {
namespace {

using kit::Attribute;

ValueCheck S3Url() {
  return [](const Value& v) -> std::string {
    if (!v.is_string()) return "";
    const std::string s = v.get<std::string>();
    return s.rfind("s3://", 0) == 0 && s.size() > 5 ? "" : "an s3://bucket/path URL";
  };
}

ValueCheck RoleArn() {
  return [](const Value& v) -> std::string {
    if (!v.is_string()) return "";
    const std::string s = v.get<std::string>();
    return s.rfind("arn:aws:iam::", 0) == 0 && s.find(":role/") != std::string::npos
               ? ""
               : "an IAM role ARN (arn:aws:iam::<account>:role/<name>)";
  };
}

const kit::AttributeTable& CredentialTable() {
  // clang-format off
  static const kit::AttributeTable table({
    Attribute("name").Describe("Credential name (case-insensitive)").Required().ForceNew()
        .Normalize(FoldName).Wire("name"),
    Attribute("role_arn").Describe("IAM role Databricks assumes to reach the data").Required()
        .Check(RoleArn()).Wire("aws_iam_role/role_arn").Update("PATCH"),
    Attribute("comment").Describe("Comment").Default("").Wire("comment").Update("PATCH"),
    Attribute("read_only", AttrType::kBool).Describe("Only for reading").Default(false)
        .Wire("read_only").Update("PATCH"),
    Attribute("owner").Describe("Owner (unmanaged when omitted)").ReadFrom("owner").WriteTo("")
        .Update("PATCH"),
    Attribute("skip_validation", AttrType::kBool).Default(false)
        .Describe("Create without checking that the role can be assumed").ReadFrom("")
        .WriteTo("skip_validation"),
    Attribute("external_id").Computed().ReadFrom("aws_iam_role/external_id")
        .Describe("External id the role's trust policy must require (sts:ExternalId)"),
    Attribute("unity_catalog_iam_arn").Computed().ReadFrom("aws_iam_role/unity_catalog_iam_arn")
        .Describe("Principal the role's trust policy must allow"),
    Attribute("full_name").Computed().Describe("The credential's name"),
  });
  // clang-format on
  return table;
}

const kit::AttributeTable& LocationTable() {
  // clang-format off
  static const kit::AttributeTable table({
    Attribute("name").Describe("External location name (case-insensitive)").Required().ForceNew()
        .Normalize(FoldName).Wire("name"),
    Attribute("url").Describe("s3:// URL of the location").Required().Check(S3Url())
        .Normalize(UrlWithoutTrailingSlash).Wire("url").Update("PATCH"),
    Attribute("credential_name").Describe("Storage credential used to reach it").Required()
        .Normalize(FoldName).Wire("credential_name").Update("PATCH"),
    Attribute("read_only", AttrType::kBool).Describe("Only for reading").Default(false)
        .Wire("read_only").Update("PATCH"),
    Attribute("comment").Describe("Comment").Default("").Wire("comment").Update("PATCH"),
    Attribute("owner").Describe("Owner (unmanaged when omitted)").ReadFrom("owner").WriteTo("")
        .Update("PATCH"),
    Attribute("skip_validation", AttrType::kBool).Default(false)
        .Describe("Create without checking that the credential can list the URL").ReadFrom("")
        .WriteTo("skip_validation"),
    Attribute("full_name").Computed().Describe("The location's name"),
  });
  // clang-format on
  return table;
}

std::string Name(const Value& a) { return FoldedAttr(a, "name"); }
Query Metastore(const Value&) { return {}; }

// Databricks' validation failures while the role's trust is not in place yet: it could not
// assume the role, or the role did not let it in.
bool TrustNotReady(const Status& status) {
  if (status.code() != StatusCode::kPermissionDenied &&
      status.code() != StatusCode::kInvalidArgument) {
    return false;
  }
  const std::string& m = status.message();
  return m.find("AssumeRole") != std::string::npos || m.find("assume") != std::string::npos ||
         m.find("trust") != std::string::npos;
}

}  // namespace

KindHandlers MakeStorageHandlers() {
  KindHandlers out;
  SecurableSpec credential;
  credential.kind = "databricks.storage_credential";
  credential.exclusive_removes = "privileges no databricks.grant declares (the owner's excepted)";
  credential.description = "A Unity Catalog storage credential (an AWS IAM role)";
  credential.table = &CredentialTable();
  credential.natural_key = {"name"};
  credential.collection = "storage-credentials";
  credential.items_key = "storage_credentials";
  credential.full_name = &Name;
  credential.container = &Metastore;
  out.push_back(NewSecurableHandler(credential));

  SecurableSpec location;
  location.kind = "databricks.external_location";
  location.exclusive_removes = "privileges no databricks.grant declares (the owner's excepted)";
  location.description = "A Unity Catalog external location";
  location.table = &LocationTable();
  location.natural_key = {"name"};
  location.collection = "external-locations";
  location.items_key = "external_locations";
  location.full_name = &Name;
  location.container = &Metastore;
  location.propagation_delay = &TrustNotReady;
  out.push_back(NewSecurableHandler(location));
  return out;
}

}  // namespace causeway::databricks
