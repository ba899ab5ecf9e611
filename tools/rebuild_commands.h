// keeper rebuild: drops and re-applies projections from position 1, with a
// progress bar on a terminal. keeperd must not be running.
#ifndef KEEPER_TOOLS_REBUILD_COMMANDS_H_
#define KEEPER_TOOLS_REBUILD_COMMANDS_H_

#include "tools/cli.h"

namespace keeper::tools {

int RunRebuild(const Args& args);

}  // namespace keeper::tools

#endif  // KEEPER_TOOLS_REBUILD_COMMANDS_H_
