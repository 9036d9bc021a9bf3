// Drift(): the attributes a plan would show as changed between a manifest and a live object,
// computed by the engine's own diff (reconciler/plan/diff.h: schema defaults, normalisers), so
// that provider tests check "a re-plan is a no-op" exactly as the planner decides it. Tests that
// include this link causeway_plan. Header-only; pure functions.
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "providers/schema.h"
#include "reconciler/core/value.h"
#include "reconciler/plan/diff.h"

namespace causeway::testing {

// The engine's diff of `manifest` (no references left) against `live`.
inline DiffResult DiffManifest(const KindSchema& schema, const Value& manifest, const Value& live) {
  DiffInput in;
  in.schema = &schema;
  in.spec = &manifest;
  in.desired = &manifest;
  in.live = &live;
  return DiffAttributes(in);
}

inline std::vector<std::string> Drift(const KindSchema& schema, const Value& manifest,
                                      const Value& live) {
  std::vector<std::string> out;
  for (const auto& c : DiffManifest(schema, manifest, live).changes) out.push_back(c.name);
  return out;
}

// Success when nothing drifts; otherwise each drifted attribute with its live and desired value.
inline ::testing::AssertionResult NoDrift(const KindSchema& schema, const Value& manifest,
                                          const Value& live) {
  DiffResult d = DiffManifest(schema, manifest, live);
  if (d.changes.empty()) return ::testing::AssertionSuccess();
  auto failure = ::testing::AssertionFailure();
  for (const auto& c : d.changes) {
    failure << c.name << ": live " << c.before.dump() << " != desired " << c.after.dump() << "; ";
  }
  return failure;
}

}  // namespace causeway::testing
