// keeper sar: the disclosure bundle answering a subject access request,
// from a running keeperd, written as JSON and as HTML.
#ifndef KEEPER_TOOLS_SAR_COMMAND_H_
#define KEEPER_TOOLS_SAR_COMMAND_H_

#include "tools/cli.h"

namespace keeper::tools {

// --case_id C --request_id R --released_to NAME --out PREFIX: writes
// PREFIX.json (the DisclosureBundle) and PREFIX.html (a readable copy),
// and prints a one-line summary.
int RunSar(const Args& args);

}  // namespace keeper::tools

#endif  // KEEPER_TOOLS_SAR_COMMAND_H_
