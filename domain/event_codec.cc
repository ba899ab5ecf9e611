#include "domain/event_codec.h"

#include "absl/container/flat_hash_map.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/strings.h"
#include "google/protobuf/descriptor.h"

namespace keeper::domain {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;
using google::protobuf::Message;

const google::protobuf::OneofDescriptor* EventOneof() {
  return v1::DomainEvent::descriptor()->FindOneofByName("event");
}

// Each domain event's short name to its oneof field.
const absl::flat_hash_map<std::string, const FieldDescriptor*>& FieldsByName() {
  static const auto* fields = [] {
    auto* map = new absl::flat_hash_map<std::string, const FieldDescriptor*>;
    const auto* oneof = EventOneof();
    for (int i = 0; i < oneof->field_count(); ++i) {
      const FieldDescriptor* field = oneof->field(i);
      (*map)[field->message_type()->name()] = field;
    }
    return map;
  }();
  return *fields;
}

}  // namespace

const Message* EventPayload(const v1::DomainEvent& event) {
  const FieldDescriptor* field =
      event.GetReflection()->GetOneofFieldDescriptor(event, EventOneof());
  if (field == nullptr) return nullptr;
  return &event.GetReflection()->GetMessage(event, field);
}

std::string EventType(const v1::DomainEvent& event) {
  const Message* payload = EventPayload(event);
  return payload == nullptr ? "" : payload->GetDescriptor()->name();
}

bool IsDomainEventType(std::string_view event_type) {
  return FieldsByName().contains(Sv(event_type));
}

absl::Status PackEvent(const v1::DomainEvent& event,
                       v1::EventEnvelope* envelope) {
  const Message* payload = EventPayload(event);
  if (payload == nullptr) {
    return absl::InvalidArgumentError("a domain event with no event set");
  }
  envelope->mutable_payload()->PackFrom(*payload);
  envelope->set_event_type(payload->GetDescriptor()->name());
  return absl::OkStatus();
}

absl::StatusOr<v1::DomainEvent> UnpackEvent(const v1::EventEnvelope& envelope) {
  const std::string& url = envelope.payload().type_url();
  const std::string_view full_name =
      std::string_view(url).substr(url.rfind('/') + 1);
  constexpr std::string_view kPackage = "keeper.v1.";
  auto it = FieldsByName().end();
  if (absl::StartsWith(Sv(full_name), Sv(kPackage))) {
    it = FieldsByName().find(Sv(full_name.substr(kPackage.size())));
  }
  if (it == FieldsByName().end()) {
    return absl::InvalidArgumentError(
        absl::StrCat("position ", envelope.position(), ": payload ",
                     Sv(full_name), " is not a domain event"));
  }
  if (it->first != envelope.event_type()) {
    return absl::DataLossError(absl::StrCat(
        "position ", envelope.position(), ": event_type ",
        envelope.event_type(), " does not match payload ", it->first));
  }
  v1::DomainEvent event;
  Message* target = event.GetReflection()->MutableMessage(&event, it->second);
  if (!target->ParseFromString(envelope.payload().value())) {
    return absl::DataLossError(absl::StrCat("position ", envelope.position(),
                                            ": cannot parse ", it->first));
  }
  return event;
}

}  // namespace keeper::domain
