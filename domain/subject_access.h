// What a subject access bundle may release (UK GDPR Art. 15, DPA 2018
// Sch. 2 para. 16 and Sch. 3): from the events held about a case, those
// about one person, with third-party content withheld by rule. Each
// withheld item is named by its position and exemption, never its content.
// The names of professionals acting in their duties are not withheld.
//
// Rules, per event:
//  - a report version's restricted parts (NG 3.167) and the parts a
//    professional marked as likely to cause serious harm when sharing it
//    are blanked (WithholdPart) and listed;
//  - a later restriction's reason is blanked and listed;
//  - an event about another family member or supporter (an invitation,
//    attendance, sharing, acknowledgement, disagreement or dissent of
//    theirs), and
//    for a parent the child's views, and another person's subject access
//    requests, disclosures and rectification requests, is withheld whole
//    as third-party;
//  - everything else, access records included, is released complete.
//
// Thread safety: stateless functions over caller-owned values.
#ifndef KEEPER_DOMAIN_SUBJECT_ACCESS_H_
#define KEEPER_DOMAIN_SUBJECT_ACCESS_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "domain/case_state.h"
#include "keeper/v1/eventstore.pb.h"
#include "keeper/v1/privacy_events.pb.h"
#include "keeper/v1/rectification_events.pb.h"

namespace keeper::domain {

struct ReleasedEvent {
  v1::EventEnvelope event;  // as released
  bool complete = true;     // false: parts blanked; it no longer hashes
};

struct Disclosure {
  std::string subject_name;
  std::vector<ReleasedEvent> released;  // in the order given
  std::vector<v1::WithheldItem> withheld;
  // Disputed or supplemented content among `released`
  // (domain/rectification.h), except another person's requests.
  std::vector<v1::ContentMarker> markers;
};

// Selects from `events` (the case's, its register entry's and its access
// records, in log order) what the bundle for the request `request_id` of
// `state` releases. NOT_FOUND for an unknown request; DATA_LOSS when a
// domain event does not parse.
absl::StatusOr<Disclosure> SelectDisclosure(
    const CaseState& state, const std::string& request_id,
    const std::vector<v1::EventEnvelope>& events);

}  // namespace keeper::domain

#endif  // KEEPER_DOMAIN_SUBJECT_ACCESS_H_
