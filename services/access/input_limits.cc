#include "services/access/input_limits.h"

#include <string>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/error_info.h"
#include "domain/policy/rule_violation.h"

namespace keeper::services {
namespace {

using google::protobuf::FieldDescriptor;
using google::protobuf::Message;

uint32_t LimitFor(const v1::InputLimits& limits, const FieldDescriptor& field) {
  const std::string& name = field.name();
  if (field.containing_type()->full_name() == "keeper.v1.ReportPart" &&
      name == "text") {
    return limits.report_part_bytes();
  }
  if (name == "id" || absl::EndsWith(name, "_id") ||
      absl::EndsWith(name, "_ids") || name == "local_authority" ||
      name == "authority") {
    return limits.id_bytes();
  }
  if (absl::StrContains(name, "name")) return limits.name_bytes();
  return limits.text_bytes();
}

absl::Status TooLong(const std::string& field, uint32_t limit, size_t size) {
  return WithReason(
      domain::Invalid(field, absl::StrCat("is ", size, " bytes; at most ",
                                          limit, " are allowed")),
      kReasonInputTooLong, {{"field", field}, {"limit", absl::StrCat(limit)}});
}

absl::Status Check(const v1::InputLimits& limits, const Message& message,
                   const std::string& prefix) {
  const auto* reflection = message.GetReflection();
  std::vector<const FieldDescriptor*> fields;
  reflection->ListFields(message, &fields);
  for (const FieldDescriptor* field : fields) {
    const std::string path = prefix + field->name();
    const int count =
        field->is_repeated() ? reflection->FieldSize(message, field) : 1;
    for (int i = 0; i < count; ++i) {
      const std::string at =
          field->is_repeated() ? absl::StrCat(path, "[", i, "]") : path;
      switch (field->cpp_type()) {
        case FieldDescriptor::CPPTYPE_STRING: {
          std::string scratch;
          const std::string& value =
              field->is_repeated()
                  ? reflection->GetRepeatedStringReference(message, field, i,
                                                           &scratch)
                  : reflection->GetStringReference(message, field, &scratch);
          const uint32_t limit = LimitFor(limits, *field);
          if (limit > 0 && value.size() > limit) {
            return TooLong(at, limit, value.size());
          }
          break;
        }
        case FieldDescriptor::CPPTYPE_MESSAGE: {
          const Message& nested =
              field->is_repeated()
                  ? reflection->GetRepeatedMessage(message, field, i)
                  : reflection->GetMessage(message, field);
          if (absl::Status s = Check(limits, nested, at + "."); !s.ok()) {
            return s;
          }
          break;
        }
        default:
          break;
      }
    }
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status CheckInputLimits(const v1::InputLimits& limits,
                              const Message& request) {
  return Check(limits, request, "");
}

absl::Status CheckMetadataLimits(const v1::InputLimits& limits,
                                 std::string_view purpose,
                                 std::string_view on_behalf_of) {
  if (limits.purpose_bytes() > 0 && purpose.size() > limits.purpose_bytes()) {
    return TooLong("x-keeper-purpose", limits.purpose_bytes(), purpose.size());
  }
  if (limits.name_bytes() > 0 && on_behalf_of.size() > limits.name_bytes()) {
    return TooLong("x-keeper-on-behalf-of", limits.name_bytes(),
                   on_behalf_of.size());
  }
  return absl::OkStatus();
}

absl::Status CheckRequestSize(const v1::InputLimits& limits,
                              size_t request_bytes) {
  if (limits.request_bytes() > 0 && request_bytes > limits.request_bytes()) {
    return TooLong("", limits.request_bytes(), request_bytes);
  }
  return absl::OkStatus();
}

}  // namespace keeper::services
