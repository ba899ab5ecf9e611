#include "tools/cli.h"

#include <cstdlib>
#include <iostream>

#include "absl/flags/flag.h"
#include "absl/strings/escaping.h"
#include "common/data_dir.h"

ABSL_FLAG(std::string, data_dir, keeper::tools::DefaultDataDir(),
          "the store's directory");
ABSL_FLAG(bool, json, false, "machine-readable output");
ABSL_FLAG(std::string, policy_dir, "",
          "the authorities' policy files; default: the shipped ones");
ABSL_FLAG(std::string, from, "",
          "tail: the first position (default 1); restore: the backup "
          "directory; import: the export file (- for standard input)");

namespace keeper::tools {

std::string DefaultDataDir() {
  const char* env = std::getenv("KEEPER_DATA_DIR");
  return env != nullptr && *env != '\0' ? env : "data";
}

absl::StatusOr<std::unique_ptr<eventstore::EventStore>> OpenForReading() {
  eventstore::EventStore::Options options;
  options.data_dir = EventsDir(absl::GetFlag(FLAGS_data_dir));
  options.mode = eventstore::EventStore::Mode::kSecondary;
  return eventstore::EventStore::Open(options);
}

absl::StatusOr<domain::PolicyRegistry> LoadPolicies() {
  std::string dir = absl::GetFlag(FLAGS_policy_dir);
  if (dir.empty()) dir = domain::DefaultPolicyDirectory();
  return domain::PolicyRegistry::LoadDirectory(dir);
}

int Fail(const absl::Status& status) {
  std::cerr << "keeper: " << status << "\n";
  return absl::IsInvalidArgument(status) ? 2 : 1;
}

std::string Hex(const std::string& bytes) {
  return absl::BytesToHexString(bytes);
}

}  // namespace keeper::tools
