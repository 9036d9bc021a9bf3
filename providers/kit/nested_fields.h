// Convert() functions for an attribute typed with Fields() whose fields have wire paths of their
// own: a list of objects (Glue columns [{name, type, comment}] <-> [{Name, Type, Comment}], a
// Snowflake table's columns, Databricks grants) or one object (a Glue SerDe). The fields are
// ordinary kit::Attribute rows, so the nested shape is declared once for `causeway validate`
// (Fields) and for the wire (these converters):
//
//   const std::vector<Attribute> kColumn = {Attribute("name").Required().Wire("Name"),
//                                           Attribute("type").Required().Wire("Type"),
//                                           Attribute("comment").Wire("Comment")};
//   Attribute("columns", AttrType::kList).Fields(kColumn)
//       .Wire("StorageDescriptor/Columns")
//       .Convert(ListToWire(kColumn), ListFromWire(kColumn));
//
// To the wire, each item is the fields' create body (defaults applied, empty values left out
// unless the field is KeepEmpty). From the wire, each item is read through ReplyReader: a null
// or absent member is absent, a wrong type is an error naming the item and the field
// ("[2].Name: expected a string, got an integer"); null members and empty values of fields that
// are not required are left out, so that what is read back compares equal to what was written.
// Thread-safety: the returned functions are immutable; share freely.
#pragma once

#include <vector>

#include "providers/kit/attribute_table.h"

namespace causeway::kit {

// A list of objects; a value that is not a list is sent as [] and read back as an error.
ToWire ListToWire(const std::vector<Attribute>& fields);
FromWire ListFromWire(const std::vector<Attribute>& fields);

// One object.
ToWire ObjectToWire(const std::vector<Attribute>& fields);
FromWire ObjectFromWire(const std::vector<Attribute>& fields);

}  // namespace causeway::kit
