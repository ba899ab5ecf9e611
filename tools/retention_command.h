// keeper retention report and keeper hold place|lift: the retention report
// of an authority for a day, and legal holds, through a running keeperd
// (RetentionService).
#ifndef KEEPER_TOOLS_RETENTION_COMMAND_H_
#define KEEPER_TOOLS_RETENTION_COMMAND_H_

#include "tools/cli.h"

namespace keeper::tools {

// --authority A --date YYYY-MM-DD: what is due for review or erasure on
// that day, and what each hold in force keeps back (a "held by" column).
int RunRetentionReport(const Args& args);

// --authority A --hold_id H (--case_id C | --child_id X | --all_records)
// --reason R.
int RunHoldPlace(const Args& args);

// --authority A --hold_id H --reason R.
int RunHoldLift(const Args& args);

}  // namespace keeper::tools

#endif  // KEEPER_TOOLS_RETENTION_COMMAND_H_
