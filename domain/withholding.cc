#include "domain/withholding.h"

#include <vector>

#include "absl/strings/str_cat.h"

namespace keeper::domain {
namespace {

// The indexes of the parts of a report version restricted in `state`.
std::vector<int32_t> RestrictedInState(const CaseState& state,
                                       const v1::ReportSubmitted& version) {
  std::vector<int32_t> indexes;
  auto report = state.reports.find(version.report_id());
  if (report == state.reports.end()) return indexes;
  const int v = version.version() - 1;
  if (v < 0 || v >= static_cast<int>(report->second.versions.size())) {
    return indexes;
  }
  const std::vector<bool>& restricted = report->second.versions[v].restricted;
  for (int i = 0; i < static_cast<int>(restricted.size()); ++i) {
    if (restricted[i]) indexes.push_back(i);
  }
  return indexes;
}

absl::Status Unparsable(const v1::EventEnvelope& envelope) {
  return absl::DataLossError(
      absl::StrCat("event ", envelope.event_id(), " does not parse"));
}

}  // namespace

void WithholdPart(v1::ReportPart& part) {
  part.set_restricted(true);
  part.clear_text();
  part.clear_restriction_reason();
}

void WithholdRestrictedParts(v1::ReportSubmitted& version,
                             absl::Span<const int32_t> restricted_indexes) {
  for (v1::ReportPart& part : *version.mutable_parts()) {
    if (part.restricted()) WithholdPart(part);
  }
  for (int32_t index : restricted_indexes) {
    if (index < 0 || index >= version.parts_size()) continue;
    WithholdPart(*version.mutable_parts(index));
  }
}

void WithholdRestrictedParts(v1::DecisionRecord& record) {
  for (v1::ReportAtDecision& report : *record.mutable_reports()) {
    WithholdRestrictedParts(*report.mutable_version(),
                            report.restricted_part_indexes());
  }
}

absl::Status WithholdRestricted(const CaseState& state,
                                v1::EventEnvelope& envelope) {
  if (envelope.payload().Is<v1::ReportSubmitted>()) {
    v1::ReportSubmitted version;
    if (!envelope.payload().UnpackTo(&version)) return Unparsable(envelope);
    WithholdRestrictedParts(version, RestrictedInState(state, version));
    envelope.mutable_payload()->PackFrom(version);
  } else if (envelope.payload().Is<v1::ReportPartRestricted>()) {
    v1::ReportPartRestricted restricted;
    if (!envelope.payload().UnpackTo(&restricted)) return Unparsable(envelope);
    restricted.clear_reason();
    envelope.mutable_payload()->PackFrom(restricted);
  }
  return absl::OkStatus();
}

}  // namespace keeper::domain
