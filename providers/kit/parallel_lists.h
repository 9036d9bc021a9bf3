// ListInParallel: a provider's list() for each of `calls`, on up to `threads` threads
// (ForEachInParallel), for what reads one listing per container (security drift: the tables of
// each managed schema, the grants of each managed securable). The first error names the call.
// Thread-safety: the provider's list() must be callable from several threads at once.
#pragma once

#include <vector>

#include "providers/kit/parallel.h"
#include "providers/provider.h"

namespace causeway::kit {

inline Result<std::vector<std::vector<Observation>>> ListInParallel(
    Provider& provider, const std::vector<ListRequest>& calls, size_t threads) {
  std::vector<std::vector<Observation>> listed(calls.size());
  CW_RETURN_IF_ERROR(ForEachInParallel(calls.size(), threads, [&](size_t i) -> Status {
    auto r = provider.list(calls[i]);
    if (!r.ok()) {
      return r.status().WithContext("listing " + calls[i].kind + " " + calls[i].scope.dump());
    }
    listed[i] = std::move(r).value();
    return Status::Ok();
  }));
  return listed;
}

}  // namespace causeway::kit
