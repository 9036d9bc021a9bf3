// FindingLines: what a provider's undeclared() found, one sorted line per finding
// ("container | address | summary | privilege|object"), for tests that compare findings as text.
// A failed call adds a test failure and gives no lines.
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "providers/provider.h"

namespace causeway::testing {

inline std::vector<std::string> FindingLines(Provider& provider,
                                             const std::vector<ObserveItem>& managed) {
  auto found = provider.undeclared(managed);
  EXPECT_TRUE(found.ok()) << found.status().ToString();
  std::vector<std::string> out;
  if (!found.ok()) return out;
  for (const auto& u : *found) {
    out.push_back(u.container.str() + " | " + u.address.str() + " | " + u.summary +
                  (u.privilege ? " | privilege" : " | object"));
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace causeway::testing
