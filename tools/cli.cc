#include "tools/cli.h"

#include <cstdlib>
#include <filesystem>
#include <iostream>

#include "absl/flags/flag.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "common/data_dir.h"
#include "tools/table.h"

ABSL_FLAG(std::string, data_dir, keeper::tools::DefaultDataDir(),
          "the store's directory");
ABSL_FLAG(bool, json, false, "machine-readable output (JSON)");
ABSL_FLAG(bool, csv, false, "listings as CSV (RFC 4180)");
ABSL_FLAG(std::string, policy_dir, "",
          "the authorities' policy files; default: the shipped ones");
// Shared by several subcommands, each reading it its own way.
ABSL_FLAG(std::string, from, "",
          "trails: from this date (YYYY-MM-DD, local) or RFC 3339 time, "
          "inclusive; tail: the first position (default 1); restore: the "
          "backup directory; import: the export file (- for standard input)");
ABSL_FLAG(std::string, to, "",
          "trails: up to this date (inclusive) or RFC 3339 time (exclusive); "
          "backup: the backup directory");

namespace keeper::tools {

std::string DefaultDataDir() {
  const char* env = std::getenv("KEEPER_DATA_DIR");
  return env != nullptr && *env != '\0' ? env : "data";
}

absl::StatusOr<std::unique_ptr<eventstore::EventStore>> OpenForReading() {
  const std::string data_dir = absl::GetFlag(FLAGS_data_dir);
  // RocksDB's own words for this ("CURRENT: No such file") help nobody.
  std::error_code error;
  if (!std::filesystem::exists(EventsDir(data_dir) + "/CURRENT", error)) {
    return absl::NotFoundError(
        absl::StrCat("no Keeper store at ", data_dir,
                     ": start keeperd, or run keeper demo (give --data_dir "
                     "or set KEEPER_DATA_DIR for another directory)"));
  }
  eventstore::EventStore::Options options;
  options.data_dir = EventsDir(data_dir);
  options.mode = eventstore::EventStore::Mode::kSecondary;
  return eventstore::EventStore::Open(options);
}

absl::StatusOr<domain::PolicyRegistry> LoadPolicies() {
  std::string dir = absl::GetFlag(FLAGS_policy_dir);
  if (dir.empty()) dir = domain::DefaultPolicyDirectory();
  return domain::PolicyRegistry::LoadDirectory(dir);
}

int Fail(const absl::Status& status) {
  const Format format = OutputFormat();
  return PrintError(format, absl::StatusCodeToString(status.code()),
                    format == Format::kText ? status.ToString()
                                            : std::string(status.message()),
                    absl::IsInvalidArgument(status) ? 2 : 1);
}

std::string Hex(const std::string& bytes) {
  return absl::BytesToHexString(bytes);
}

}  // namespace keeper::tools
