// SnowflakeProvider: the providers.snowflake block, credentials, the client, and a first
// statement that proves the credentials work before anything is planned.
#include "providers/snowflake/snowflake_provider.h"

#include "providers/kit/value_checks.h"
#include "providers/snowflake/storage_kinds.h"
#include "providers/snowflake/undeclared_finder.h"

namespace causeway::snowflake {

SnowflakeProvider::SnowflakeProvider(SnowflakeProviderOptions options)
    : options_(std::move(options)) {
  for (auto* make : {&MakeAccountObjectHandlers, &MakeGrantHandlers, &MakeStorageHandlers}) {
    AddHandlers(make());
  }
}

SnowflakeProvider::~SnowflakeProvider() = default;

std::vector<KindSchema> SnowflakeProvider::schemas() const {
  std::vector<KindSchema> out = KindProvider::schemas();
  for (auto& s : out) s.exclusive_removes = ExclusiveRemoves(s.kind);
  return out;
}

Result<std::vector<Undeclared>> SnowflakeProvider::undeclared(
    const std::vector<ObserveItem>& managed) {
  if (!configured_) return Status::Internal("snowflake provider used before configure()");
  SnowflakeContext ctx = ctx_;
  auto found = FindUndeclared(*this, ctx, managed);
  listings_.Clear();
  return found;
}

Result<std::vector<Observation>> SnowflakeProvider::observe(const std::vector<ObserveItem>& items) {
  listings_.Clear();
  return KindProvider::observe(items);
}

ProviderSettingsSchema SnowflakeProvider::settings_schema() const {
  using kit::Attribute;
  // clang-format off
  static const kit::AttributeTable table({
    Attribute("account").Describe("Account identifier, e.g. myorg-myaccount (default: the connection's, else SNOWFLAKE_ACCOUNT)"),
    Attribute("user").Describe("User the provider signs in as (key pair)"),
    Attribute("role").Describe("Role statements run as (default: the user's default role)"),
    Attribute("warehouse").Describe("Warehouse statements run on (default: the user's default warehouse)"),
    Attribute("host").Describe("Host name, when not <account>.snowflakecomputing.com"),
    Attribute("endpoint").Describe("The account URL, or \"sandbox\""),
    Attribute("connection").Describe("Connection in ~/.snowflake/connections.toml (default: SNOWFLAKE_DEFAULT_CONNECTION_NAME, else default_connection_name, else default)"),
    Attribute("private_key_file").Describe("PEM private key (PKCS#8, possibly encrypted) for key-pair JWT"),
    Attribute("private_key_env").Describe("Environment variable holding the PEM private key"),
    Attribute("private_key_passphrase_env").Describe("Environment variable holding the private key's passphrase"),
    Attribute("token_env").Describe("Environment variable holding an OAuth access token"),
    Attribute("refresh_mode").Check(kit::OneOfIgnoringCase({"bulk", "per-resource"}))
        .Describe("bulk (one SHOW per kind and container) or per-resource (one per object)"),
    Attribute("page_size", AttrType::kInteger).Check(kit::IntegerBetween(1, 10000))
        .Describe("Rows per SHOW page (LIMIT n FROM ...), 10000"),
    Attribute("statement_timeout_seconds", AttrType::kInteger).Check(kit::IntegerBetween(0, 604800))
        .Describe("Longest a statement may run before Snowflake cancels it (3600)"),
    Attribute("ca_file").Describe("PEM bundle of certificate authorities to trust"),
  });
  // clang-format on
  return table.Schema("snowflake", "The Snowflake provider's settings");
}

Status SnowflakeProvider::configure(const Value& config) {
  constexpr char kWho[] = "providers.snowflake";
  if (!config.is_object()) return Status::InvalidArgument(std::string(kWho) + " must be a mapping");
  const ProviderSettingsSchema settings = settings_schema();
  for (auto it = config.begin(); it != config.end(); ++it) {
    if (settings.Find(it.key()) == nullptr) {
      return Status::InvalidArgument(std::string(kWho) + ": unknown setting '" + it.key() + "'");
    }
  }
  for (auto it = config.begin(); it != config.end(); ++it) {
    const AttributeSchema* a = settings.Find(it.key());
    const bool integer = a->type == AttrType::kInteger;
    if (integer ? !it.value().is_number_integer() : !it.value().is_string()) {
      return Status::InvalidArgument(std::string(kWho) + "." + it.key() + " must be " +
                                     (integer ? "a whole number" : "a string"));
    }
  }
  std::string mode = config.value("refresh_mode", std::string("bulk"));
  if (mode != "bulk" && mode != "per-resource") {
    return Status::InvalidArgument(std::string(kWho) +
                                   ".refresh_mode must be bulk or per-resource");
  }
  per_resource_ = mode == "per-resource";
  clock_ = options_.clock != nullptr ? options_.clock : RealClock();
  CW_ASSIGN_OR_RETURN(SnowflakeSettings s,
                      ResolveSettings(config, options_.env ? options_.env : ProcessEnvironment()));

  HttpClient* http = options_.http;
  if (http == nullptr) {
    CurlOptions co;
    co.ca_file = config.value("ca_file", std::string());
    owned_http_ = NewCurlHttpClient(co);
    http = owned_http_.get();
  }
  SnowflakeClientOptions co;
  co.http = http;
  co.clock = clock_;
  co.base_url = s.base_url;
  // The SQL API takes role and warehouse as SHOW prints them: unquoted names in upper case.
  co.role = s.role.empty() ? "" : NormalizeIdentifier(s.role);
  co.warehouse = s.warehouse.empty() ? "" : NormalizeIdentifier(s.warehouse);
  co.statement_timeout_seconds = config.value("statement_timeout_seconds", int64_t{3600});
  if (!s.oauth_token.empty()) {
    co.token = std::make_shared<StaticToken>(s.oauth_token, s.source);
  } else {
    CW_ASSIGN_OR_RETURN(auto jwt, KeyPairJwt::Create(s.account, s.user, s.private_key_pem,
                                                     s.private_key_passphrase, clock_, s.source));
    co.token = std::shared_ptr<KeyPairJwt>(std::move(jwt));
  }
  client_ = std::make_unique<SnowflakeClient>(co);
  batcher_ = std::make_unique<StatementBatcher>(client_.get());
  ctx_.client = client_.get();
  ctx_.batcher = batcher_.get();
  ctx_.listings = &listings_;
  ctx_.role = co.role;
  ctx_.clock = clock_;
  ctx_.log = &log();
  ctx_.page_size = config.value("page_size", int64_t{10000});

  // Bad credentials fail here, before anything is planned or changed.
  auto probe = client_->Execute("SHOW ROLES LIMIT 1");
  if (!probe.ok()) {
    return Status(probe.status().code(),
                  std::string(kWho) + ": cannot use the account at " + s.base_url + " with " +
                      s.source + ": " + probe.status().message(),
                  probe.status().provider_code());
  }
  configured_ = true;
  return Status::Ok();
}

}  // namespace causeway::snowflake
