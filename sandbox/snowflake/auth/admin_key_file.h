// The sandbox admin's key pair on disk: <state_dir>/snowflake/sandbox_admin_key.p8 (unencrypted
// PKCS#8 PEM, mode 0600), generated when missing and kept across restarts; without a state
// directory, a temporary file the caller removes. Clients (the provider, snowflake-sdk, the
// fidelity test) sign their JWTs with it; `causeway sandbox status --json` lists its path.
// Generating a 2048-bit key costs tens of milliseconds, so a process reuses the key it generated
// first for every new file (tests start many sandboxes).
// Thread-safety: thread-safe.
#pragma once

#include <string>

#include "reconciler/core/status.h"

namespace causeway::sandbox::snowflake {

struct AdminKey {
  std::string private_pem;
  std::string public_key;  // RSA_PUBLIC_KEY form (base64 DER)
  std::string path;        // absolute
  bool temporary = false;  // a temp file the owner removes
};

// Reads the key at <state_dir>/snowflake/sandbox_admin_key.p8, or writes a new one there (or in
// a temp file when `state_dir` is empty).
Result<AdminKey> LoadOrCreateAdminKey(const std::string& state_dir);

}  // namespace causeway::sandbox::snowflake
