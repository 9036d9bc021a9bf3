// Drift classification and its renderings (see drift_report.h).
#include "reconciler/plan/drift_report.h"

#include <algorithm>

#include "providers/schema.h"

namespace causeway {

namespace {

Value Shown(const Value& v, bool sensitive) {
  if (sensitive) return "(sensitive)";
  if (IsUnknown(v)) return "(known after apply)";
  return v;
}

std::string Text(const Value& v, bool sensitive) {
  if (sensitive) return "(sensitive)";
  return RenderValue(v);
}

const char* ClassLabel(const std::string& c) {
  if (c == "changed") return "changed out of band";
  if (c == "deleted") return "deleted out of band";
  if (c == "unmanaged") return "undeclared inside a managed container";
  return "not applied yet";
}

}  // namespace

int DriftReport::Count(const std::string& drift_class) const {
  int n = 0;
  for (const auto& r : resources) n += r.drift_class == drift_class ? 1 : 0;
  return n;
}

std::string DriftReport::Summary() const {
  if (!HasDrift()) return "No drift.";
  return "Drift: " + std::to_string(Count("changed")) + " changed out of band, " +
         std::to_string(Count("deleted")) + " deleted out of band, " +
         std::to_string(Count("not_applied")) + " not applied yet" +
         (Count("unmanaged") > 0
              ? ", " + std::to_string(Count("unmanaged")) + " undeclared inside managed containers."
              : std::string("."));
}

DriftReport BuildDriftReport(const Plan& plan, const State& state,
                             const ProviderRegistry* schemas) {
  DriftReport report;
  for (const auto& f : plan.undeclared) {  // privileges first already (the planner's order)
    DriftResource r;
    r.address = f.found.address.str();
    r.drift_class = "unmanaged";
    r.action = f.removed ? Action::kDelete : Action::kNoOp;
    r.container = f.found.container.str();
    r.summary = f.found.summary;
    r.privilege = f.found.privilege;
    r.note = f.note;
    report.resources.push_back(std::move(r));
  }
  for (const auto& c : plan.changes) {
    if (c.action == Action::kNoOp || c.undeclared) continue;  // undeclared: reported above
    const ResourceState* recorded = state.Find(c.address.str());
    DriftResource r;
    r.address = c.address.str();
    r.action = c.action;
    if (c.action == Action::kCreate) {
      r.drift_class = recorded != nullptr ? "deleted" : "not_applied";
      report.resources.push_back(std::move(r));
      continue;
    }
    const KindSchema* schema = schemas != nullptr ? schemas->Schema(c.address.kind) : nullptr;
    bool out_of_band = false;
    for (const auto& a : c.attribute_changes) {
      DriftAttribute d;
      d.name = a.name;
      d.live = a.before;
      d.manifest = a.after;
      d.sensitive = a.sensitive;
      if (recorded != nullptr && recorded->attributes.contains(a.name)) {
        d.state = recorded->attributes[a.name];
      }
      if (!a.sensitive && recorded != nullptr) {
        const AttributeSchema* as = schema != nullptr ? schema->Find(a.name) : nullptr;
        d.out_of_band = NormalizeAttr(as, d.state) != NormalizeAttr(as, d.live);
      }
      out_of_band = out_of_band || d.out_of_band;
      r.attributes.push_back(std::move(d));
    }
    std::stable_partition(r.attributes.begin(), r.attributes.end(),
                          [](const DriftAttribute& d) { return d.out_of_band; });
    r.drift_class = out_of_band ? "changed" : "not_applied";
    report.resources.push_back(std::move(r));
  }
  // Out-of-band drift first, then what was not applied; the plan's order within each.
  std::stable_partition(report.resources.begin(), report.resources.end(),
                        [](const DriftResource& r) { return r.drift_class != "not_applied"; });
  return report;
}

std::string RenderDriftText(const DriftReport& report) {
  std::string out = report.Summary() + "\n";
  for (const auto& r : report.resources) {
    if (r.drift_class == "unmanaged") {
      out += "\n  " + r.address + ": " + (r.privilege ? "privilege " : "object ") +
             ClassLabel(r.drift_class) + " " + r.container + "\n      " + r.summary + " (" +
             r.note + ")\n";
      continue;
    }
    out += "\n  " + r.address + ": " + ClassLabel(r.drift_class) + " (apply would " +
           ActionName(r.action) + ")\n";
    for (const auto& a : r.attributes) {
      if (a.out_of_band) {
        out += "      " + a.name + ": state " + Text(a.state, a.sensitive) + ", live " +
               Text(a.live, a.sensitive) + " (manifest " + Text(a.manifest, a.sensitive) + ")\n";
      } else {
        out += "      " + a.name + ": " + Text(a.live, a.sensitive) + " -> " +
               Text(a.manifest, a.sensitive) + " (not applied)\n";
      }
    }
  }
  return out;
}

Value DriftToJson(const DriftReport& report) {
  Value resources = Value::array();
  for (const auto& r : report.resources) {
    Value attrs = Value::array();
    for (const auto& a : r.attributes) {
      attrs.push_back({{"name", a.name},
                       {"state", Shown(a.state, a.sensitive)},
                       {"live", Shown(a.live, a.sensitive)},
                       {"manifest", Shown(a.manifest, a.sensitive)},
                       {"out_of_band", a.out_of_band}});
    }
    Value entry = {{"address", r.address},
                   {"class", r.drift_class},
                   {"action", ActionName(r.action)},
                   {"attributes", attrs}};
    if (r.drift_class == "unmanaged") {
      entry["container"] = r.container;
      entry["summary"] = r.summary;
      entry["privilege"] = r.privilege;
      entry["note"] = r.note;
    }
    resources.push_back(std::move(entry));
  }
  return {{"format_version", kDriftFormatVersion},
          {"drift", report.HasDrift()},
          {"summary",
           {{"changed", report.Count("changed")},
            {"deleted", report.Count("deleted")},
            {"not_applied", report.Count("not_applied")},
            {"unmanaged", report.Count("unmanaged")}}},
          {"resources", resources},
          {"text", report.Summary()}};
}

std::string RenderDriftMarkdown(const DriftReport& report) {
  std::string out = "### Causeway drift\n\n**" + report.Summary() + "**\n";
  if (!report.HasDrift()) return out;
  out +=
      "\n| resource | drift | attribute | state | live | manifest |\n"
      "| --- | --- | --- | --- | --- | --- |\n";
  auto cell = [](const std::string& s) {
    std::string o;
    for (char ch : s) o += ch == '|' ? std::string("\\|") : std::string(1, ch);
    return "`" + o + "`";
  };
  for (const auto& r : report.resources) {
    if (r.drift_class == "unmanaged") {
      // The attribute column names the container; live is what was found; manifest: nothing.
      out += "| " + cell(r.address) + " | " + ClassLabel(r.drift_class) + " | " +
             cell(r.container) + " | | " + cell(r.summary) + " | " + cell(r.note) + " |\n";
      continue;
    }
    if (r.attributes.empty()) {
      out += "| " + cell(r.address) + " | " + ClassLabel(r.drift_class) + " | | | | |\n";
      continue;
    }
    for (const auto& a : r.attributes) {
      out += "| " + cell(r.address) + " | " +
             (a.out_of_band ? ClassLabel("changed") : ClassLabel("not_applied")) + " | " +
             cell(a.name) + " | " + cell(Text(a.state, a.sensitive)) + " | " +
             cell(Text(a.live, a.sensitive)) + " | " + cell(Text(a.manifest, a.sensitive)) + " |\n";
    }
  }
  return out;
}

}  // namespace causeway
