// AddDefaultServices: registers the built-in emulators that are compiled in.
#include "sandbox/default_services.h"

#include "sandbox/aws/iam/iam_service.h"
#include "sandbox/aws/iam/sts_service.h"
#if __has_include("sandbox/aws/s3/s3_service.h")
#include "sandbox/aws/s3/s3_service.h"
#define CAUSEWAY_SANDBOX_HAS_S3 1
#endif
#if __has_include("sandbox/aws/glue/glue_service.h")
#include "sandbox/aws/glue/glue_service.h"
#define CAUSEWAY_SANDBOX_HAS_GLUE 1
#endif
#if __has_include("sandbox/aws/lakeformation/lakeformation_service.h")
#include "sandbox/aws/lakeformation/lakeformation_service.h"
#define CAUSEWAY_SANDBOX_HAS_LAKEFORMATION 1
#endif
#if __has_include("sandbox/aws/athena/athena_service.h")
#include "sandbox/aws/athena/athena_service.h"
#define CAUSEWAY_SANDBOX_HAS_ATHENA 1
#endif

namespace causeway::sandbox {

void AddDefaultServices(SandboxServer* server) {
  server->AddService(NewIamService());
  server->AddService(NewStsService());
#ifdef CAUSEWAY_SANDBOX_HAS_S3
  server->AddService(NewS3Service());
#endif
#ifdef CAUSEWAY_SANDBOX_HAS_GLUE
  server->AddService(NewGlueService());
#endif
#ifdef CAUSEWAY_SANDBOX_HAS_LAKEFORMATION
  server->AddService(NewLakeFormationService());
#endif
#ifdef CAUSEWAY_SANDBOX_HAS_ATHENA
  server->AddService(NewAthenaService());
#endif
}

}  // namespace causeway::sandbox
