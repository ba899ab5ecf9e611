// Rectification notices (UK GDPR Art. 19): which agencies' feeds delivered
// disputed content, from the feed's access records, and whether a
// rectification event is addressed to a subscriber. The domain records the
// recipients in the event; the feed delivers it to them.
//
// Pure functions of their arguments: thread-safe, never fail.
#ifndef KEEPER_SERVICES_ACCESS_RECTIFICATION_NOTICE_H_
#define KEEPER_SERVICES_ACCESS_RECTIFICATION_NOTICE_H_

#include <cstdint>
#include <optional>
#include <vector>

#include "keeper/v1/audit_service.pb.h"
#include "keeper/v1/eventstore.pb.h"
#include "keeper/v1/rectification_events.pb.h"
#include "services/access/caller.h"

namespace keeper::services {

// The method whose access records say what a feed delivered.
inline constexpr char kFeedMethod[] = "/keeper.v1.EventsService/Subscribe";

// Adds to `recipients` (once each) the agency and authority of every feed
// whose record `entry` says it delivered the event at `position`.
void AddFeedRecipients(const v1::AccessTrailEntry& entry, uint64_t position,
                       std::vector<v1::NoticeRecipient>& recipients);

// For a RectificationRequested or RectificationDecided event: whether
// `caller`'s agency and authority are among its recipients. nullopt for
// any other event, or one that does not parse.
std::optional<bool> NoticeAddressedTo(const v1::EventEnvelope& event,
                                      const Caller& caller);

}  // namespace keeper::services

#endif  // KEEPER_SERVICES_ACCESS_RECTIFICATION_NOTICE_H_
