// AwsService: operation names by wire protocol.
#include "sandbox/aws/aws_service.h"

namespace causeway::sandbox {

std::string AwsService::OperationName(const SandboxRequest& request) const {
  switch (protocol()) {
    case AwsProtocol::kJson: {
      std::string target = request.Header("x-amz-target");
      auto dot = target.rfind('.');
      return dot == std::string::npos ? "" : target.substr(dot + 1);
    }
    case AwsProtocol::kQuery:
      return request.Param("Action");
    case AwsProtocol::kRestJson: {
      std::string path = request.path;
      while (!path.empty() && path.back() == '/') path.pop_back();
      auto slash = path.rfind('/');
      return slash == std::string::npos ? path : path.substr(slash + 1);
    }
    case AwsProtocol::kRestXml:
      return "";
  }
  return "";
}

}  // namespace causeway::sandbox
