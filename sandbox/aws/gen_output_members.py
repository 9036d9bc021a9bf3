#!/usr/bin/env python3
"""Generates sandbox/aws/output_members_table.cc: for each JSON / REST-JSON service the sandbox
emulates, the output shape of every operation it implements and, for each structure reachable
from those outputs, its member names and which members hold structures (directly, in lists or in
maps). The null_unset_members fault (sandbox/aws/unset_members.h) reads it to put `null` where the
emulator left a member unset, as several AWS-compatible emulators do.

Usage (from the repository root; CI has no shared/, so the output is committed):
  python3 sandbox/aws/gen_output_members.py /work/shared/specs/aws > sandbox/aws/output_members_table.cc

Member encoding: "" a scalar (or a list/map of scalars), "Name" a structure shape, "[x]" a list
of x, "{x}" a map with values x. Unions and documents count as scalars (a union must keep exactly
one member set). Members bound to HTTP headers or the status code are left out.
"""
import json
import sys

# The operations each service's dispatch table implements (OPERATIONS must stay equal to them:
# tests/sandbox/aws/unset_members_test.cc checks it).
OPERATIONS = {
    "athena": ["CreateWorkGroup", "DeleteWorkGroup", "GetWorkGroup", "ListWorkGroups",
               "UpdateWorkGroup"],
    "glue": ["BatchCreatePartition", "BatchDeleteTable", "CreateCrawler", "CreateDatabase",
             "CreateJob", "CreatePartition", "CreateTable", "DeleteCrawler", "DeleteDatabase",
             "DeleteJob", "DeletePartition", "DeleteTable", "GetCrawler", "GetCrawlerMetrics",
             "GetCrawlers", "GetDatabase", "GetDatabases", "GetJob", "GetJobs", "GetPartition",
             "GetPartitions", "GetTable", "GetTables", "StartCrawler", "StopCrawler",
             "UpdateCrawler", "UpdateDatabase", "UpdateJob", "UpdateTable"],
    "lakeformation": ["BatchGrantPermissions", "BatchRevokePermissions", "DeregisterResource",
                      "DescribeResource", "GetDataLakeSettings", "GrantPermissions",
                      "ListPermissions", "ListResources", "PutDataLakeSettings",
                      "RegisterResource", "RevokePermissions", "UpdateResource"],
    "states": ["CreateStateMachine", "DeleteStateMachine", "DescribeStateMachine",
               "ListStateMachines", "ListTagsForResource", "TagResource", "UpdateStateMachine"],
    "lambda": ["AddPermission", "CreateFunction", "DeleteFunction", "GetFunction",
               "GetFunctionConfiguration", "GetPolicy", "ListFunctions", "RemovePermission",
               "UpdateFunctionCode", "UpdateFunctionConfiguration"],
    "s3tables": ["CreateNamespace", "CreateTable", "CreateTableBucket", "DeleteNamespace",
                 "DeleteTable", "DeleteTableBucket", "DeleteTableBucketEncryption",
                 "DeleteTableBucketPolicy", "GetNamespace", "GetTable", "GetTableBucket",
                 "GetTableBucketEncryption", "GetTableBucketMaintenanceConfiguration",
                 "GetTableBucketPolicy", "GetTableMetadataLocation", "ListNamespaces",
                 "ListTableBuckets", "ListTables", "PutTableBucketEncryption",
                 "PutTableBucketMaintenanceConfiguration", "PutTableBucketPolicy",
                 "UpdateTableMetadataLocation"],
}

# The model's folder under specs/ where it differs from the sandbox's service name (the signing
# name, which routes requests).
SPEC_DIRS = {"states": "stepfunctions"}


def encode(shapes, name, structures):
    """Member encoding of shape `name`, collecting reachable structures into `structures`."""
    shape = shapes[name]
    kind = shape["type"]
    if kind == "structure" and not shape.get("union") and not shape.get("document"):
        if name not in structures:
            structures[name] = None  # placeholder: breaks recursion
            members = {}
            for member, ref in shape.get("members", {}).items():
                if ref.get("location") in ("header", "headers", "statusCode"):
                    continue
                members[member] = encode(shapes, ref["shape"], structures)
            structures[name] = members
        return name
    if kind == "list":
        inner = encode(shapes, shape["member"]["shape"], structures)
        return "[" + inner + "]" if inner else ""
    if kind == "map":
        inner = encode(shapes, shape["value"]["shape"], structures)
        return "{" + inner + "}" if inner else ""
    return ""


def main():
    specs = sys.argv[1] if len(sys.argv) > 1 else "/work/shared/specs/aws"
    lines = []
    for service, operations in sorted(OPERATIONS.items()):
        model = json.load(open(f"{specs}/{SPEC_DIRS.get(service, service)}/service-2.json"))
        shapes = model["shapes"]
        structures = {}
        outputs = {}
        for op in operations:
            output = model["operations"][op].get("output")
            if output is None:
                outputs[op] = ""
                continue
            if "payload" in shapes[output["shape"]]:
                sys.exit(f"{service}.{op}: output with a payload member is not supported")
            outputs[op] = encode(shapes, output["shape"], structures)
        lines.append(json.dumps(service) + ": {\"operations\": " +
                     json.dumps(outputs, sort_keys=True, separators=(",", ":")) +
                     ", \"structures\": {")
        body = [json.dumps(n) + ":" + json.dumps(m, sort_keys=True, separators=(",", ":"))
                for n, m in sorted(structures.items())]
        lines.append(",\n".join(body))
        lines.append("}}")
    text = "{\n" + ",\n".join("\n".join(lines[i:i + 3]) for i in range(0, len(lines), 3)) + "\n}"
    print("// Generated by sandbox/aws/gen_output_members.py from the botocore models")
    print("// shared/specs/aws/{athena,glue,lakeformation,lambda,s3tables,stepfunctions}/service-2.json; do not edit. Regenerate with")
    # No trailing backslash: in a // comment it continues the comment (-Wcomment).
    print("//   cd sandbox/aws && python3 gen_output_members.py /work/shared/specs/aws >")
    print("//     output_members_table.cc   (one command)")
    print("// For each service: operation -> output shape, and structure -> member -> encoding")
    print("// (\"\" scalar, \"Shape\" structure, \"[x]\" list of x, \"{x}\" map of x).")
    print('#include "sandbox/aws/unset_members.h"')
    print()
    print("namespace causeway::sandbox {")
    print()
    print("const char* OutputMembersTableJson() {")
    print('  return R"json(' + text + ')json";')
    print("}")
    print()
    print("}  // namespace causeway::sandbox")


if __name__ == "__main__":
    main()
