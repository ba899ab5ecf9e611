// Subcommands that call a running keeperd.
#ifndef KEEPER_TOOLS_CLIENT_COMMANDS_H_
#define KEEPER_TOOLS_CLIENT_COMMANDS_H_

#include "tools/cli.h"

namespace keeper::tools {

// Follows the event feed from --from, printing one event a line (protobuf
// JSON), until interrupted or --count events have been printed.
int RunTail(const Args& args);

}  // namespace keeper::tools

#endif  // KEEPER_TOOLS_CLIENT_COMMANDS_H_
