// keeper backup | restore | import: copying a store, live or from an export.
#ifndef KEEPER_TOOLS_BACKUP_COMMANDS_H_
#define KEEPER_TOOLS_BACKUP_COMMANDS_H_

#include "tools/cli.h"

namespace keeper::tools {

int RunBackup(const Args& args);
int RunRestore(const Args& args);
int RunImport(const Args& args);

}  // namespace keeper::tools

#endif  // KEEPER_TOOLS_BACKUP_COMMANDS_H_
