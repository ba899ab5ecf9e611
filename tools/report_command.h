// keeper report: a console page as a standalone document, HTML or PDF, for
// a court bundle or an inspection report (ReportService).
#ifndef KEEPER_TOOLS_REPORT_COMMAND_H_
#define KEEPER_TOOLS_REPORT_COMMAND_H_

#include "tools/cli.h"

namespace keeper::tools {

// `report register|decision|trail|timescales` with the page's flags:
// writes the exported page to --out, or with --pdf prints it there with
// headless Chromium. Each export is recorded by keeperd as a read.
int RunReport(const Args& args);

}  // namespace keeper::tools

#endif  // KEEPER_TOOLS_REPORT_COMMAND_H_
