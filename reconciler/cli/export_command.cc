// export: writes manifests for the objects of one provider that exist but are not managed
// (manifest_export.h), listed with each kind's list-for-import and an optional scope; with
// --import, also records them in the state in one commit, so that the next plan is a no-op.
// --import needs --out to be a manifest file of the manifest directory: objects in the state but
// in no manifest would be planned for deletion.
#include <filesystem>
#include <iostream>

#include "reconciler/cli/commands.h"
#include "reconciler/cli/terminal.h"
#include "reconciler/core/filesystem.h"
#include "reconciler/plan/manifest_export.h"

namespace causeway {

namespace {

int Fail(const Status& s) {
  PrintError(s.message());
  return 1;
}

// Ok when `out` is a *.yaml / *.yml file directly in `dir` that does not exist yet.
Status CheckImportTarget(const std::string& dir, const std::string& out) {
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::path file =
      fs::weakly_canonical(fs::path(out).is_absolute() ? fs::path(out) : fs::path(dir) / out, ec);
  const std::string ext = file.extension().string();
  if (file.parent_path() != fs::weakly_canonical(dir, ec) || (ext != ".yaml" && ext != ".yml")) {
    return Status::InvalidArgument(
        "export --import writes the state entries of the objects it exports, so --out must be a "
        ".yaml file of the manifest directory " +
        dir + " (otherwise the next plan would delete them); got " + out);
  }
  return Status::Ok();
}

}  // namespace

int ExportCommand(const GlobalOptions& g, const ExportCommandOptions& o) {
  Workspace ws(g.workspace);
  if (o.import) {
    if (o.out.empty()) return Fail(Status::InvalidArgument("export --import needs --out FILE"));
    if (Status s = CheckImportTarget(g.workspace.dir, o.out); !s.ok()) return Fail(s);
  }
  const std::string out_path = o.out.empty() || std::filesystem::path(o.out).is_absolute()
                                   ? o.out
                                   : g.workspace.dir + "/" + o.out;
  if (!out_path.empty() && RealFileSystem()->Exists(out_path)) {
    return Fail(Status::Conflict(out_path + " exists; export never overwrites a file"));
  }
  Value scope = Value::object();
  if (!o.scope.empty()) {
    scope = Value::parse(o.scope, nullptr, false);
    if (scope.is_discarded() || !scope.is_object()) {
      return Fail(
          Status::InvalidArgument("--scope must be a JSON object, e.g. "
                                  "'{\"database\": \"trips_db\"}'"));
    }
  }
  if (Status loaded = ws.LoadManifests(); !loaded.ok()) {
    for (const auto& d : ws.diagnostics()) PrintError(d.str());
    return Fail(loaded);
  }
  Status s = ws.OpenState();
  if (s.ok()) s = ws.ConfigureProviders();
  if (s.ok() && o.import) s = ws.Lock("export");
  if (s.ok() && o.import) s = ws.OpenState();
  if (!s.ok()) return Fail(s);

  Provider* provider = ws.registry().Get(o.provider);
  if (provider == nullptr) {
    return Fail(Status::InvalidArgument("no provider named '" + o.provider + "'"));
  }
  std::vector<ExportedObject> objects;
  for (const auto& schema : provider->schemas()) {
    if (!o.kinds.empty() && o.kinds.count(schema.kind) == 0) continue;
    auto listed = provider->list(ListRequest{schema.kind, scope});
    if (!listed.ok()) {
      if (!o.kinds.empty()) return Fail(listed.status().WithContext("listing " + schema.kind));
      std::cerr << "Skipped " << schema.kind << ": " << listed.status().message() << "\n";
      continue;
    }
    for (auto& obs : *listed) {
      const std::string address = obs.address.str();
      if (ws.state().Find(address) != nullptr || ws.manifests().Find(obs.address) != nullptr) {
        continue;  // already managed or declared
      }
      objects.push_back({obs.address, obs.id, obs.attributes, obs.outputs, {}, Value::object()});
    }
  }
  const std::string text = ExportManifests(&objects, ws.registry().schemas());
  if (out_path.empty()) {
    std::cout << text;
  } else if (Status w = RealFileSystem()->WriteFileAtomic(out_path, text, 0644); !w.ok()) {
    return Fail(w);
  }
  std::cerr << "Exported " << objects.size() << " object(s) of " << o.provider
            << (out_path.empty() ? "" : " to " + out_path) << ".\n";
  if (!o.import || objects.empty()) return 0;
  State state = ws.state();
  for (const auto& obj : objects) {
    ResourceState rs;
    rs.address = obj.address;
    rs.id = obj.id;
    rs.attributes = obj.attributes;
    rs.outputs = obj.outputs;
    rs.dependencies = obj.references;
    state.resources[obj.address.str()] = rs;
  }
  s = ws.SaveState(
      state, "export: import " + std::to_string(objects.size()) + " object(s) of " + o.provider);
  if (!s.ok()) return Fail(s);
  std::cerr << "Imported them into the state; run plan to check it is a no-op.\n";
  return 0;
}

}  // namespace causeway
