// Subcommands that call a running keeperd.
#ifndef KEEPER_TOOLS_CLIENT_COMMANDS_H_
#define KEEPER_TOOLS_CLIENT_COMMANDS_H_

#include "tools/cli.h"

namespace keeper::tools {

// Follows the event feed from --from, printing one event a line (protobuf
// JSON), until interrupted or --count events have been printed.
int RunTail(const Args& args);

// Asks the register about a child, by --case_id or by --family_name,
// --given_name and --date_of_birth.
int RunRegisterCheck(const Args& args);

// Prints the record behind a conference's decision (--case_id,
// --conference_id).
int RunDecisionRecord(const Args& args);

// Prints the access trail, filtered by --case_id, --actor and --agency,
// following pages up to --limit entries; --json prints JSON Lines.
int RunAccessTrail(const Args& args);

}  // namespace keeper::tools

#endif  // KEEPER_TOOLS_CLIENT_COMMANDS_H_
