// The aws.s3.bucket_notification kind (s3_notification_kind.cc), listed with the S3 handlers by
// MakeS3Handlers().
#pragma once

#include <memory>

#include "providers/aws/kind_handler.h"

namespace causeway::aws {

std::unique_ptr<KindHandler> NewBucketNotificationHandler();

}  // namespace causeway::aws
