// AwsProvider: configuration, dispatch to kind handlers, refresh modes, propagation retries.
#include "providers/aws/aws_provider.h"

#include <algorithm>
#include <atomic>
#include <set>
#include <thread>

#include "providers/aws/assume_role.h"
#include "providers/aws/credentials.h"
#include <spdlog/spdlog.h>

namespace causeway::aws {

namespace {

const std::set<std::string>& KnownKeys() {
  static const std::set<std::string> keys = {
      "region", "profile", "access_key_id_env", "secret_access_key_env", "session_token_env",
      "assume_role", "endpoint", "endpoints", "refresh_mode", "propagation_timeout_seconds",
      "ca_file", "access_key_id", "secret_access_key"};
  return keys;
}

}  // namespace

bool KindHandler::IsPropagationDelay(const Status& status) const {
  if (status.code() != StatusCode::kPermissionDenied &&
      status.code() != StatusCode::kInvalidArgument &&
      status.code() != StatusCode::kProviderError) {
    return false;
  }
  const std::string& m = status.message();
  return m.find("assume") != std::string::npos || m.find("AssumeRole") != std::string::npos;
}

AwsProvider::AwsProvider(AwsProviderOptions options) : options_(std::move(options)) {
  for (auto* make : {&MakeIamHandlers, &MakeS3Handlers, &MakeGlueHandlers,
                     &MakeLakeFormationHandlers, &MakeAthenaHandlers}) {
    for (auto& h : make()) {
      std::string kind = h->Schema().kind;
      handlers_[kind] = std::move(h);
    }
  }
}

AwsProvider::~AwsProvider() = default;

std::vector<KindSchema> AwsProvider::schemas() const {
  std::vector<KindSchema> out;
  for (const auto& [_, h] : handlers_) out.push_back(h->Schema());
  return out;
}

Status AwsProvider::configure(const Value& config) {
  if (!config.is_object()) return Status::InvalidArgument("providers.aws must be a mapping");
  for (auto it = config.begin(); it != config.end(); ++it) {
    if (!KnownKeys().count(it.key())) {
      return Status::InvalidArgument("providers.aws: unknown setting '" + it.key() + "'");
    }
  }
  std::string mode = config.value("refresh_mode", std::string("bulk"));
  if (mode != "bulk" && mode != "per-resource") {
    return Status::InvalidArgument("providers.aws.refresh_mode must be bulk or per-resource");
  }
  per_resource_ = mode == "per-resource";
  ctx_.clock = options_.clock != nullptr ? options_.clock : RealClock();
  if (config.contains("propagation_timeout_seconds")) {
    if (!config["propagation_timeout_seconds"].is_number()) {
      return Status::InvalidArgument("providers.aws.propagation_timeout_seconds must be a number");
    }
    ctx_.propagation_timeout = std::chrono::milliseconds(
        static_cast<int64_t>(config["propagation_timeout_seconds"].get<double>() * 1000));
  }
  HttpClient* http = options_.http;
  if (http == nullptr) {
    CurlOptions co;
    co.ca_file = config.value("ca_file", std::string());
    owned_http_ = NewCurlHttpClient(co);
    http = owned_http_.get();
  }

  AwsClientOptions co;
  co.http = http;
  co.clock = ctx_.clock;
  if (config.contains("secret_access_key") || config.contains("access_key_id")) {
    // Literal keys: only the CLI sets them (see aws_provider.h).
    if (!config.contains("access_key_id") || !config["access_key_id"].is_string() ||
        !config.contains("secret_access_key") || !config["secret_access_key"].is_string()) {
      return Status::InvalidArgument(
          "providers.aws: access_key_id comes only with secret_access_key, which the causeway "
          "CLI sets for the sandbox; name environment variables instead (access_key_id_env, "
          "secret_access_key_env)");
    }
    CW_ASSIGN_OR_RETURN(co.endpoints, ParseEndpoints(config));
    co.region = config.value("region", std::string("us-east-1"));
    co.credentials = std::make_shared<StaticCredentialProvider>(
        Credentials{config["access_key_id"].get<std::string>(),
                    config["secret_access_key"].get<std::string>(), ""},
        "the keys given with the endpoint");
  } else {
    CW_ASSIGN_OR_RETURN(co.endpoints, ParseEndpoints(config));
    CW_ASSIGN_OR_RETURN(CredentialConfig cc, ParseCredentialConfig(config));
    std::string region;
    AwsClientOptions sts = co;
    auto provider = NewCredentialProvider(cc, ProcessEnv(), sts, &region);
    if (!provider.ok()) return provider.status().WithContext("providers.aws");
    co.credentials = *provider;
    co.region = region.empty() ? "us-east-1" : region;
  }
  ctx_.region = co.region;
  client_ = std::make_unique<AwsClient>(co);
  ctx_.client = client_.get();

  // Who we are: the account id goes into ARNs, and bad or expired credentials fail here, before
  // anything is planned or changed.
  auto who = client_->Query("sts", "GetCallerIdentity", "2011-06-15", {});
  if (!who.ok()) {
    return Status(who.status().code(),
                  "providers.aws: cannot use the configured credentials (" +
                      co.credentials->Describe() + "): " + who.status().message() +
                      "; check the keys, profile or session token");
  }
  pugi::xml_node id = (*who)->child("GetCallerIdentityResponse")
                          .child("GetCallerIdentityResult")
                          .child("Account");
  ctx_.account_id = id.text().as_string();
  configured_ = true;
  return Status::Ok();
}

Status AwsProvider::EnsureConfigured() const {
  if (!configured_) return Status::Internal("aws provider used before configure()");
  return Status::Ok();
}

KindHandler* AwsProvider::Handler(const std::string& kind) const {
  auto it = handlers_.find(kind);
  return it == handlers_.end() ? nullptr : it->second.get();
}

Result<std::vector<Observation>> AwsProvider::observe(const std::vector<ObserveItem>& items) {
  CW_RETURN_IF_ERROR(EnsureConfigured());
  std::vector<Observation> out(items.size());
  std::map<std::string, std::vector<size_t>> by_kind;
  for (size_t i = 0; i < items.size(); ++i) by_kind[items[i].address.kind].push_back(i);
  for (const auto& [kind, _] : by_kind) {
    if (Handler(kind) == nullptr) return Status::InvalidArgument("aws: unknown kind " + kind);
  }
  auto batch_of = [&](const std::vector<size_t>& idx) {
    std::vector<ObserveItem> batch;
    batch.reserve(idx.size());
    for (size_t i : idx) batch.push_back(items[i]);
    return batch;
  };

  if (!per_resource_) {
    // Bulk: the services are independent, so each is read on its own thread; the kinds of one
    // service run in turn and share one batch cache, so a service-wide listing (IAM's
    // GetAccountAuthorizationDetails) is read once per observe() call.
    std::map<std::string, std::vector<std::string>> by_service;  // "iam" -> kinds
    for (const auto& [kind, _] : by_kind) {
      std::string rest = kind.substr(kind.find('.') + 1);
      by_service[rest.substr(0, rest.find('.'))].push_back(kind);
    }
    std::vector<std::pair<std::string, std::vector<std::string>>> groups(by_service.begin(),
                                                                          by_service.end());
    std::vector<Status> errors(groups.size());
    auto read_group = [&](size_t g) {
      AwsContext::ObserveBatch cache;
      cache.kinds.insert(groups[g].second.begin(), groups[g].second.end());
      AwsContext ctx = ctx_;
      ctx.batch = &cache;
      for (const auto& kind : groups[g].second) {
        const auto& idx = by_kind[kind];
        std::vector<ObserveItem> batch = batch_of(idx);
        auto obs = Handler(kind)->ObserveBulk(ctx, batch);
        if (!obs.ok()) {
          errors[g] = obs.status();
          return;
        }
        if (obs->size() != batch.size()) {
          errors[g] = Status::Internal("aws: " + kind + " observed " +
                                       std::to_string(obs->size()) + " of " +
                                       std::to_string(batch.size()) + " items");
          return;
        }
        for (size_t k = 0; k < idx.size(); ++k) out[idx[k]] = std::move((*obs)[k]);
      }
    };
    std::vector<std::thread> threads;
    for (size_t g = 1; g < groups.size(); ++g) threads.emplace_back(read_group, g);
    if (!groups.empty()) read_group(0);
    for (auto& t : threads) t.join();
    for (const auto& e : errors) {
      if (!e.ok()) return e;
    }
    return out;
  }

  // Per-resource: one read per item on 10 threads, like Terraform's refresh.
  for (const auto& [kind, idx] : by_kind) {
    KindHandler* h = Handler(kind);
    std::atomic<size_t> next{0};
    std::mutex mu;
    Status first_error;
    auto worker = [&] {
      for (size_t k = next++; k < idx.size(); k = next++) {
        auto o = h->ObserveOne(ctx_, items[idx[k]]);
        std::lock_guard<std::mutex> l(mu);
        if (!o.ok()) {
          if (first_error.ok()) first_error = o.status();
          continue;
        }
        out[idx[k]] = std::move(o).value();
      }
    };
    std::vector<std::thread> pool;
    for (size_t t = 0; t < std::min<size_t>(10, idx.size()); ++t) pool.emplace_back(worker);
    for (auto& t : pool) t.join();
    if (!first_error.ok()) return first_error;
  }
  return out;
}

template <typename T>
Result<T> AwsProvider::WithPropagationRetry(KindHandler* h, const std::string& what,
                                            const std::function<Result<T>()>& call) {
  // Bounded both by the clock and by the time slept, so a clock that does not move (tests)
  // cannot make this loop forever.
  auto deadline = ctx_.clock->Now() + ctx_.propagation_timeout;
  std::chrono::milliseconds wait{500};
  std::chrono::milliseconds slept{0};
  while (true) {
    Result<T> r = call();
    if (r.ok() || !h->IsPropagationDelay(r.status()) || ctx_.clock->Now() + wait > deadline ||
        slept + wait > ctx_.propagation_timeout) {
      return r;
    }
    // A role or trust policy changed moments ago is not yet effective everywhere.
    spdlog::info("{}: waiting {} ms for IAM changes to propagate ({})", what, wait.count(),
                 r.status().message());
    ctx_.clock->SleepFor(wait);
    slept += wait;
    wait = std::min(wait * 2, std::chrono::milliseconds(8000));
  }
}

Result<ResourceResult> AwsProvider::create(const CreateRequest& request) {
  CW_RETURN_IF_ERROR(EnsureConfigured());
  KindHandler* h = Handler(request.address.kind);
  if (h == nullptr) return Status::InvalidArgument("aws: unknown kind " + request.address.kind);
  return WithPropagationRetry<ResourceResult>(h, "create " + request.address.str(),
                                              [&] { return h->Create(ctx_, request); });
}

Result<ResourceResult> AwsProvider::update(const UpdateRequest& request) {
  CW_RETURN_IF_ERROR(EnsureConfigured());
  KindHandler* h = Handler(request.address.kind);
  if (h == nullptr) return Status::InvalidArgument("aws: unknown kind " + request.address.kind);
  return WithPropagationRetry<ResourceResult>(h, "update " + request.address.str(),
                                              [&] { return h->Update(ctx_, request); });
}

Status AwsProvider::remove(const DeleteRequest& request) {
  CW_RETURN_IF_ERROR(EnsureConfigured());
  KindHandler* h = Handler(request.address.kind);
  if (h == nullptr) return Status::InvalidArgument("aws: unknown kind " + request.address.kind);
  return h->Delete(ctx_, request);
}

Result<std::vector<Observation>> AwsProvider::list(const ListRequest& request) {
  CW_RETURN_IF_ERROR(EnsureConfigured());
  KindHandler* h = Handler(request.kind);
  if (h == nullptr) return Status::InvalidArgument("aws: unknown kind " + request.kind);
  return h->List(ctx_, request);
}

}  // namespace causeway::aws
