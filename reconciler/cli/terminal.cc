// TTY detection, confirmation prompt and apply progress output.
#include "reconciler/cli/terminal.h"

#include <unistd.h>

#include <cstdlib>
#include <iostream>

namespace causeway {

TerminalOptions DetectTerminal(bool no_color_flag) {
  TerminalOptions t;
  t.stdout_tty = ::isatty(STDOUT_FILENO) == 1;
  t.stdin_tty = ::isatty(STDIN_FILENO) == 1;
  t.color = t.stdout_tty && !no_color_flag && std::getenv("NO_COLOR") == nullptr;
  return t;
}

std::string Printable(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if ((byte < 0x20 && c != '\n' && c != '\t') || byte == 0x7f) {
      char escaped[8];
      std::snprintf(escaped, sizeof(escaped), "\\u%04x", byte);
      out += escaped;
    } else {
      out += c;
    }
  }
  return out;
}

void PrintError(std::string_view message) { std::cerr << "Error: " << Printable(message) << "\n"; }

bool ConfirmYes(const std::string& question) {
  std::cout << question
            << "\n  Only 'yes' will be accepted to approve.\n\n  Enter a value: " << std::flush;
  std::string line;
  if (!std::getline(std::cin, line)) return false;
  return line == "yes";
}

void ProgressReporter::StepStarted(int index, int total, const Change& change,
                                   const std::string& verb) {
  char prefix[48];
  std::snprintf(prefix, sizeof(prefix), "[%d/%d] ", index, total);
  std::string line = prefix;
  line.append(verb).append(" ").append(change.address.str());
  if (tty_) {
    std::fprintf(out_, "\r\033[K%s", line.c_str());
    line_open_ = true;
  } else {
    std::fprintf(out_, "%s\n", line.c_str());
  }
  std::fflush(out_);
}

void ProgressReporter::StepFinished(int index, int total, const Change& change,
                                    const Status& status) {
  if (status.ok()) {
    if (!tty_) {
      std::fprintf(out_, "[%d/%d] %s: done\n", index, total, change.address.str().c_str());
    }
    return;
  }
  Finish();
  std::fprintf(out_, "[%d/%d] %s: FAILED: %s\n", index, total, change.address.str().c_str(),
               Printable(status.message()).c_str());
  std::fflush(out_);
}

void ProgressReporter::RollbackStarted(int steps) {
  Finish();
  std::fprintf(out_, "Rolling back %d completed step(s)...\n", steps);
  std::fflush(out_);
}

void ProgressReporter::UndoFinished(const std::string& address, const std::string& what,
                                    const Status& status) {
  Finish();
  if (status.ok()) {
    std::fprintf(out_, "  undone: %s (%s)\n", address.c_str(), what.c_str());
  } else {
    std::fprintf(out_, "  UNDO FAILED: %s (%s): %s\n", address.c_str(), what.c_str(),
                 Printable(status.message()).c_str());
  }
  std::fflush(out_);
}

void ProgressReporter::Finish() {
  if (tty_ && line_open_) {
    std::fprintf(out_, "\n");
    line_open_ = false;
  }
}

}  // namespace causeway
