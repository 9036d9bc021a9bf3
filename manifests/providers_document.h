// Interpreting the `providers` document: its spec maps a provider name to that provider's
// configuration block. Variables are substituted; resource references are refused (providers
// are configured before any resource exists); and keys that would hold a literal secret
// (secret_access_key, password, token, private_key, secret, or names ending in them) are refused
// and left out of the result, since a manifest lives in git: the block must name an environment
// variable (`<key>_env`) or a file (`<key>_file`) instead. Secret values never appear in
// messages. Each block is checked against its provider's settings schema like a resource's spec
// (unknown settings with a suggestion, types, value checks). Thread-safety: pure functions.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "manifests/document.h"
#include "manifests/manifest.h"
#include "manifests/vars.h"
#include "providers/schema.h"

namespace causeway {

// True if a provider-block key names a literal secret ("password", "session_token"), false
// for references to one ("password_env", "private_key_file", "profile").
bool IsLiteralSecretKey(const std::string& key);

// Adds each provider block of `doc` to `providers`, checking it against `settings` (see
// LoadOptions::provider_settings; empty: unchecked).
void ParseProvidersDocument(const RawDocument& doc, const VarTable& vars,
                            const ProviderSettingsSchemas& settings,
                            std::map<std::string, Value>* providers,
                            std::vector<Diagnostic>* diagnostics);

}  // namespace causeway
