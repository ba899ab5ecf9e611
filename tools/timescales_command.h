// keeper timescales: whether a case's measures were met, or an authority's
// share met in a period, from a running keeperd.
#ifndef KEEPER_TOOLS_TIMESCALES_COMMAND_H_
#define KEEPER_TOOLS_TIMESCALES_COMMAND_H_

#include "tools/cli.h"

namespace keeper::tools {

// --case_id C: each measure of the case (every page); or --authority A with
// --period (2026-Q1, 2026-03, 2026) or --from_date and --to_date: the
// counts per kind. An aligned table, or with --json one JSON line per
// measure (or the summary).
int RunTimescales(const Args& args);

}  // namespace keeper::tools

#endif  // KEEPER_TOOLS_TIMESCALES_COMMAND_H_
