#include "services/access/rectification_notice.h"

#include <algorithm>

#include "google/protobuf/repeated_ptr_field.h"

namespace keeper::services {
namespace {

bool Among(const google::protobuf::RepeatedPtrField<v1::NoticeRecipient>& list,
           const std::string& agency, const std::string& authority) {
  return std::any_of(list.begin(), list.end(),
                     [&](const v1::NoticeRecipient& recipient) {
                       return recipient.agency() == agency &&
                              recipient.authority() == authority;
                     });
}

}  // namespace

void AddFeedRecipients(const v1::AccessTrailEntry& entry, uint64_t position,
                       std::vector<v1::NoticeRecipient>& recipients) {
  const v1::AccessRecord& record = entry.record();
  if (record.method() != kFeedMethod ||
      record.outcome() != v1::ACCESS_GRANTED) {
    return;
  }
  const auto& delivered = record.delivered_positions();
  if (std::find(delivered.begin(), delivered.end(), position) ==
      delivered.end()) {
    return;
  }
  v1::NoticeRecipient recipient;
  recipient.set_agency(entry.actor().agency());
  recipient.set_authority(record.caller_authority());
  for (const v1::NoticeRecipient& known : recipients) {
    if (known.agency() == recipient.agency() &&
        known.authority() == recipient.authority()) {
      return;
    }
  }
  recipients.push_back(std::move(recipient));
}

std::optional<bool> NoticeAddressedTo(const v1::EventEnvelope& event,
                                      const Caller& caller) {
  if (event.event_type() == "RectificationRequested") {
    v1::RectificationRequested requested;
    if (!event.payload().UnpackTo(&requested)) return std::nullopt;
    return Among(requested.notified(), caller.agency, caller.authority);
  }
  if (event.event_type() == "RectificationDecided") {
    v1::RectificationDecided decided;
    if (!event.payload().UnpackTo(&decided)) return std::nullopt;
    return Among(decided.notified(), caller.agency, caller.authority);
  }
  return std::nullopt;
}

}  // namespace keeper::services
