// The fold of reports, disagreements and the child's views;
// decide_reports.cc checks the rules that read it.
#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "domain/case_state_internal.h"

namespace keeper::domain::internal {
namespace {

absl::StatusOr<ReportVersionState*> ReportVersion(CaseState& state,
                                                  const RecordedEvent& event,
                                                  const std::string& id,
                                                  int version) {
  auto it = state.reports.find(id);
  if (it == state.reports.end() || version < 1 ||
      version > static_cast<int>(it->second.versions.size())) {
    return Inconsistent(event,
                        absl::StrCat("unknown report ", id, " v", version));
  }
  return &it->second.versions[version - 1];
}

}  // namespace

absl::Status ApplyReportEvent(CaseState& state, const RecordedEvent& e) {
  const v1::DomainEvent& event = e.event;
  switch (event.event_case()) {
    case v1::DomainEvent::kReportSubmitted: {
      const v1::ReportSubmitted& submitted = event.report_submitted();
      ReportState& report = state.reports[submitted.report_id()];
      if (submitted.version() != static_cast<int>(report.versions.size()) + 1) {
        return Inconsistent(e, "report versions out of order");
      }
      if (submitted.version() == 1) {
        report.conference_id = submitted.conference_id();
        report.author = submitted.author();
      }
      ReportVersionState version;
      version.event_id = e.event_id;
      version.position = e.position;
      for (const v1::ReportPart& part : submitted.parts()) {
        version.restricted.push_back(part.restricted());
      }
      report.versions.push_back(std::move(version));
      return absl::OkStatus();
    }
    case v1::DomainEvent::kReportPartRestricted: {
      const v1::ReportPartRestricted& restricted =
          event.report_part_restricted();
      ASSIGN_OR_RETURN(ReportVersionState * version,
                       ReportVersion(state, e, restricted.report_id(),
                                     restricted.version()));
      const int index = restricted.part_index();
      if (index < 0 || index >= static_cast<int>(version->restricted.size())) {
        return Inconsistent(e, "part index out of range");
      }
      version->restricted[index] = true;
      return absl::OkStatus();
    }
    case v1::DomainEvent::kReportShared: {
      const v1::ReportShared& shared = event.report_shared();
      ASSIGN_OR_RETURN(
          ReportVersionState * version,
          ReportVersion(state, e, shared.report_id(), shared.version()));
      version->shared_with.insert(shared.participant_id());
      return absl::OkStatus();
    }
    case v1::DomainEvent::kReportAcknowledged: {
      const v1::ReportAcknowledged& signed_ = event.report_acknowledged();
      ASSIGN_OR_RETURN(
          ReportVersionState * version,
          ReportVersion(state, e, signed_.report_id(), signed_.version()));
      version->acknowledged_by.insert(signed_.participant_id());
      return absl::OkStatus();
    }
    case v1::DomainEvent::kDisagreementRecorded:
      state.disagreements.insert(
          event.disagreement_recorded().disagreement_id());
      return absl::OkStatus();
    case v1::DomainEvent::kChildViewsRecorded:
      state.child_views[event.child_views_recorded().views_id()] = e.event_id;
      return absl::OkStatus();
    default:
      return Inconsistent(e, "not a report event");
  }
}

}  // namespace keeper::domain::internal
