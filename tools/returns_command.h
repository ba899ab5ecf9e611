// keeper returns <kind>: a statutory return of an authority, from a running
// keeperd, as CSV (or an aligned table with --table, or --json).
#ifndef KEEPER_TOOLS_RETURNS_COMMAND_H_
#define KEEPER_TOOLS_RETURNS_COMMAND_H_

#include "tools/cli.h"

namespace keeper::tools {

// args[0] names the return: conferences, registrations, on-register,
// not-registered or plans. --authority A with --year Y (the statistical
// year ending 31 July Y) or --from D --to D.
int RunReturns(const Args& args);

}  // namespace keeper::tools

#endif  // KEEPER_TOOLS_RETURNS_COMMAND_H_
