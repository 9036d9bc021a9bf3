// causeway: command-line entry point. All logic lives in causeway_cli_lib (reconciler/cli/).
#include "reconciler/cli/cli.h"

int main(int argc, char** argv) { return causeway::RunCli(argc, argv); }
