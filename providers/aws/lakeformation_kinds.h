// Lake Formation kinds of the AWS provider, and the helpers they share:
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
// Thread-safety: free functions and stateless handlers.
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "providers/aws/kind_handler.h"

namespace causeway::aws {

// Manifest resource -> Lake Formation Resource. InvalidArgument names what is wrong.
Result<Value> LfResourceToWire(const Value& resource);
// Lake Formation Resource (as ListPermissions returns it) -> manifest form; NotFound for
// resource types the kind does not manage (LF tags, data cells filters).
Result<Value> LfResourceFromWire(const Value& wire);
// The canonical manifest form (round trip through the wire form); `resource` unchanged when it is
// not valid. Pure and idempotent: the normaliser of the `resource` attribute.
Value CanonicalLfManifestResource(const Value& resource);
// ListPermissions ResourceType of a manifest resource: CATALOG, DATABASE, TABLE, DATA_LOCATION.
std::string LfManifestResourceType(const Value& resource);
// Upper-cased, sorted, de-duplicated permission list (non-lists unchanged).
Value NormalizeLfPermissions(const Value& permissions);
// The id of a permissions object: "<principal>|<canonical resource JSON>".
std::string LfPermissionsId(const std::string& principal, const Value& resource);
// Splits an id made by LfPermissionsId; InvalidArgument when malformed.
Status ParseLfPermissionsId(const std::string& id, std::string* principal, Value* resource);

// obj[key] when it is a string, else "" (never throws: attributes may hold unknowns).
std::string LfString(const Value& obj, const char* key);

// POST /<operation> to Lake Formation.
Result<Value> LfCall(AwsContext& ctx, const std::string& operation, const Value& body);
// Repeats `operation` with NextToken until a page has none, calling `page` with each response.
Status LfPaginate(AwsContext& ctx, const std::string& operation, const Value& body,
                  const std::function<Status(const Value&)>& page);

// An attribute schema with the given name, type and description (other fields default).
AttributeSchema LfAttr(const std::string& name, AttrType type, const std::string& description);

std::unique_ptr<KindHandler> NewLfResourceHandler();
std::unique_ptr<KindHandler> NewLfPermissionsHandler();

}  // namespace causeway::aws
