// The command-line interface: parses arguments (CLI11) and runs one command. The only place that
// writes to the terminal. Returns the process exit code: 0 success / no changes, 1 error,
// 2 changes present (plan --detailed-exitcode), 3 apply failed and rollback left things needing
// attention.
#pragma once

namespace causeway {

int RunCli(int argc, char** argv);

}  // namespace causeway
