// The aws.s3.bucket_notification (s3_notification_kind.cc) and aws.s3.object (s3_object_kind.cc)
// kinds, listed with the S3 handlers by MakeS3Handlers().
#pragma once

#include <memory>

#include "providers/aws/kind_handler.h"

namespace causeway::aws {

std::unique_ptr<KindHandler> NewBucketNotificationHandler();
std::unique_ptr<KindHandler> NewObjectHandler();

}  // namespace causeway::aws
