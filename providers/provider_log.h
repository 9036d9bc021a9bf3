// ProviderLog: how a provider reports progress (waiting for IAM propagation, a crawler still
// running, a retried request) without owning the terminal or a global logger. The CLI gives each
// provider one (Provider::set_log); tests give a recording one. Messages never carry secrets.
// Thread-safety: implementations are called from many threads at once.
#pragma once

#include <string>

namespace causeway {

class ProviderLog {
 public:
  enum class Level { kDebug, kInfo, kWarning };
  virtual ~ProviderLog() = default;
  virtual void Log(Level level, const std::string& message) = 0;

  void Debug(const std::string& m) { Log(Level::kDebug, m); }
  void Info(const std::string& m) { Log(Level::kInfo, m); }
  void Warning(const std::string& m) { Log(Level::kWarning, m); }
};

// Drops everything: the log of a provider nobody gave one.
inline ProviderLog* NullProviderLog() {
  class Null : public ProviderLog {
    void Log(Level, const std::string&) override {}
  };
  static Null log;
  return &log;
}

}  // namespace causeway
