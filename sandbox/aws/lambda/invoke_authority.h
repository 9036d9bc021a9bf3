// LambdaInvokeAuthority: what the S3 emulator asks the Lambda emulator when a bucket notification
// names a Lambda destination — does the function exist, and does its resource policy let a
// service principal invoke it from a source? The Lambda service implements it; S3 reaches it with
//   auto* lambda = dynamic_cast<LambdaInvokeAuthority*>(context.FindService("lambda"));
// so S3 depends on this interface only, not on the Lambda emulator.
// Thread-safety: called under the server's dispatch lock, like the services themselves.
#pragma once

#include <string>

namespace causeway::sandbox {

class LambdaInvokeAuthority {
 public:
  virtual ~LambdaInvokeAuthority() = default;
  // "" when the function named by `function_arn` exists and its resource policy allows
  // `service_principal` (e.g. "s3.amazonaws.com") lambda:InvokeFunction with aws:SourceArn
  // `source_arn` and aws:SourceAccount `source_account`; otherwise why not, for a message.
  virtual std::string WhyCannotInvoke(const std::string& function_arn,
                                      const std::string& service_principal,
                                      const std::string& source_arn,
                                      const std::string& source_account) const = 0;
};

}  // namespace causeway::sandbox
