// DatabricksProvider: the providers.databricks block, credentials, the client, and a first call
// that proves the credentials work before anything is planned.
#include "providers/databricks/databricks_provider.h"

#include "providers/databricks/undeclared_finder.h"
#include "providers/kit/value_checks.h"

namespace causeway::databricks {

DatabricksProvider::DatabricksProvider(DatabricksProviderOptions options)
    : options_(std::move(options)) {
  for (auto* make :
       {&MakeCatalogHandlers, &MakeStorageHandlers, &MakeGrantHandlers, &MakeTableHandlers}) {
    AddHandlers(make());
  }
}

DatabricksProvider::~DatabricksProvider() = default;

Result<std::vector<Undeclared>> DatabricksProvider::undeclared(
    const std::vector<ObserveItem>& managed) {
  return FindUndeclared(*this, managed);
}

ProviderSettingsSchema DatabricksProvider::settings_schema() const {
  using kit::Attribute;
  // clang-format off
  static const kit::AttributeTable table({
    Attribute("host").Describe("Workspace URL (default: DATABRICKS_HOST, else the profile's host)"),
    Attribute("profile").Describe("Profile in ~/.databrickscfg (default: DATABRICKS_CONFIG_PROFILE, else DEFAULT)"),
    Attribute("token_env").Describe("Environment variable holding a personal access token"),
    Attribute("client_id").Describe("OAuth machine-to-machine: the service principal's client id"),
    Attribute("client_secret_env").Describe("Environment variable holding the OAuth client secret"),
    Attribute("warehouse_id").Describe("SQL warehouse that runs statements (tables)"),
    Attribute("endpoint").Describe("The workspace URL, or \"sandbox\""),
    Attribute("token").Sensitive()
        .Describe("Set by the CLI with `endpoint: sandbox`; a manifest cannot hold a literal secret"),
    Attribute("refresh_mode").Check(kit::OneOfIgnoringCase({"bulk", "per-resource"}))
        .Describe("bulk (one list per container and kind) or per-resource"),
    Attribute("propagation_timeout_seconds", AttrType::kNumber)
        .Describe("How long steps retry a trust that has not propagated yet (60)"),
    Attribute("ca_file").Describe("PEM bundle of certificate authorities to trust"),
  });
  // clang-format on
  return table.Schema("databricks", "The Databricks provider's settings");
}

Status DatabricksProvider::configure(const Value& config) {
  if (!config.is_object()) return Status::InvalidArgument("providers.databricks must be a mapping");
  const ProviderSettingsSchema settings = settings_schema();
  for (auto it = config.begin(); it != config.end(); ++it) {
    if (settings.Find(it.key()) == nullptr) {
      return Status::InvalidArgument("providers.databricks: unknown setting '" + it.key() + "'");
    }
  }
  std::string mode = config.value("refresh_mode", std::string("bulk"));
  if (mode != "bulk" && mode != "per-resource") {
    return Status::InvalidArgument(
        "providers.databricks.refresh_mode must be bulk or per-resource");
  }
  per_resource_ = mode == "per-resource";
  clock_ = options_.clock != nullptr ? options_.clock : RealClock();
  if (config.contains("propagation_timeout_seconds")) {
    if (!config["propagation_timeout_seconds"].is_number()) {
      return Status::InvalidArgument(
          "providers.databricks.propagation_timeout_seconds must be a number");
    }
    propagation_timeout_ = std::chrono::milliseconds(
        static_cast<int64_t>(config["propagation_timeout_seconds"].get<double>() * 1000));
  }
  CW_ASSIGN_OR_RETURN(DatabricksSettings s,
                      ResolveSettings(config, options_.env ? options_.env : ProcessEnvironment()));

  HttpClient* http = options_.http;
  if (http == nullptr) {
    CurlOptions co;
    co.ca_file = config.value("ca_file", std::string());
    owned_http_ = NewCurlHttpClient(co);
    http = owned_http_.get();
  }
  DatabricksClientOptions co;
  co.http = http;
  co.clock = clock_;
  co.host = s.host;
  if (!s.token.empty()) {
    co.token = std::make_shared<StaticToken>(s.token, s.source);
  } else {
    co.token = std::make_shared<OAuthM2MToken>(http, clock_, s.host, s.client_id, s.client_secret);
  }
  client_ = std::make_unique<DatabricksClient>(co);
  ctx_.client = client_.get();
  ctx_.warehouse_id = s.warehouse_id;
  ctx_.clock = clock_;
  ctx_.log = &log();

  // Bad or expired credentials fail here, before anything is planned or changed.
  auto probe = client_->Catalog("GET", "catalogs", {}, {{"max_results", "1"}});
  if (!probe.ok()) {
    return Status(probe.status().code(),
                  "providers.databricks: cannot use the workspace " + s.host + " with " + s.source +
                      ": " + probe.status().message() + "; check the host, token or OAuth client",
                  probe.status().provider_code());
  }
  configured_ = true;
  return Status::Ok();
}

}  // namespace causeway::databricks
