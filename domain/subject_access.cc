#include "domain/subject_access.h"

#include <map>
#include <set>
#include <utility>

#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "domain/event_codec.h"
#include "domain/rectification.h"
#include "domain/withholding.h"

namespace keeper::domain {
namespace {

// Family members and their supporters have details of their own; everyone
// else a case names acts in their duties.
bool HasOwnDetails(v1::PartyRole role) {
  return role == v1::PARTY_ROLE_PARENT || role == v1::PARTY_ROLE_CARER ||
         role == v1::PARTY_ROLE_CHILD || role == v1::PARTY_ROLE_SUPPORTER;
}

class Selector {
 public:
  Selector(const CaseState& state, const v1::SubjectAccessRequested& request)
      : state_(state), subject_(request.subject_participant_id()) {}

  // Parts marked as likely to cause serious harm, per report and version,
  // from every sharing in `events`.
  absl::Status NoteHarmMarks(const std::vector<v1::EventEnvelope>& events) {
    for (const v1::EventEnvelope& envelope : events) {
      if (!envelope.payload().Is<v1::ReportShared>()) continue;
      v1::ReportShared shared;
      if (!envelope.payload().UnpackTo(&shared)) return Unparsable(envelope);
      for (int32_t index : shared.serious_harm_part_indexes()) {
        harmful_[{shared.report_id(), shared.version()}].insert(index);
      }
    }
    return absl::OkStatus();
  }

  absl::Status Select(const v1::EventEnvelope& envelope, Disclosure& out) {
    if (!IsDomainEventType(envelope.event_type())) {
      out.released.push_back({envelope, true});  // an access record
      return absl::OkStatus();
    }
    absl::StatusOr<v1::DomainEvent> event = UnpackEvent(envelope);
    if (!event.ok()) return Unparsable(envelope);
    if (IsThirdParty(*event)) {
      Withhold(envelope, -1, v1::EXEMPTION_THIRD_PARTY, out);
      return absl::OkStatus();
    }
    if (event->has_report_submitted()) {
      return ReleaseReport(envelope, event->report_submitted(), out);
    }
    if (event->has_report_part_restricted()) {
      v1::EventEnvelope copy = envelope;
      RETURN_IF_ERROR(WithholdRestricted(state_, copy));
      Withhold(envelope, event->report_part_restricted().part_index(),
               v1::EXEMPTION_RESTRICTED_PART, out);
      out.released.push_back({std::move(copy), false});
      return absl::OkStatus();
    }
    out.released.push_back({envelope, true});
    return absl::OkStatus();
  }

  std::string SubjectName() const {
    if (subject_.empty()) {
      return absl::StrCat(state_.child.given_name(),
                          state_.child.given_name().empty() ? "" : " ",
                          state_.child.family_name());
    }
    auto person = state_.people.find(subject_);
    return person == state_.people.end() ? subject_
                                         : person->second.person().name();
  }

 private:
  static absl::Status Unparsable(const v1::EventEnvelope& envelope) {
    return absl::DataLossError(
        absl::StrCat("event ", envelope.event_id(), " does not parse"));
  }

  // Whether participant `id` of the case is someone other than the subject
  // with details of their own.
  bool IsOther(const std::string& id) const {
    if (id.empty() || id == subject_) return false;
    auto person = state_.people.find(id);
    if (person == state_.people.end()) return false;
    const v1::PartyRole role = person->second.role();
    if (subject_.empty() && role == v1::PARTY_ROLE_CHILD) return false;
    return HasOwnDetails(role);
  }

  bool IsOther(const v1::Participant& participant) const {
    if (participant.participant_id() == subject_) return false;
    if (subject_.empty() && participant.role() == v1::PARTY_ROLE_CHILD) {
      return false;
    }
    return HasOwnDetails(participant.role());
  }

  // Whether request `id` is about someone other than the subject.
  bool IsAnotherRequest(const std::string& id) const {
    auto request = state_.subject_access_requests.find(id);
    return request == state_.subject_access_requests.end() ||
           request->second.subject_participant_id() != subject_;
  }

  // Whether rectification request `id` is another family member's.
  bool IsAnotherRectification(const std::string& id) const {
    auto request = state_.rectifications.find(id);
    return request == state_.rectifications.end() ||
           IsOther(request->second.request.subject_participant_id());
  }

 public:
  // The markers of released content, but not another person's.
  void SelectMarkers(Disclosure& out) const {
    std::set<uint64_t> released;
    for (const ReleasedEvent& event : out.released) {
      released.insert(event.event.position());
    }
    for (v1::ContentMarker& marker : ContentMarkers(state_)) {
      if (released.contains(marker.content().position()) &&
          !IsAnotherRectification(marker.request_id())) {
        out.markers.push_back(std::move(marker));
      }
    }
  }

