// The admin key file.
#include "sandbox/snowflake/auth/admin_key_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <mutex>
#include <sstream>

#include "sandbox/snowflake/auth/rsa_keys.h"

namespace causeway::sandbox::snowflake {

namespace {

Result<std::string> ProcessKey() {
  static std::mutex mu;
  static std::string pem;
  std::lock_guard<std::mutex> lock(mu);
  if (pem.empty()) {
    auto generated = GenerateRsaPrivateKeyPem();
    if (!generated.ok()) return generated.status();
    pem = *generated;
  }
  return pem;
}

Status WriteKey(int fd, const std::string& path, const std::string& pem) {
  const ssize_t n = write(fd, pem.data(), pem.size());
  close(fd);
  if (n != static_cast<ssize_t>(pem.size())) {
    return Status::IOError("could not write the Snowflake admin key to " + path);
  }
  return Status::Ok();
}

}  // namespace

Result<AdminKey> LoadOrCreateAdminKey(const std::string& state_dir) {
  AdminKey key;
  if (state_dir.empty()) {
    auto pem = ProcessKey();
    if (!pem.ok()) return pem.status();
    std::string pattern =
        (std::filesystem::temp_directory_path() / "causeway-snowflake-key-XXXXXX").string();
    const int fd = mkstemp(pattern.data());
    if (fd < 0) return Status::IOError("could not create a temporary Snowflake key file");
    fchmod(fd, 0600);
    CW_RETURN_IF_ERROR(WriteKey(fd, pattern, *pem));
    key.private_pem = *pem;
    key.path = pattern;
    key.temporary = true;
  } else {
    const std::filesystem::path dir =
        (std::filesystem::absolute(state_dir) / "snowflake").lexically_normal();
    key.path = (dir / "sandbox_admin_key.p8").string();
    std::ifstream in(key.path);
    if (in) {
      std::stringstream text;
      text << in.rdbuf();
      key.private_pem = text.str();
    } else {
      std::error_code ec;
      std::filesystem::create_directories(dir, ec);
      if (ec) return Status::IOError("could not create " + dir.string() + ": " + ec.message());
      auto pem = ProcessKey();
      if (!pem.ok()) return pem.status();
      const int fd = open(key.path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
      if (fd < 0) return Status::IOError("could not create " + key.path);
      CW_RETURN_IF_ERROR(WriteKey(fd, key.path, *pem));
      key.private_pem = *pem;
    }
  }
  auto public_key = PublicKeyOfPrivatePem(key.private_pem);
  if (!public_key.ok()) {
    return Status::Corruption(key.path +
                              " does not hold a PEM private key; remove it to get a "
                              "new one");
  }
  key.public_key = *public_key;
  return key;
}

}  // namespace causeway::sandbox::snowflake
