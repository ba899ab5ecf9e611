// The fields every command carries (commands.proto): case_id,
// idempotency_key and expected_version, read alike from any command.
//
// Thread safety: stateless functions.
#ifndef KEEPER_SERVICES_DOMAIN_COMMAND_META_H_
#define KEEPER_SERVICES_DOMAIN_COMMAND_META_H_

#include <cstdint>
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "keeper/v1/commands.pb.h"

namespace keeper::domain {

struct CommandMeta {
  std::string name;  // the command message's short name, e.g. "OpenCase"
  std::string case_id;
  std::string idempotency_key;
  std::optional<uint64_t> expected_version;
};

// INVALID_ARGUMENT when no command is set.
absl::StatusOr<CommandMeta> GetCommandMeta(const v1::Command& command);

}  // namespace keeper::domain

#endif  // KEEPER_SERVICES_DOMAIN_COMMAND_META_H_
