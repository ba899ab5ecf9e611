// The fields every command carries (commands.proto): case_id,
// idempotency_key and expected_version, read alike from any command.
//
// Thread safety: stateless functions.
#ifndef KEEPER_DOMAIN_COMMAND_META_H_
#define KEEPER_DOMAIN_COMMAND_META_H_

#include <cstdint>
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "google/protobuf/message.h"
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

// Replaces the idempotency key of whichever command `command` holds.
void SetIdempotencyKey(v1::Command& command, const std::string& key);

// Wraps one command message (e.g. a v1.OpenCase received by its RPC) in a
// v1.Command. INVALID_ARGUMENT when `body` is not a command message.
absl::StatusOr<v1::Command> WrapCommand(const google::protobuf::Message& body);

}  // namespace keeper::domain

#endif  // KEEPER_DOMAIN_COMMAND_META_H_
