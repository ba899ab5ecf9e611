// `keeper help`, `keeper help <sub>` and `keeper <sub> --help`.
#ifndef KEEPER_TOOLS_HELP_H_
#define KEEPER_TOOLS_HELP_H_

#include <ostream>
#include <span>

#include "tools/cli.h"

namespace keeper::tools {

// Every subcommand, one line each.
void PrintSummary(std::span<const Subcommand> subcommands, std::ostream& out);

// One subcommand: usage, what it does, each of its flags (from the flag's
// own help text) and an example.
void PrintSubcommandHelp(const Subcommand& sub, std::ostream& out);

// Takes --help, -help and -h out of argv (absl would answer them with the
// main file's flags: none); true when one was there.
bool TakeHelpFlag(int& argc, char** argv);

}  // namespace keeper::tools

#endif  // KEEPER_TOOLS_HELP_H_
