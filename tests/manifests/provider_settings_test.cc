// The providers document is checked against each provider's settings schema: unknown providers
// and settings (with suggestions), wrong types and refused values, at file:line:column.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "manifests/loader.h"

namespace causeway {
namespace {

ProviderSettingsSchemas Settings() {
  ProviderSettingsSchema cloud;
  cloud.kind = "cloud";
  AttributeSchema region;
  region.name = "region";
  AttributeSchema mode;
  mode.name = "refresh_mode";
  mode.check = [](const Value& v) -> std::string {
    return v == Value("bulk") || v == Value("per-resource") ? "" : "bulk or per-resource";
  };
  AttributeSchema timeout;
  timeout.name = "timeout_seconds";
  timeout.type = AttrType::kInteger;
  AttributeSchema role;
  role.name = "assume_role";
  role.type = AttrType::kObject;
  AttributeSchema arn;
  arn.name = "role_arn";
  arn.required = true;
  role.fields = {arn};
  cloud.attributes = {region, mode, timeout, role};
  ProviderSettingsSchema unchecked;  // a provider that declares nothing
  return {{"cloud", cloud}, {"loose", unchecked}};
}

std::vector<std::string> Errors(const std::string& spec) {
  LoadOptions options;
  options.provider_settings = Settings();
  LoadResult r = LoadManifestFiles({{"p.yaml", "kind: providers\nspec:\n" + spec}}, {}, options);
  std::vector<std::string> out;
  for (const auto& d : r.diagnostics) out.push_back(d.str());
  return out;
}

TEST(ProviderSettingsTest, AValidBlockPasses) {
  EXPECT_EQ(Errors("  cloud: {region: eu-west-1, refresh_mode: bulk, timeout_seconds: 30,\n"
                   "          assume_role: {role_arn: 'arn:aws:iam::1:role/x'}}\n"
                   "  loose: {anything: [1, 2]}\n"),
            std::vector<std::string>{});
}

TEST(ProviderSettingsTest, ProblemsAreLocatedWithSuggestions) {
  EXPECT_EQ(Errors("  cloud:\n"
                   "    regoin: eu-west-1\n"
                   "    refresh_mode: fast\n"
                   "    timeout_seconds: soon\n"
                   "    assume_role: {}\n"
                   "  clod: {}\n"),
            (std::vector<std::string>{
                "p.yaml:4:5: unknown setting 'regoin' for providers.cloud; did you mean "
                "'region'?",
                "p.yaml:5:19: invalid value for setting 'refresh_mode' of providers.cloud: "
                "\"fast\"; expected bulk or per-resource",
                "p.yaml:6:22: wrong type for setting 'timeout_seconds' of providers.cloud: "
                "expected integer, got string",
                "p.yaml:7:5: missing required field 'role_arn' in assume_role of providers.cloud",
                "p.yaml:8:3: no provider named 'clod'; did you mean 'cloud'?",
            }));
}

}  // namespace
}  // namespace causeway
