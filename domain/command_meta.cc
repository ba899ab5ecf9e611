#include "domain/command_meta.h"

#include "absl/strings/str_cat.h"
#include "google/protobuf/descriptor.h"
#include "domain/policy/rule_violation.h"

namespace keeper::domain {

using google::protobuf::FieldDescriptor;
using google::protobuf::Message;

absl::StatusOr<CommandMeta> GetCommandMeta(const v1::Command& command) {
  const auto* reflection = command.GetReflection();
  const FieldDescriptor* which = reflection->GetOneofFieldDescriptor(
      command, v1::Command::descriptor()->FindOneofByName("command"));
  if (which == nullptr) return Invalid("command", "no command is set");
  const Message& body = reflection->GetMessage(command, which);
  const auto* descriptor = body.GetDescriptor();
  const auto* body_reflection = body.GetReflection();
  // Fields 1 to 3 are the same in every command; tests check each one.
  CommandMeta meta;
  meta.name = descriptor->name();
  meta.case_id =
      body_reflection->GetString(body, descriptor->FindFieldByNumber(1));
  meta.idempotency_key =
      body_reflection->GetString(body, descriptor->FindFieldByNumber(2));
  const FieldDescriptor* expected = descriptor->FindFieldByNumber(3);
  if (body_reflection->HasField(body, expected)) {
    meta.expected_version = body_reflection->GetUInt64(body, expected);
  }
  return meta;
}

void SetIdempotencyKey(v1::Command& command, const std::string& key) {
  const auto* reflection = command.GetReflection();
  const FieldDescriptor* which = reflection->GetOneofFieldDescriptor(
      command, v1::Command::descriptor()->FindOneofByName("command"));
  if (which == nullptr) return;
  Message* body = reflection->MutableMessage(&command, which);
  body->GetReflection()->SetString(
      body, body->GetDescriptor()->FindFieldByNumber(2), key);
}

absl::StatusOr<v1::Command> WrapCommand(const Message& body) {
  const auto* oneof = v1::Command::descriptor()->FindOneofByName("command");
  for (int i = 0; i < oneof->field_count(); ++i) {
    const FieldDescriptor* field = oneof->field(i);
    if (field->message_type() != body.GetDescriptor()) continue;
    v1::Command command;
    command.GetReflection()->MutableMessage(&command, field)->CopyFrom(body);
    return command;
  }
  return Invalid("command", absl::StrCat(body.GetDescriptor()->full_name(),
                                         " is not a command"));
}

}  // namespace keeper::domain
