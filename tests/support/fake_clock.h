// FakeClock: the one manual clock of the tests. Now() moves only through Advance(), Set() or
// SleepFor(); SleepFor() records every sleep and, unless told otherwise, advances the clock by it.
// Tests that sign requests to the sandbox start it at the real time (the default) so signatures
// stay within the server's skew window, and keep sleeps from moving it (kSleepsDoNotAdvance).
// Thread-safety: every method is safe to call from several threads.
#pragma once

#include <chrono>
#include <ctime>
#include <mutex>
#include <vector>

#include "reconciler/core/clock.h"

namespace causeway::testing {

class FakeClock : public Clock {
 public:
  enum SleepMode { kSleepsAdvance, kSleepsDoNotAdvance };

  explicit FakeClock(std::chrono::system_clock::time_point start = std::chrono::system_clock::now(),
                     SleepMode mode = kSleepsAdvance)
      : now_(start), mode_(mode) {}
  explicit FakeClock(SleepMode mode) : FakeClock(std::chrono::system_clock::now(), mode) {}
  // A clock at a fixed instant, given as seconds since the epoch.
  static std::chrono::system_clock::time_point At(std::time_t seconds) {
    return std::chrono::system_clock::from_time_t(seconds);
  }

  std::chrono::system_clock::time_point Now() override {
    std::lock_guard<std::mutex> lock(mu_);
    return now_;
  }
  void SleepFor(std::chrono::milliseconds d) override {
    std::lock_guard<std::mutex> lock(mu_);
    sleeps_.push_back(d);
    if (mode_ == kSleepsAdvance) now_ += d;
  }
  void Advance(std::chrono::milliseconds d) {
    std::lock_guard<std::mutex> lock(mu_);
    now_ += d;
  }
  void Set(std::chrono::system_clock::time_point t) {
    std::lock_guard<std::mutex> lock(mu_);
    now_ = t;
  }
  std::vector<std::chrono::milliseconds> sleeps() const {
    std::lock_guard<std::mutex> lock(mu_);
    return sleeps_;
  }
  // The sum of every sleep so far.
  std::chrono::milliseconds slept() const {
    std::lock_guard<std::mutex> lock(mu_);
    std::chrono::milliseconds total{0};
    for (auto d : sleeps_) total += d;
    return total;
  }

 private:
  mutable std::mutex mu_;
  std::chrono::system_clock::time_point now_;
  SleepMode mode_;
  std::vector<std::chrono::milliseconds> sleeps_;
};

}  // namespace causeway::testing
