// keeper rebuild: drops and re-applies projections from position 1, with a
// progress bar on a terminal. keeperd must not be running.
#ifndef KEEPER_TOOLS_REBUILD_COMMANDS_H_
#define KEEPER_TOOLS_REBUILD_COMMANDS_H_

#include <string>

#include "absl/status/status.h"
#include "common/storage_budget.h"
#include "eventstore/event_store.h"
#include "tools/cli.h"

namespace keeper::tools {

int RunRebuild(const Args& args);

// Drops and re-applies the named projections (all when `only` is empty) of
// the database in `projections_dir` from `store`, as `keeper rebuild` does;
// with a progress bar on a terminal when `show_progress`, within `budget`
// (the store's, to share it). UNAVAILABLE while another process (keeperd)
// holds the projections.
absl::Status Rebuild(const eventstore::EventStore& store,
                     const std::string& projections_dir,
                     const std::string& only, bool show_progress,
                     const StorageBudget& budget);

}  // namespace keeper::tools

#endif  // KEEPER_TOOLS_REBUILD_COMMANDS_H_
