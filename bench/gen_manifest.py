#!/usr/bin/env python3
"""Writes the engine benchmark's manifest of N resources (bench/engine_bench.cc's Manifest(),
the same text) to PATH, for the shell benchmarks: groups of 10 with a database, a role and an
integration in a cycle broken by a deferred update, five tables and two grants.

  bench/gen_manifest.py PATH N [--mem-path FILE]

--mem-path adds a providers document persisting the mem provider to FILE (as the quickstart does).
"""
import argparse

parser = argparse.ArgumentParser()
parser.add_argument("path")
parser.add_argument("n", type=int)
parser.add_argument("--mem-path")
args = parser.parse_args()

out = []
if args.mem_path:
    out.append(f"kind: providers\nspec:\n  mem:\n    path: {args.mem_path}\n---\n")
for g in range(args.n // 10):
    s = str(g)
    out.append(f"kind: mem.database\nname: db{s}\nspec:\n  name: DB{s}\n---\n")
    out.append(f"kind: mem.role\nname: r{s}\nspec:\n  role_name: role-{s}\n  trust_policy:\n"
               f"    Statement:\n      - Effect: Allow\n        Principal: {{ AWS: \"${{mem.integration.i{s}.iam_user_arn}}\" }}\n"
               f"        Action: sts:AssumeRole\n---\n")
    out.append(f"kind: mem.integration\nname: i{s}\nspec:\n  name: INT{s}\n  role_arn: ${{mem.role.r{s}.arn}}\n---\n")
    for t in range(5):
        ts = f"{s}_{t}"
        out.append(f"kind: mem.table\nname: t{ts}\nspec:\n  database: ${{mem.database.db{s}.name}}\n"
                   f"  name: T{ts}\n  columns: [{{name: ID, type: NUMBER}}]\n---\n")
    for k in range(2):
        ks = f"{s}_{k}"
        out.append(f"kind: mem.grant\nname: g{ks}\ndepends_on: [mem.table.t{s}_{k}]\nspec:\n"
                   f"  principal: ANALYST\n  on: DB{s}.T{ks}\n  privileges: [SELECT]\n---\n")
with open(args.path, "w") as f:
    f.write("".join(out))
