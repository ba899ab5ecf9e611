// Subcommands that read a store: stats, verify, export.
#ifndef KEEPER_TOOLS_ADMIN_COMMANDS_H_
#define KEEPER_TOOLS_ADMIN_COMMANDS_H_

#include "tools/cli.h"

namespace keeper::tools {

int RunStats(const Args& args);
// Exits 0 when the chain is intact, 1 with the first bad position otherwise.
int RunVerify(const Args& args);
// JSON Lines on stdout, one event a line, in protobuf's JSON mapping.
int RunExport(const Args& args);

}  // namespace keeper::tools

#endif  // KEEPER_TOOLS_ADMIN_COMMANDS_H_
