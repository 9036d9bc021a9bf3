// The AWS provider's kinds: each is a kit::KindHandler over AwsContext (providers/kit/), with
// AWS's default for "a change has not propagated yet". The provider (aws_provider.h) owns
// configuration, credentials and the client; each service's handlers are listed by its
// Make*Handlers() function.
// Thread-safety: handlers are called from several threads at once; keep them stateless.
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "providers/aws/aws_client.h"
#include "providers/kit/attribute_table.h"
#include "providers/kit/kind_handler.h"
#include "providers/provider.h"

namespace causeway::aws {

struct AwsContext {
  AwsClient* client = nullptr;
  std::string region;
  std::string account_id;  // of the caller (STS GetCallerIdentity), for ARNs
  Clock* clock = nullptr;
  ProviderLog* log = nullptr;  // never null once configured
};

using kit::Missing;
using kit::ObserveBatch;

class KindHandler : public kit::KindHandler<AwsContext> {
 public:
  // AWS's default: AccessDenied-style failures that mention assuming a role (Glue's "Service is
  // unable to assume role" right after the role was created).
  bool IsPropagationDelay(const Status& status) const override;
};

using KindHandlers = kit::KindHandlers<AwsContext>;

// One function per service; each returns the handlers of its kinds.
KindHandlers MakeIamHandlers();
KindHandlers MakeS3Handlers();
KindHandlers MakeGlueHandlers();
KindHandlers MakeLakeFormationHandlers();
KindHandlers MakeAthenaHandlers();
KindHandlers MakeSfnHandlers();  // sfn_state_machine_kind.cc
KindHandlers MakeLambdaHandlers();  // lambda_common.cc
KindHandlers MakeS3TablesHandlers();

}  // namespace causeway::aws
