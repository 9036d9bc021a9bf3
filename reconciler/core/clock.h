// Clock: the seam for time (timestamps in state, lock records and journal, retry back-off).
// Tests use a manual clock. Thread-safety: implementations are thread-safe.
#pragma once

#include <chrono>
#include <string>

namespace causeway {

class Clock {
 public:
  virtual ~Clock() = default;
  virtual std::chrono::system_clock::time_point Now() = 0;
  virtual void SleepFor(std::chrono::milliseconds d) = 0;
};

Clock* RealClock();

// "2026-11-26T14:27:52Z"
std::string FormatUtc(std::chrono::system_clock::time_point t);

}  // namespace causeway