 private:
  bool IsThirdParty(const v1::DomainEvent& event) const {
    switch (event.event_case()) {
      case v1::DomainEvent::kParticipantInvited:
        return IsOther(event.participant_invited().participant());
      case v1::DomainEvent::kAttendanceRecorded:
        return IsOther(event.attendance_recorded().participant());
      case v1::DomainEvent::kReportShared:
        return IsOther(event.report_shared().participant_id());
      case v1::DomainEvent::kReportAcknowledged:
        return IsOther(event.report_acknowledged().participant_id());
      case v1::DomainEvent::kDisagreementRecorded:
        return IsOther(event.disagreement_recorded().participant_id()) ||
               IsOther(
                   event.disagreement_recorded().raised_by_participant_id());
      case v1::DomainEvent::kDissentRecorded:
        return IsOther(event.dissent_recorded().participant_id());
      case v1::DomainEvent::kChildViewsRecorded:
        return !subject_.empty();
      case v1::DomainEvent::kSubjectAccessRequested:
        return IsAnotherRequest(event.subject_access_requested().request_id());
      case v1::DomainEvent::kDisclosureRecorded:
        return IsAnotherRequest(event.disclosure_recorded().request_id());
      case v1::DomainEvent::kRectificationRequested:
        return IsAnotherRectification(
            event.rectification_requested().request_id());
      case v1::DomainEvent::kRectificationDecided:
        return IsAnotherRectification(
            event.rectification_decided().request_id());
      default:
        return false;
    }
  }

  absl::Status ReleaseReport(const v1::EventEnvelope& envelope,
                             v1::ReportSubmitted version, Disclosure& out) {
    std::vector<bool> restricted(version.parts_size(), false);
    for (int i = 0; i < version.parts_size(); ++i) {
      restricted[i] = version.parts(i).restricted();
    }
    auto report = state_.reports.find(version.report_id());
    const int v = version.version() - 1;
    if (report != state_.reports.end() && v >= 0 &&
        v < static_cast<int>(report->second.versions.size())) {
      const std::vector<bool>& now = report->second.versions[v].restricted;
      for (size_t i = 0; i < now.size() && i < restricted.size(); ++i) {
        restricted[i] = restricted[i] || now[i];
      }
    }
    const std::set<int32_t>& harmful =
        harmful_[{version.report_id(), version.version()}];
    bool blanked = false;
    for (int i = 0; i < version.parts_size(); ++i) {
      v1::Exemption exemption = v1::EXEMPTION_UNSPECIFIED;
      if (restricted[i]) {
        exemption = v1::EXEMPTION_RESTRICTED_PART;
      } else if (harmful.contains(i)) {
        exemption = v1::EXEMPTION_SERIOUS_HARM;
      }
      if (exemption == v1::EXEMPTION_UNSPECIFIED) continue;
      WithholdPart(*version.mutable_parts(i));
      Withhold(envelope, i, exemption, out);
      blanked = true;
    }
    v1::EventEnvelope copy = envelope;
    if (blanked) copy.mutable_payload()->PackFrom(version);
    out.released.push_back({std::move(copy), !blanked});
    return absl::OkStatus();
  }

  static void Withhold(const v1::EventEnvelope& envelope, int32_t part,
                       v1::Exemption exemption, Disclosure& out) {
    v1::WithheldItem& item = out.withheld.emplace_back();
    item.set_position(envelope.position());
    item.set_event_type(envelope.event_type());
    item.set_part_index(part);
    item.set_exemption(exemption);
  }

  const CaseState& state_;
  const std::string subject_;
  std::map<std::pair<std::string, int32_t>, std::set<int32_t>> harmful_;
};

}  // namespace

absl::StatusOr<Disclosure> SelectDisclosure(
    const CaseState& state, const std::string& request_id,
    const std::vector<v1::EventEnvelope>& events) {
  auto request = state.subject_access_requests.find(request_id);
  if (request == state.subject_access_requests.end()) {
    return absl::NotFoundError(
        absl::StrCat("no subject access request '", request_id, "'"));
  }
  Selector selector(state, request->second);
  RETURN_IF_ERROR(selector.NoteHarmMarks(events));
  Disclosure out;
  out.subject_name = selector.SubjectName();
  for (const v1::EventEnvelope& envelope : events) {
    RETURN_IF_ERROR(selector.Select(envelope, out));
  }
  selector.SelectMarkers(out);
  return out;
}

}  // namespace keeper::domain
