// S3StateRemote: conditional PUTs of the state object, a lock object, and the sync record.
#include "providers/aws/s3_state_remote.h"

#include "providers/aws/assume_role.h"
#include "reconciler/core/filesystem.h"
#include "reconciler/core/json_reader.h"
#include "reconciler/state/state_json.h"

namespace causeway::aws {

namespace {

constexpr char kScheme[] = "s3://";
constexpr char kSyncFile[] = "/remote-sync.json";

bool IsConditionFailure(const Status& s) {
  const std::string& code = s.provider_code();
  return code == "PreconditionFailed" || code == "ConditionalRequestConflict";
}

}  // namespace

bool IsS3RemoteUrl(const std::string& url) { return url.rfind(kScheme, 0) == 0; }

Result<S3RemoteLocation> ParseS3RemoteUrl(const std::string& url) {
  auto bad = [&](const std::string& why) {
    return Status::InvalidArgument(
        "--state-remote " + url + ": " + why +
        "; expected s3://BUCKET/KEY[?region=REGION&endpoint=URL|sandbox&profile=PROFILE]");
  };
  if (!IsS3RemoteUrl(url)) return bad("not an s3:// URL");
  S3RemoteLocation loc;
  loc.url = url;
  std::string rest = url.substr(sizeof(kScheme) - 1);
  std::string query;
  if (auto q = rest.find('?'); q != std::string::npos) {
    query = rest.substr(q + 1);
    rest = rest.substr(0, q);
  }
  const auto slash = rest.find('/');
  if (slash == std::string::npos || slash == 0) return bad("no bucket and key");
  loc.bucket = rest.substr(0, slash);
  loc.key = rest.substr(slash + 1);
  if (loc.key.empty() || loc.key.back() == '/') return bad("no object key after the bucket");
  while (!query.empty()) {
    const auto amp = query.find('&');
    const std::string pair = query.substr(0, amp);
    query = amp == std::string::npos ? "" : query.substr(amp + 1);
    const auto eq = pair.find('=');
    const std::string name = pair.substr(0, eq);
    const std::string value = eq == std::string::npos ? "" : pair.substr(eq + 1);
    if (name == "region") {
      loc.region = value;
    } else if (name == "endpoint") {
      if (value != "sandbox" && value.rfind("http://", 0) != 0 && value.rfind("https://", 0) != 0) {
        return bad("endpoint must be sandbox or an http(s):// URL, not '" + value + "'");
      }
      loc.endpoint = value;
    } else if (name == "profile") {
      loc.profile = value;
    } else {
      return bad("unknown parameter '" + name + "'");
    }
  }
  return loc;
}

S3StateRemote::S3StateRemote(S3RemoteOptions options, std::unique_ptr<HttpClient> owned_http,
                             std::unique_ptr<AwsClient> client)
    : options_(std::move(options)),
      owned_http_(std::move(owned_http)),
      client_(std::move(client)) {}

Result<std::unique_ptr<S3StateRemote>> S3StateRemote::Open(S3RemoteOptions options) {
  if (options.store == nullptr) return Status::InvalidArgument("S3 state remote: no local store");
  std::unique_ptr<HttpClient> owned;
  AwsClientOptions co;
  co.http = options.http;
  if (co.http == nullptr) {
    owned = NewCurlHttpClient();
    co.http = owned.get();
  }
  const S3RemoteLocation& loc = options.location;
  if (!loc.endpoint.empty() && loc.endpoint != "sandbox") co.endpoints.all = loc.endpoint;
  if (options.credentials.has_value()) {
    co.credentials =
        std::make_shared<StaticCredentialProvider>(*options.credentials, "the sandbox's test keys");
    co.region = loc.region.empty() ? "us-east-1" : loc.region;
  } else {
    CredentialConfig cc;
    cc.profile = loc.profile;
    cc.region = loc.region;
    std::string region;
    auto provider = NewCredentialProvider(cc, ProcessEnv(), co, &region);
    if (!provider.ok()) return provider.status().WithContext("state remote " + loc.url);
    co.credentials = *provider;
    co.region = region.empty() ? "us-east-1" : region;
  }
  auto client = std::make_unique<AwsClient>(co);
  return std::unique_ptr<S3StateRemote>(
      new S3StateRemote(std::move(options), std::move(owned), std::move(client)));
}

std::string S3StateRemote::ObjectUrl(const std::string& key) const {
  return "s3://" + options_.location.bucket + "/" + key;
}

Result<S3StateRemote::Object> S3StateRemote::Get(const std::string& key,
                                                 const std::string& operation) {
  const std::string path =
      "/" + UriEncode(options_.location.bucket) + "/" + UriEncode(key, /*keep_slash=*/true);
  auto r = client_->RestXml("s3", operation, "GET", path, "", {}, "");
  Object out;
  if (!r.ok()) {
    if (r.status().provider_code() == "NoSuchKey") return out;
    return r.status().WithContext("reading " + ObjectUrl(key));
  }
  out.exists = true;
  out.body = std::move(r->body);
  out.etag = r->Header("etag");
  return out;
}

Result<std::string> S3StateRemote::Put(const std::string& key, const std::string& body,
                                       const std::string& if_match, const std::string& operation) {
  const std::string path =
      "/" + UriEncode(options_.location.bucket) + "/" + UriEncode(key, /*keep_slash=*/true);
  std::vector<std::pair<std::string, std::string>> headers = {{"content-type", "application/json"}};
  headers.emplace_back(if_match.empty() ? "if-none-match" : "if-match",
                       if_match.empty() ? "*" : if_match);
  // Not retried blindly: a retried conditional PUT whose first attempt landed would fail its
  // own condition. The caller reads the object again on a conflict instead.
  auto r = client_->RestXml("s3", operation, "PUT", path, "", headers, body,
                            Idempotency::kNotIdempotent);
  if (!r.ok()) return r.status();
  return r->Header("etag");
}

std::optional<std::pair<uint64_t, std::string>> S3StateRemote::ReadSync() const {
  auto text = RealFileSystem()->ReadFile(options_.dir + kSyncFile);
  if (!text.ok()) return std::nullopt;
  auto v = ParseJson(*text);
  if (!v.ok() || !v->is_object() || v->value("url", std::string()) != options_.location.url) {
    return std::nullopt;
  }
  return std::make_pair(v->value("serial", uint64_t{0}), v->value("etag", std::string()));
}

Status S3StateRemote::RecordSync(uint64_t serial, const std::string& etag) {
  Value v = Value::object();
  v["url"] = options_.location.url;
  v["serial"] = serial;
  v["etag"] = etag;
  return RealFileSystem()->WriteFileAtomic(options_.dir + kSyncFile, v.dump(2) + "\n", 0600);
}

Status S3StateRemote::Pull() {
  const std::string& key = options_.location.key;
  CW_ASSIGN_OR_RETURN(Object remote, Get(key, "GetObject"));
  seen_ = true;
  etag_ = remote.exists ? remote.etag : "";
  CW_ASSIGN_OR_RETURN(std::string local_text, options_.store->TipText());
  if (!remote.exists) {
    // A new remote: publish what we have, if anything.
    return local_text.empty() ? Status::Ok() : Push();
  }
  CW_ASSIGN_OR_RETURN(State shared, StateFromJson(remote.body));
  if (local_text.empty()) {
    auto adopted = options_.store->Adopt(
        remote.body, "pull: state serial " + std::to_string(shared.serial) + " from " + url());
    if (!adopted.ok()) return adopted.status();
    return RecordSync(shared.serial, remote.etag);
  }
  if (local_text == remote.body) return RecordSync(shared.serial, remote.etag);
  CW_ASSIGN_OR_RETURN(State local, StateFromJson(local_text));
  if (local.lineage != shared.lineage) {
    return Status::Conflict("the state in " + url() + " (lineage " + shared.lineage +
                            ") is not the state in the local repository " + options_.dir +
                            " (lineage " + local.lineage +
                            "): they belong to different stacks; point --state-remote at this "
                            "stack's object or use another --state-dir");
  }
  const auto sync = ReadSync();
  const bool remote_moved = !sync.has_value() || sync->second != remote.etag;
  const bool local_moved = !sync.has_value() || local.serial > sync->first;
  if (shared.serial > local.serial && !(local_moved && sync.has_value())) {
    auto adopted = options_.store->Adopt(
        remote.body, "pull: state serial " + std::to_string(shared.serial) + " from " + url());
    if (!adopted.ok()) return adopted.status();
    return RecordSync(shared.serial, remote.etag);
  }
  if (local.serial > shared.serial && !remote_moved) {
    return Push();  // an earlier save whose push failed; the remote has not moved since
  }
  return Status::Conflict(
      "the local state repository " + options_.dir + " (serial " + std::to_string(local.serial) +
      ") and " + url() + " (serial " + std::to_string(shared.serial) +
      ") have both moved (a save here could not be pushed, and someone else saved since): "
      "nothing was overwritten; compare them with `causeway state history` and the object's "
      "versions, then keep one (e.g. remove " +
      options_.dir + kSyncFile + " and the local repository to take the remote's)");
}

Status S3StateRemote::Push() {
  if (!seen_) CW_RETURN_IF_ERROR(Pull());
  CW_ASSIGN_OR_RETURN(std::string text, options_.store->TipText());
  if (text.empty()) return Status::Ok();
  CW_ASSIGN_OR_RETURN(State local, StateFromJson(text));
  auto etag = Put(options_.location.key, text, etag_, "PutObject");
  if (!etag.ok()) {
    if (IsConditionFailure(etag.status()) || etag.status().provider_code() == "NoSuchKey") {
      return Status::Conflict(
          "the state in " + url() +
          " moved since it was read: someone else applied or edited the state in between. Your "
          "change is committed in the local state repository " +
          options_.dir + " (serial " + std::to_string(local.serial) +
          ") and nothing is lost; compare the two with `causeway state history`, then reconcile "
          "(" +
          etag.status().message() + ")");
    }
    return etag.status().WithContext("writing the state to " + url());
  }
  etag_ = *etag;
  return RecordSync(local.serial, etag_);
}

Result<LockInfo> S3StateRemote::ReadLock() {
  CW_ASSIGN_OR_RETURN(Object lock, Get(LockKey(), "GetObject"));
  if (!lock.exists) return Status::NotFound("the remote state " + url() + " is not locked");
  return LockInfo::FromJson(lock.body, "(the object " + ObjectUrl(LockKey()) + ")");
}

Status S3StateRemote::Lock(const LockInfo& info) {
  auto put = Put(LockKey(), info.ToJson(), "", "PutObject");
  if (put.ok()) return Status::Ok();
  if (!IsConditionFailure(put.status())) {
    return put.status().WithContext("taking the lock " + ObjectUrl(LockKey()));
  }
  auto holder = ReadLock();
  if (holder.ok()) {
    return Status::Conflict("the state on " + url() + " is locked: " + holder->str() +
                            ". If that process is gone, `causeway force-unlock " + holder->id +
                            "` releases it");
  }
  return Status::Conflict("the state on " + url() + " is locked by someone else");
}

namespace {

// DELETE KEY only while its ETag is still `etag` (a lock re-taken meanwhile stays).
Status DeleteIfMatch(AwsClient* client, const std::string& bucket, const std::string& key,
                     const std::string& etag) {
  const std::string path = "/" + UriEncode(bucket) + "/" + UriEncode(key, /*keep_slash=*/true);
  auto r = client->RestXml("s3", "DeleteObject", "DELETE", path, "", {{"if-match", etag}}, "",
                           Idempotency::kIdempotent);
  if (r.ok() || r.status().provider_code() == "NoSuchKey" ||
      r.status().provider_code() == "PreconditionFailed") {
    return Status::Ok();
  }
  return r.status();
}

}  // namespace

Status S3StateRemote::Unlock(const std::string& id) {
  CW_ASSIGN_OR_RETURN(Object lock, Get(LockKey(), "GetObject"));
  if (!lock.exists) return Status::Ok();
  auto holder = LockInfo::FromJson(lock.body, "(the object " + ObjectUrl(LockKey()) + ")");
  if (!holder.ok() || holder->id != id) return Status::Ok();  // not ours any more
  return DeleteIfMatch(client_.get(), options_.location.bucket, LockKey(), lock.etag);
}

Status S3StateRemote::ForceUnlock(const std::string& id) {
  CW_ASSIGN_OR_RETURN(Object lock, Get(LockKey(), "GetObject"));
  if (!lock.exists) return Status::NotFound("the remote state " + url() + " is not locked");
  CW_ASSIGN_OR_RETURN(LockInfo holder,
                      LockInfo::FromJson(lock.body, "(the object " + ObjectUrl(LockKey()) + ")"));
  if (holder.id != id) {
    return Status::InvalidArgument("the remote lock is " + holder.str() + ", not " + id);
  }
  return DeleteIfMatch(client_.get(), options_.location.bucket, LockKey(), lock.etag);
}

}  // namespace causeway::aws
