// DriftReport: what `causeway drift` found, from a refreshed plan and the state it was made
// against. Each resource the plan would touch falls in one class:
//   changed      the live object differs from what the state recorded (someone changed it out of
//                band): per attribute, the state's value, the live value and the manifest's;
//   deleted      the state records the object but it no longer exists;
//   not_applied  the manifests differ from the state and the live object still matches the state
//                (a change nobody has applied yet: a new resource, a removed one, an edit);
//   unmanaged    security drift: an object or privilege inside a managed container that no
//                manifest declares (Plan::undeclared), with its container, what it is, and what
//                apply would do (delete when the container is exclusive, else no-op: kept).
// Unmanaged findings come first (privileges before objects), then out-of-band changes.
// A resource with attributes of both kinds is "changed" (its out-of-band attributes come first).
// Sensitive values never appear: their attributes are named, their values shown as "(sensitive)".
// Renderings: text (terminal), JSON (schema below, versioned by format_version) and Markdown.
//   {"format_version": 2, "drift": bool, "summary": {"changed": n, "deleted": n,
//    "not_applied": n, "unmanaged": n}, "resources": [{"address", "class", "action",
//    "attributes": [{"name", "state", "live", "manifest", "out_of_band": bool}]}],
//    "text": "<the one-line summary>"}
//   A resource of class "unmanaged" also has "container" (its address), "summary" (one line:
//   inline policy "admin" allows * on *), "privilege" (bool) and "note" (kept or removed, why);
//   its "attributes" list is empty.
//   Version 2 added the unmanaged class and summary.unmanaged; version 1 had neither.
// Pure; thread-safe.
#pragma once

#include <string>
#include <vector>

#include "reconciler/plan/plan.h"
#include "reconciler/plan/provider_registry.h"
#include "reconciler/state/state.h"

namespace causeway {

inline constexpr int kDriftFormatVersion = 2;

struct DriftAttribute {
  std::string name;
  Value state;     // as the state recorded it (null when absent)
  Value live;      // as observed
  Value manifest;  // what the manifests want (may be unknown)
  bool out_of_band = false;
  bool sensitive = false;
};

struct DriftResource {
  std::string address;
  std::string drift_class;        // "changed", "deleted", "not_applied" or "unmanaged"
  Action action = Action::kNoOp;  // what apply would do about it
  std::vector<DriftAttribute> attributes;
  // unmanaged only: the managed container it is in, what it is, and the plan's note.
  std::string container;
  std::string summary;
  bool privilege = false;
  std::string note;
};

struct DriftReport {
  std::vector<DriftResource> resources;
  int Count(const std::string& drift_class) const;
  bool HasDrift() const { return !resources.empty(); }
  // "No drift." or "Drift: 1 changed out of band, 0 deleted out of band, 2 not applied yet."
  // with ", 1 undeclared inside managed containers" before the period when there are any.
  std::string Summary() const;
};

// `schemas` normalises values before the state and live forms are compared (may be null).
DriftReport BuildDriftReport(const Plan& plan, const State& state, const ProviderRegistry* schemas);

std::string RenderDriftText(const DriftReport& report);
Value DriftToJson(const DriftReport& report);
std::string RenderDriftMarkdown(const DriftReport& report);

}  // namespace causeway
