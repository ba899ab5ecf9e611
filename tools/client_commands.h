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

// Lists an authority's register (--authority, --as_of).
int RunRegisterList(const Args& args);

// Prints a case's dated history (--case_id).
int RunCaseTimeline(const Args& args);

// Lists the access trail, filtered by --case_id, --actor, --agency, --from
// and --to, following every page (or up to --limit entries).
int RunAccessTrail(const Args& args);

// Lists the register enquiries that notified an authority, with who
// acknowledged each and how soon; filtered as the access trail.
int RunNotifications(const Args& args);

// Acknowledges, for the caller's authority, the notification at --notice
// (its position in the log).
int RunAcknowledge(const Args& args);

// Lists the change trail, filtered by --case_id, --actor, --from and --to.
int RunChangeTrail(const Args& args);

}  // namespace keeper::tools

#endif  // KEEPER_TOOLS_CLIENT_COMMANDS_H_
