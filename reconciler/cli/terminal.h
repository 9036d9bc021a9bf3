// Terminal: the only code that writes to the user's terminal. Knows whether stdin/stdout are a
// TTY (colour, progress line, confirmation prompt), renders apply progress (on a TTY one
// rewritten line "[12/40] creating snowflake.stage.landing", otherwise plain log lines) and
// prints errors. Text from outside (a manifest, a lock file, a cloud's error message) goes
// through Printable() so that it cannot move the cursor, recolour or clear the terminal.
// Thread-safety: ProgressReporter methods are called serialised by the applier.
#pragma once

#include <cstdio>
#include <string>
#include <string_view>

#include "reconciler/apply/applier.h"

namespace causeway {

struct TerminalOptions {
  bool color = false;  // ANSI colours (TTY and not --no-color and NO_COLOR unset)
  bool stdout_tty = false;
  bool stdin_tty = false;
};

TerminalOptions DetectTerminal(bool no_color_flag);

// `text` with its control characters other than newline and tab (C0, DEL) written as \u00XX.
std::string Printable(std::string_view text);
// "Error: MESSAGE" and a newline on stderr, the message made Printable.
void PrintError(std::string_view message);

// Asks "Do you want to perform these actions? Only 'yes' will be accepted." and reads a line.
bool ConfirmYes(const std::string& question);

class ProgressReporter : public ApplyReporter {
 public:
  ProgressReporter(FILE* out, bool tty) : out_(out), tty_(tty) {}
  void StepStarted(int index, int total, const Change& change, const std::string& verb) override;
  void StepFinished(int index, int total, const Change& change, const Status& status) override;
  void RollbackStarted(int steps) override;
  void UndoFinished(const std::string& address, const std::string& what,
                    const Status& status) override;
  // Ends a TTY progress line.
  void Finish();

 private:
  FILE* out_;
  bool tty_;
  bool line_open_ = false;
};

}  // namespace causeway
