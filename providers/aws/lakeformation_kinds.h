// Lake Formation kinds of the AWS provider, and what they share:
//   aws.lakeformation.resource     (lakeformation_resource_kind.cc)    a registered S3 location
//   aws.lakeformation.permissions  (lakeformation_permissions_kind.cc) one principal's grants on
//                                  one resource, authoritative for that (principal, resource)
// The manifest spells a permissions resource as exactly one of
//   {catalog: {}}
//   {database: {name: raw}}
//   {table: {database_name: raw, name: events}}  or  {table: {database_name: raw, wildcard: true}}
//   {table_with_columns: {database_name: raw, name: events, column_names: [a, b]}}
//     or {table_with_columns: {database_name: raw, name: events, column_wildcard: true,
//                              excluded_column_names: [secret]}}
//   {data_location: {arn: "arn:aws:s3:::bucket/prefix"}}
// and the wire (botocore) form is the Resource union {"Database": {"Name": ...}} etc.
// Replies are read through kit::ReplyReader: a malformed one is a ProviderError naming the
// operation and the field.
// Thread-safety: free functions and stateless handlers.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "providers/aws/kind_handler.h"

namespace causeway::aws {

// Manifest resource -> Lake Formation Resource. InvalidArgument names what is wrong.
Result<Value> LfResourceToWire(const Value& resource);
// A reply's Resource (ListPermissions) -> manifest form; nullopt for resource types the kind does
// not manage (LF tags, data cells filters); a wrong type is a ProviderError naming the field.
Result<std::optional<Value>> LfResourceFromWire(const kit::ReplyReader& resource);
// The canonical manifest form (round trip through the wire form); `resource` unchanged when it is
// not valid. Pure and idempotent: the normaliser of the `resource` attribute.
Value CanonicalLfManifestResource(const Value& resource);
// The `resource` attribute's check: "" when it is one of the forms above, else what is expected.
// Missing and unknown fields are left to the attribute's typed fields, which report them at their
// own file:line:column; this checks what fields cannot say (exactly one form, name or wildcard).
std::string CheckLfManifestResource(const Value& resource);
// ListPermissions ResourceType of a manifest resource: CATALOG, DATABASE, TABLE, DATA_LOCATION.
std::string LfManifestResourceType(const Value& resource);
// The id of a permissions object: "<principal>|<canonical resource JSON>".
std::string LfPermissionsId(const std::string& principal, const Value& resource);
// Splits an id made by LfPermissionsId; InvalidArgument when malformed.
Status ParseLfPermissionsId(const std::string& id, std::string* principal, Value* resource);
// An S3 location ARN, "arn:aws:s3:::bucket[/prefix]" (a registration's arn, a data_location's).
ValueCheck LfS3Arn();

// POST /<operation> to Lake Formation.
Result<Value> LfCall(AwsContext& ctx, const std::string& operation, const Value& body);
// Repeats `operation` with NextToken until a page has none, calling `page` with a reader of each
// response ("lakeformation <operation>").
Status LfPaginate(AwsContext& ctx, const std::string& operation, const Value& body,
                  const std::function<Status(const kit::ReplyReader&)>& page);

std::unique_ptr<KindHandler> NewLfResourceHandler();
std::unique_ptr<KindHandler> NewLfPermissionsHandler();

}  // namespace causeway::aws
