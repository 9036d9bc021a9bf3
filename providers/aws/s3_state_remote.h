// S3StateRemote: the state shared through one object in S3 or any S3-compatible store (the
// `s3://BUCKET/KEY` form of --state-remote); see reconciler/state/state_remote.h for the contract.
// Every write is conditional, so that two runners never overwrite each other:
// - Push() PUTs the local state file with If-Match on the ETag the last Pull or Push saw, or with
//   If-None-Match: * when the object did not exist (the first write). A 412 PreconditionFailed
//   (or 409 ConditionalRequestConflict) means someone else wrote in between: Conflict, and the
//   local commit is kept.
// - Pull() GETs the object and commits it verbatim into the local repository when it is newer
//   (StateStore::Adopt). Which local commits were already pushed is recorded beside the state
//   repository in `remote-sync.json` (serial and ETag of the last exchange), so a local save
//   whose push failed is pushed later when the remote has not moved, and refused when it has.
// - The lock is the object KEY.lock, created with If-None-Match: * and holding the lock record;
//   released with a DELETE conditional on its ETag (If-Match), so a lock someone else took after
//   a force-unlock is never removed by the old holder.
// - History: with versioning on the bucket, every Push is an object version (S3 keeps them);
//   the local repository's commits are the history on each machine.
// Credentials: AWS's usual chain (environment, shared files, profile from the URL), or the keys
// given with an explicit endpoint (the sandbox). Never logged or written.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "providers/aws/aws_client.h"
#include "providers/http/http_client.h"
#include "reconciler/state/state_remote.h"
#include "reconciler/state/state_store.h"

namespace causeway::aws {

// s3://BUCKET/KEY[?region=R&endpoint=URL&profile=P]
struct S3RemoteLocation {
  std::string bucket;
  std::string key;
  std::string region;    // "" = the credential chain's region (AWS_REGION, profile), us-east-1
  std::string endpoint;  // "" = AWS; "sandbox" = the local sandbox; else an http(s) base URL
  std::string profile;   // "" = AWS_PROFILE / default
  std::string url;       // as given
};

bool IsS3RemoteUrl(const std::string& url);
// InvalidArgument saying what is wrong and the expected form.
Result<S3RemoteLocation> ParseS3RemoteUrl(const std::string& url);

struct S3RemoteOptions {
  S3RemoteLocation location;
  StateStore* store = nullptr;  // the local state repository (opened); not owned
  std::string dir;              // its directory (where remote-sync.json lives)
  // Keys to sign with instead of the credential chain (the sandbox's test keys).
  std::optional<Credentials> credentials;
  HttpClient* http = nullptr;  // nullptr: libcurl
};

class S3StateRemote : public StateRemote {
 public:
  // Resolves credentials and the endpoint; contacts nothing.
  static Result<std::unique_ptr<S3StateRemote>> Open(S3RemoteOptions options);

  std::string url() const override { return options_.location.url; }
  Status Pull() override;
  Status Push() override;
  Status Lock(const LockInfo& info) override;
  Status Unlock(const std::string& id) override;
  Status ForceUnlock(const std::string& id) override;
  Result<LockInfo> ReadLock() override;

 private:
  S3StateRemote(S3RemoteOptions options, std::unique_ptr<HttpClient> owned_http,
                std::unique_ptr<AwsClient> client);

  struct Object {
    bool exists = false;
    std::string body;
    std::string etag;
  };
  Result<Object> Get(const std::string& key, const std::string& operation);
  // The ETag the object now has.
  Result<std::string> Put(const std::string& key, const std::string& body,
                          const std::string& if_match, const std::string& operation);
  Status RecordSync(uint64_t serial, const std::string& etag);
  // Serial and ETag of the last exchange with this remote, nullopt when none is recorded.
  std::optional<std::pair<uint64_t, std::string>> ReadSync() const;
  std::string ObjectUrl(const std::string& key) const;
  std::string LockKey() const { return options_.location.key + ".lock"; }

  S3RemoteOptions options_;
  std::unique_ptr<HttpClient> owned_http_;
  std::unique_ptr<AwsClient> client_;
  // The ETag of the shared object as this process last saw it ("" = it did not exist).
  std::string etag_;
  bool seen_ = false;  // Pull ran
};

}  // namespace causeway::aws
