// The null_unset_members reply fault for AWS's JSON and REST-JSON services (Glue, Athena, Lake
// Formation): every member of the operation's output shape that the emulator left unset is
// added with the value null, recursively into the nested structures, lists of structures and
// maps of structures the reply holds, as several AWS-compatible emulators answer where AWS
// omits the member. The member names come from the botocore models through a generated table
// (output_members_table.cc, made by gen_output_members.py; CI has no shared/ to read them from).
// Thread-safety: pure functions over an immutable table.
#pragma once

#include <string>
#include <vector>

#include "reconciler/core/value.h"

namespace causeway::sandbox {

// Adds null members to `reply` (the parsed JSON body of a successful `service`.`operation`
// reply). Replies of operations the table does not know are left unchanged.
void NullUnsetMembers(const std::string& service, const std::string& operation, Value* reply);
// The same over a JSON body; a body that is not a JSON object is left unchanged.
void NullUnsetMembersInReply(const std::string& service, const std::string& operation,
                             std::string* body);

// The operations of `service` the table has output shapes for, sorted; empty for a service it
// does not cover.
std::vector<std::string> OperationsWithOutputMembers(const std::string& service);

// The generated table (output_members_table.cc): {service: {"operations": {op: shape},
// "structures": {shape: {member: encoding}}}}; see gen_output_members.py for the encoding.
const char* OutputMembersTableJson();

}  // namespace causeway::sandbox
