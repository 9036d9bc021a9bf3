// Lambda deployment packages: a local .zip file read as is, or a directory packaged by Causeway
// into a deterministic zip (libzip) — entries sorted by path, every timestamp fixed at
// 1980-01-01 00:00 (the zip epoch), permissions reduced to 0644 / 0755 (the owner's execute bit
// kept, for `bootstrap` of custom runtimes), deflate — so the same directory always gives the same
// bytes and hence the same CodeSha256. LambdaCodeSha256 is what Lambda reports for a package:
// base64 of the raw SHA-256 of the zip bytes.
// Thread-safety: free functions.
#pragma once

#include <string>

#include "reconciler/core/status.h"

namespace causeway::aws {

// The zip bytes of `path`: the file itself when it is a regular file (it must be a zip archive),
// a deterministic zip of its files when it is a directory. NotFound / InvalidArgument / IOError
// name the path.
Result<std::string> LambdaPackage(const std::string& path);

// base64(SHA-256(zip)), as Lambda's CodeSha256.
std::string LambdaCodeSha256(const std::string& zip);
// The zip as CreateFunction's Code.ZipFile carries it in JSON: base64.
std::string LambdaZipFileMember(const std::string& zip);

}  // namespace causeway::aws
