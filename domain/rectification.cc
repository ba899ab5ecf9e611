#include "domain/rectification.h"

#include <algorithm>
#include <string>

#include "absl/strings/str_cat.h"
#include "domain/policy/rule_violation.h"
#include "domain/rules.h"

namespace keeper::domain {

absl::StatusOr<v1::DisputedContent> ResolveDisputedContent(
    const CaseState& state, const v1::RequestRectification& request) {
  v1::DisputedContent content;
  switch (request.target_case()) {
    case v1::RequestRectification::kPosition: {
      auto it = state.events.find(request.position());
      if (it == state.events.end()) {
        return Missing("position",
                       absl::StrCat("the case holds no event at position ",
                                    request.position()));
      }
      const std::string& type = it->second.event_type;
      if (type == "RectificationRequested" || type == "RectificationDecided") {
        return Broken(rules::kRectificationContent, "position",
                      "a request disputes the case's content, not another "
                      "request or its outcome");
      }
      content.set_position(it->first);
      content.set_event_id(it->second.event_id);
      content.set_event_type(type);
      content.set_part_index(-1);
      return content;
    }
    case v1::RequestRectification::kReportPart: {
      const v1::ReportPartRef& ref = request.report_part();
      auto report = state.reports.find(ref.report_id());
      if (ref.report_id().empty() || report == state.reports.end()) {
        return Missing(
            "report_part.report_id",
            absl::StrCat("the case has no report '", ref.report_id(), "'"));
      }
      const int latest = static_cast<int>(report->second.versions.size());
      const int version = ref.version() == 0 ? latest : ref.version();
      if (version < 1 || version > latest) {
        return Missing("report_part.version",
                       absl::StrCat("the report has versions 1 to ", latest));
      }
      const ReportVersionState& held = report->second.versions[version - 1];
      const int parts = static_cast<int>(held.restricted.size());
      if (ref.part_index() < -1 || ref.part_index() >= parts) {
        return Missing("report_part.part_index",
                       absl::StrCat("version ", version, " has parts 0 to ",
                                    parts - 1, " (-1: the whole version)"));
      }
      content.set_position(held.position);
      content.set_event_id(held.event_id);
      content.set_event_type("ReportSubmitted");
      content.set_report_id(ref.report_id());
      content.set_version(version);
      content.set_part_index(ref.part_index());
      return content;
    }
    case v1::RequestRectification::TARGET_NOT_SET:
      break;
  }
  return Invalid("position",
                 "name the disputed content: an event's position or a "
                 "report part");
}

std::vector<v1::ContentMarker> ContentMarkers(const CaseState& state) {
  std::vector<const RectificationState*> ordered;
  for (const auto& [id, rectification] : state.rectifications) {
    ordered.push_back(&rectification);
  }
  std::sort(ordered.begin(), ordered.end(),
            [](const RectificationState* a, const RectificationState* b) {
              return a->requested_at < b->requested_at;
            });
  std::vector<v1::ContentMarker> markers;
  for (const RectificationState* rectification : ordered) {
    const v1::RectificationRequested& request = rectification->request;
    v1::ContentMarker& marker = markers.emplace_back();
    marker.set_request_id(request.request_id());
    *marker.mutable_content() = request.content();
    marker.set_inaccuracy(request.inaccuracy());
    *marker.mutable_requested_by() = request.requested_by();
    *marker.mutable_received_on() = request.received_on();
    if (!rectification->decided) {
      marker.set_status(v1::ContentMarker::STATUS_DISPUTED);
      continue;
    }
    const v1::RectificationDecided& decision = rectification->decision;
    *marker.mutable_decided_on() = decision.decided_on();
    if (decision.outcome() == v1::RECTIFICATION_OUTCOME_CORRECTED) {
      marker.set_status(v1::ContentMarker::STATUS_CORRECTED);
      marker.set_correction_position(decision.correction_position());
      marker.set_corrected_version(decision.corrected_version());
    } else {
      marker.set_status(v1::ContentMarker::STATUS_NOT_CORRECTED);
      marker.set_supplementary_statement(decision.supplementary_statement());
    }
  }
  return markers;
}

std::vector<v1::ContentMarker> MarkersAt(
    const google::protobuf::RepeatedPtrField<v1::ContentMarker>& markers,
    uint64_t position) {
  std::vector<v1::ContentMarker> at;
  for (const v1::ContentMarker& marker : markers) {
    if (marker.content().position() == position) at.push_back(marker);
  }
  return at;
}

std::vector<v1::ContentMarker> MarkersOfRecord(
    const std::vector<v1::ContentMarker>& markers,
    const v1::DecisionRecord& record) {
  std::vector<v1::ContentMarker> of;
  for (const v1::ContentMarker& marker : markers) {
    const v1::DisputedContent& content = marker.content();
    bool held = content.position() == record.decided_at_position();
    for (const v1::ReportAtDecision& report : record.reports()) {
      held = held || (content.report_id() == report.version().report_id() &&
                      content.version() == report.version().version());
    }
    if (held) of.push_back(marker);
  }
  return of;
}

std::string MarkerText(const v1::ContentMarker& marker) {
  const v1::DisputedContent& content = marker.content();
  std::string what = content.report_id().empty() || content.part_index() < 0
                         ? ""
                         : absl::StrCat("part ", content.part_index(), " ");
  switch (marker.status()) {
    case v1::ContentMarker::STATUS_DISPUTED:
      return absl::StrCat(what, "disputed (request ", marker.request_id(),
                          "): ", marker.inaccuracy());
    case v1::ContentMarker::STATUS_NOT_CORRECTED:
      return absl::StrCat(
          what, "not corrected (request ", marker.request_id(),
          "); the person's statement: ", marker.supplementary_statement());
    case v1::ContentMarker::STATUS_CORRECTED:
      return absl::StrCat(
          what, "corrected (request ", marker.request_id(), ") at position ",
          marker.correction_position(),
          marker.corrected_version() > 0
              ? absl::StrCat(", version ", marker.corrected_version())
              : "");
    default:
      return absl::StrCat(what, "request ", marker.request_id());
  }
}

}  // namespace keeper::domain
