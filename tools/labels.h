// The words the `keeper` listings use for the system's codes: "register"
// for OUTCOME_REGISTER, "checked the register" for a method path, "case
// opened" for an event type. Every listing takes its labels from here.
#ifndef KEEPER_TOOLS_LABELS_H_
#define KEEPER_TOOLS_LABELS_H_

#include <string>
#include <string_view>

#include "google/protobuf/generated_enum_reflection.h"

namespace keeper::tools {

// An enum value in words: its name without the type's prefix, in lower
// case, unless a plainer phrase is listed for it.
std::string EnumLabel(const google::protobuf::EnumDescriptor* type, int value);

template <typename E>
std::string Label(E value) {
  return EnumLabel(google::protobuf::GetEnumDescriptor<E>(),
                   static_cast<int>(value));
}

// What a call did, from its gRPC method path
// ("/keeper.v1.RegisterService/CheckRegister" -> "checked the register").
std::string MethodLabel(std::string_view method);

// An event type in words ("ReportSubmitted" -> "report submitted").
std::string EventTypeLabel(std::string_view event_type);

// An identifier the certificates and actors use ("social_work" -> "social
// work").
std::string CodeLabel(std::string_view code);

}  // namespace keeper::tools

#endif  // KEEPER_TOOLS_LABELS_H_
