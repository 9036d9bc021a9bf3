// KindHandler: how the AWS provider manages one kind (aws.iam.role, aws.s3.bucket, ...). The
// provider (aws_provider.h) owns configuration, credentials, the client and the refresh mode, and
// dispatches to one handler per kind. Handlers follow the provider contract (providers/provider.h):
// observe never mutates, create adopts an existing object with the same natural key, delete of a
// missing object succeeds, errors name the object and never carry secrets.
// Each service's handlers live in one file (iam_kinds.cc, s3_kinds.cc, glue_kinds.cc,
// lakeformation_kinds.cc, athena_kinds.cc) and are listed by its Make*Handlers() function.
// Thread-safety: handlers are called from several threads at once; keep them stateless.
#pragma once

#include <chrono>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "providers/aws/aws_client.h"
#include "providers/provider.h"

namespace causeway::aws {

struct AwsContext {
  AwsClient* client = nullptr;
  std::string region;
  std::string account_id;  // of the caller (STS GetCallerIdentity), for ARNs
  Clock* clock = nullptr;
  // How long a step that fails because a just-changed IAM role is not yet effective ("cannot
  // assume role", AccessDenied) is retried, with backoff, before giving up.
  std::chrono::milliseconds propagation_timeout{60000};
  // Set only while one bulk observe() runs (null otherwise): the kinds in that batch and a
  // scratch cache, so that the kinds of one service can share one service-wide listing (IAM's
  // GetAccountAuthorizationDetails serves roles, inline policies, managed policies and
  // attachments). Keys are "<service>:<what>". Used only by the thread running that observe().
  struct ObserveBatch {
    std::set<std::string> kinds;
    std::map<std::string, std::shared_ptr<void>> cache;
  };
  ObserveBatch* batch = nullptr;
};

class KindHandler {
 public:
  virtual ~KindHandler() = default;
  virtual KindSchema Schema() const = 0;
  // Bulk mode: reads every item in as few requests as the service allows (one paginated list per
  // container, plus the calls a list cannot replace). Observations in the order of `items`.
  virtual Result<std::vector<Observation>> ObserveBulk(AwsContext& ctx,
                                                       const std::vector<ObserveItem>& items) = 0;
  // Per-resource mode (`--refresh-mode per-resource`, the way Terraform refreshes; the benchmark
  // baseline): reads one item with its Get* calls.
  virtual Result<Observation> ObserveOne(AwsContext& ctx, const ObserveItem& item) = 0;
  virtual Result<ResourceResult> Create(AwsContext& ctx, const CreateRequest& request) = 0;
  virtual Result<ResourceResult> Update(AwsContext& ctx, const UpdateRequest& request) = 0;
  virtual Status Delete(AwsContext& ctx, const DeleteRequest& request) = 0;
  virtual Result<std::vector<Observation>> List(AwsContext& ctx, const ListRequest& request) = 0;
  // True if `status` from Create/Update means "an IAM change has not propagated yet" and the
  // call should be retried within ctx.propagation_timeout (e.g. Glue's "Service is unable to
  // assume role"). Default: AccessDenied-style failures that mention a role.
  virtual bool IsPropagationDelay(const Status& status) const;
};

using KindHandlers = std::vector<std::unique_ptr<KindHandler>>;

// One function per service; each returns the handlers of its kinds.
KindHandlers MakeIamHandlers();
KindHandlers MakeS3Handlers();
KindHandlers MakeGlueHandlers();
KindHandlers MakeLakeFormationHandlers();
KindHandlers MakeAthenaHandlers();

}  // namespace causeway::aws
