// The `keeper` command line: shared flags, the subcommand table, and output
// helpers. Each subcommand lives in its own file and is listed in
// keeper_main.cc.
#ifndef KEEPER_TOOLS_CLI_H_
#define KEEPER_TOOLS_CLI_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/flags/declare.h"
#include "absl/status/statusor.h"
#include "domain/policy/policy.h"
#include "eventstore/event_store.h"

ABSL_DECLARE_FLAG(std::string, data_dir);
ABSL_DECLARE_FLAG(bool, json);
ABSL_DECLARE_FLAG(bool, csv);
ABSL_DECLARE_FLAG(std::string, policy_dir);
ABSL_DECLARE_FLAG(std::string, from);
ABSL_DECLARE_FLAG(std::string, to);

namespace keeper::tools {

// A subcommand's arguments: the words after the subcommand's name, flags
// already parsed. Returns the process exit code.
using Args = std::vector<std::string>;

struct Subcommand {
  const char* name;     // e.g. "stats", or "bench append"
  const char* summary;  // one line for `keeper help`
  int (*run)(const Args& args);
  // For `keeper <name> --help`: the flags after the name (each --flag is
  // described from its own help text), and an example invocation.
  const char* usage = "";
  const char* example = "";
};

// Opens --data_dir as a read-only secondary, so that it works while keeperd
// holds the store. NOT_FOUND "no Keeper store at DIR" when there is none.
absl::StatusOr<std::unique_ptr<eventstore::EventStore>> OpenForReading();

// The policies of --policy_dir (default: the shipped ones), which the
// timescales projection counts due dates with.
absl::StatusOr<domain::PolicyRegistry> LoadPolicies();

// Prints `status` to stderr in the output format (a JSON object under
// --json) and returns exit code 1 (2 for usage errors).
int Fail(const absl::Status& status);

// The default data directory: $KEEPER_DATA_DIR, else ./data.
std::string DefaultDataDir();

std::string Hex(const std::string& bytes);

}  // namespace keeper::tools

#endif  // KEEPER_TOOLS_CLI_H_
