// ForEachInParallel: runs fn(0..n-1) on up to `threads` threads, for bulk observes that read one
// list per container (a list of tables per schema, a permissions GET per securable): at cloud
// latency the lists of a hundred containers read one after another take seconds, ten at a time a
// tenth of that. Returns the first error (the others still run to completion, so nothing is left
// half-read); an exception in `fn` becomes an Internal error, so none escapes a worker thread.
// Thread-safety: `fn` is called from several threads at once.
#pragma once

#include <algorithm>
#include <atomic>
#include <exception>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

#include "reconciler/core/status.h"

namespace causeway::kit {

inline Status ForEachInParallel(size_t n, size_t threads, const std::function<Status(size_t)>& fn) {
  std::atomic<size_t> next{0};
  std::mutex mu;
  Status first = Status::Ok();
  auto worker = [&] {
    for (size_t i = next++; i < n; i = next++) {
      Status s;
      try {
        s = fn(i);
      } catch (const std::exception& e) {
        s = Status::Internal(std::string("unexpected error (") + e.what() + "); please report it");
      }
      if (!s.ok()) {
        std::lock_guard<std::mutex> lock(mu);
        if (first.ok()) first = s;
      }
    }
  };
  const size_t count = std::min(n, std::max<size_t>(threads, 1));
  if (count <= 1) {
    worker();
    return first;
  }
  std::vector<std::thread> pool;
  pool.reserve(count);
  for (size_t t = 0; t < count; ++t) pool.emplace_back(worker);
  for (auto& t : pool) t.join();
  return first;
}

}  // namespace causeway::kit
