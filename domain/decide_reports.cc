// Deciders for reports and their versions, sharing and signatures,
// disagreements and the child's views.
#include <set>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "common/status_macros.h"
#include "domain/agency_and_role_names.h"
#include "domain/decide_internal.h"
#include "domain/ids.h"
#include "domain/policy/dates.h"
#include "domain/policy/rule_violation.h"
#include "domain/rules.h"

namespace keeper::domain::internal {
namespace {

// A report holds all five sections (SPEC §2.3).
absl::Status CheckParts(
    const google::protobuf::RepeatedPtrField<v1::ReportPart>& parts) {
  std::set<int> sections;
  for (int i = 0; i < parts.size(); ++i) {
    const v1::ReportPart& part = parts[i];
    const std::string field = absl::StrCat("parts[", i, "]");
    if (part.section() == v1::REPORT_SECTION_UNSPECIFIED ||
        !v1::ReportSection_IsValid(part.section())) {
      return Invalid(field + ".section", "each part belongs to a section");
    }
    RETURN_IF_ERROR(
        RequireText(part.text(), field + ".text", "a part cannot be empty"));
    if (part.restricted()) {
      RETURN_IF_ERROR(RequireText(part.restriction_reason(),
                                  field + ".restriction_reason",
                                  "say why the part is restricted"));
    }
    sections.insert(part.section());
  }
  std::vector<std::string> missing;
  for (int s = v1::REPORT_SECTION_HISTORY_OF_INVOLVEMENT;
       s <= v1::REPORT_SECTION_RISKS_AND_STRENGTHS; ++s) {
    if (!sections.contains(s)) {
      std::string name = absl::AsciiStrToLower(
          v1::ReportSection_Name(v1::ReportSection(s)).substr(15));
      missing.push_back(absl::StrReplaceAll(name, {{"_", " "}}));
    }
  }
  if (missing.empty()) return absl::OkStatus();
  return Invalid("parts", absl::StrCat("a report needs all five parts; "
                                       "missing: ",
                                       absl::StrJoin(missing, ", ")));
}

absl::StatusOr<const ReportState*> FindReport(const CaseState& state,
                                              std::string_view id) {
  RETURN_IF_ERROR(CheckId(id, "report_id"));
  auto it = state.reports.find(std::string(id));
  if (it == state.reports.end()) {
    return Missing("report_id",
                   absl::StrCat("the case has no report '", Sv(id), "'"));
  }
  return &it->second;
}

// The version asked for; 0 means the latest.
absl::StatusOr<int> FindVersion(const ReportState& report, int version) {
  const int latest = static_cast<int>(report.versions.size());
  if (version == 0) return latest;
  if (version < 0 || version > latest) {
    return Missing("version",
                   absl::StrCat("the report has versions 1 to ", latest));
  }
  return version;
}

}  // namespace

absl::StatusOr<Events> SubmitReport(const CaseState& state,
                                    const v1::SubmitReport& command,
                                    const CommandContext& context) {
  ASSIGN_OR_RETURN(const ConferenceState* conference,
                   FindConference(state, command.conference_id()));
  RETURN_IF_ERROR(CheckId(command.report_id(), "report_id"));
  if (state.reports.contains(command.report_id())) {
    return Duplicate(rules::kOnce, "report_id",
                     absl::StrCat("report ", command.report_id(),
                                  " exists; correct it with a new version"));
  }
  if (conference->decided) {
    return Broken(rules::kBeforeDecision, "conference_id",
                  "reports are submitted for a conference before it decides");
  }
  RETURN_IF_ERROR(CheckPerson(command.author(), "author", true));
  RETURN_IF_ERROR(CheckParts(command.parts()));
  v1::DomainEvent event;
  v1::ReportSubmitted& submitted = *event.mutable_report_submitted();
  submitted.set_case_id(state.case_id);
  submitted.set_conference_id(command.conference_id());
  submitted.set_report_id(command.report_id());
  submitted.set_version(1);
  *submitted.mutable_author() = command.author();
  // The author's identity decides who may correct the report.
  if (submitted.author().subject().empty()) {
    submitted.mutable_author()->set_subject(ActingSubject(context.actor));
  }
  submitted.set_title(command.title());
  *submitted.mutable_parts() = command.parts();
  return Events{ForCase(state, std::move(event))};
}

absl::StatusOr<Events> CorrectReport(const CaseState& state,
                                     const v1::CorrectReport& command,
                                     const CommandContext& context) {
  ASSIGN_OR_RETURN(const ReportState* report,
                   FindReport(state, command.report_id()));
  if (ActingSubject(context.actor) != report->author.subject()) {
    return Broken(
        rules::kReportAuthorCorrects, "actor",
        absl::StrCat("only the report's author (", report->author.name(),
                     ") may issue a corrected version"));
  }
  RETURN_IF_ERROR(RequireText(command.reason(), "reason",
                              "a correction says what it corrects"));
  RETURN_IF_ERROR(CheckParts(command.parts()));
  v1::DomainEvent event;
  v1::ReportSubmitted& submitted = *event.mutable_report_submitted();
  submitted.set_case_id(state.case_id);
  submitted.set_conference_id(report->conference_id);
  submitted.set_report_id(command.report_id());
  submitted.set_version(static_cast<int>(report->versions.size()) + 1);
  *submitted.mutable_author() = report->author;
  submitted.set_title(command.title());
  *submitted.mutable_parts() = command.parts();
  submitted.set_correction_reason(command.reason());
  submitted.set_supersedes_event_id(report->versions.back().event_id);
  return Events{ForCase(state, std::move(event))};
}

absl::StatusOr<Events> RestrictReportPart(const CaseState& state,
                                          const v1::RestrictReportPart& command,
                                          const CommandContext&) {
  ASSIGN_OR_RETURN(const ReportState* report,
                   FindReport(state, command.report_id()));
  ASSIGN_OR_RETURN(int version, FindVersion(*report, command.version()));
  const std::vector<bool>& restricted =
      report->versions[version - 1].restricted;
  if (command.part_index() < 0 ||
      command.part_index() >= static_cast<int>(restricted.size())) {
    return Missing("part_index", absl::StrCat("version ", version, " has ",
                                              restricted.size(), " parts"));
  }
  if (restricted[command.part_index()]) {
    return Duplicate(rules::kOnce, "part_index", "the part is restricted");
  }
  RETURN_IF_ERROR(RequireText(command.reason(), "reason",
                              "say why the part is restricted"));
  v1::DomainEvent event;
  v1::ReportPartRestricted& marked = *event.mutable_report_part_restricted();
  marked.set_case_id(state.case_id);
  marked.set_report_id(command.report_id());
  marked.set_version(version);
  marked.set_part_index(command.part_index());
  marked.set_reason(command.reason());
  return Events{ForCase(state, std::move(event))};
}

absl::StatusOr<Events> ShareReport(const CaseState& state,
                                   const v1::ShareReport& command,
                                   const CommandContext& context) {
  ASSIGN_OR_RETURN(const ReportState* report,
                   FindReport(state, command.report_id()));
  ASSIGN_OR_RETURN(int version, FindVersion(*report, command.version()));
  ASSIGN_OR_RETURN(
      const v1::Participant* person,
      FindPerson(state, command.participant_id(), "participant_id"));
  if (person->role() != v1::PARTY_ROLE_PARENT &&
      person->role() != v1::PARTY_ROLE_CARER) {
    return Broken(rules::kReportSharedWithFamily, "participant_id",
                  absl::StrCat("reports are shared with parents and carers; ",
                               command.participant_id(), " is a ",
                               RoleName(person->role())));
  }
  const ReportVersionState& shared = report->versions[version - 1];
  if (shared.shared_with.contains(command.participant_id())) {
    return Duplicate(rules::kOnce, "participant_id",
                     absl::StrCat("version ", version,
                                  " was already shared "
                                  "with ",
                                  command.participant_id()));
  }
  const int parts = static_cast<int>(shared.restricted.size());
  std::set<int32_t> harmful;
  for (int32_t index : command.serious_harm_part_indexes()) {
    if (index < 0 || index >= parts) {
      return Invalid("serious_harm_part_indexes",
                     absl::StrCat("version ", version, " has parts 0 to ",
                                  parts - 1, "; not ", index));
    }
    harmful.insert(index);
  }
  v1::DomainEvent event;
  v1::ReportShared& record = *event.mutable_report_shared();
  record.set_case_id(state.case_id);
  record.set_report_id(command.report_id());
  record.set_version(version);
  record.set_participant_id(command.participant_id());
  *record.mutable_shared_on() = ToDate(Today(context));
  for (int i = 0; i < parts; ++i) {
    if (shared.restricted[i] || harmful.contains(i)) {
      record.add_withheld_part_indexes(i);
    }
  }
  for (int32_t index : harmful) record.add_serious_harm_part_indexes(index);
  return Events{ForCase(state, std::move(event))};
}

absl::StatusOr<Events> AcknowledgeReport(const CaseState& state,
                                         const v1::AcknowledgeReport& command,
                                         const CommandContext& context) {
  ASSIGN_OR_RETURN(const ReportState* report,
                   FindReport(state, command.report_id()));
  ASSIGN_OR_RETURN(int version, FindVersion(*report, command.version()));
  RETURN_IF_ERROR(CheckId(command.participant_id(), "participant_id"));
  const ReportVersionState& seen = report->versions[version - 1];
  if (!seen.shared_with.contains(command.participant_id())) {
    return Broken(rules::kReportSeenBeforeSigned, "participant_id",
                  absl::StrCat("a parent signs for a report they were shown; "
                               "version ",
                               version, " was not shared with ",
                               command.participant_id()));
  }
  if (seen.acknowledged_by.contains(command.participant_id())) {
    return Duplicate(rules::kOnce, "participant_id",
                     absl::StrCat(command.participant_id(),
                                  " already signed version ", version));
  }
  ASSIGN_OR_RETURN(absl::CivilDay signed_on,
                   DayOrToday(command.signed_on(), "signed_on", context));
  v1::DomainEvent event;
  v1::ReportAcknowledged& acknowledged = *event.mutable_report_acknowledged();
  acknowledged.set_case_id(state.case_id);
  acknowledged.set_report_id(command.report_id());
  acknowledged.set_version(version);
  acknowledged.set_participant_id(command.participant_id());
  *acknowledged.mutable_signed_on() = ToDate(signed_on);
  return Events{ForCase(state, std::move(event))};
}

absl::StatusOr<Events> RecordDisagreement(const CaseState& state,
                                          const v1::RecordDisagreement& command,
                                          const CommandContext&) {
  RETURN_IF_ERROR(CheckId(command.disagreement_id(), "disagreement_id"));
  if (state.disagreements.contains(command.disagreement_id())) {
    return Duplicate(rules::kOnce, "disagreement_id",
                     "the disagreement is already recorded");
  }
  if (command.report_id().empty()) {
    return Invalid("report_id", "a disagreement names the report it is about");
  }
  ASSIGN_OR_RETURN(const ReportState* report,
                   FindReport(state, command.report_id()));
  ASSIGN_OR_RETURN(int version, FindVersion(*report, command.version()));
  if (!v1::ReportSection_IsValid(command.section())) {
    return Invalid("section", "unknown report section");
  }
  RETURN_IF_ERROR(RequireText(command.reason(), "reason",
                              "a disagreement is recorded with its reason"));
  ASSIGN_OR_RETURN(
      const v1::Participant* person,
      FindPerson(state, command.participant_id(), "participant_id"));
  if (!IsFamily(person->role())) {
    return Broken(rules::kDisagreementByFamily, "participant_id",
                  absl::StrCat("a disagreement is recorded for a parent, a "
                               "carer or the child; ",
                               command.participant_id(), " is a ",
                               RoleName(person->role())));
  }
  if (!command.raised_by_participant_id().empty()) {
    RETURN_IF_ERROR(FindPerson(state, command.raised_by_participant_id(),
                               "raised_by_participant_id")
                        .status());
  }
  v1::DomainEvent event;
  v1::DisagreementRecorded& recorded = *event.mutable_disagreement_recorded();
  recorded.set_case_id(state.case_id);
  recorded.set_disagreement_id(command.disagreement_id());
  recorded.set_report_id(command.report_id());
  recorded.set_version(version);
  recorded.set_section(command.section());
  recorded.set_reason(command.reason());
  recorded.set_participant_id(command.participant_id());
  recorded.set_raised_by_participant_id(command.raised_by_participant_id());
  return Events{ForCase(state, std::move(event))};
}

absl::StatusOr<Events> RecordChildViews(const CaseState& state,
                                        const v1::RecordChildViews& command,
                                        const CommandContext& context) {
  RETURN_IF_ERROR(CheckId(command.views_id(), "views_id"));
  if (state.child.unborn()) {
    return Broken(rules::kChildViewsBorn, "case_id",
                  "an unborn baby cannot give views");
  }
  if (!command.conference_id().empty()) {
    RETURN_IF_ERROR(FindConference(state, command.conference_id()).status());
  }
  const v1::ChildViewChannel channel = command.channel();
  if (channel == v1::CHILD_VIEW_CHANNEL_UNSPECIFIED ||
      !v1::ChildViewChannel_IsValid(channel)) {
    return Invalid("channel", "say how the child's views were given");
  }
  if (channel != v1::CHILD_VIEW_CHANNEL_IN_PERSON &&
      channel != v1::CHILD_VIEW_CHANNEL_WRITTEN) {
    RETURN_IF_ERROR(CheckPerson(command.conveyed_by(), "conveyed_by", false));
  }
  if (!HasText(command.good_things()) && !HasText(command.difficult_things()) &&
      !HasText(command.who_helps_most()) &&
      !HasText(command.what_would_help()) && !HasText(command.other_views())) {
    return Invalid("good_things",
                   "record the child's answer to at least one question");
  }
  ASSIGN_OR_RETURN(absl::CivilDay given_on,
                   DayOrToday(command.given_on(), "given_on", context));
  v1::DomainEvent event;
  v1::ChildViewsRecorded& views = *event.mutable_child_views_recorded();
  views.set_case_id(state.case_id);
  views.set_views_id(command.views_id());
  views.set_conference_id(command.conference_id());
  views.set_channel(channel);
  *views.mutable_conveyed_by() = command.conveyed_by();
  *views.mutable_given_on() = ToDate(given_on);
  views.set_good_things(command.good_things());
  views.set_difficult_things(command.difficult_things());
  views.set_who_helps_most(command.who_helps_most());
  views.set_what_would_help(command.what_would_help());
  views.set_other_views(command.other_views());
  if (auto it = state.child_views.find(command.views_id());
      it != state.child_views.end()) {
    views.set_corrects_event_id(it->second);
  }
  return Events{ForCase(state, std::move(event))};
}

}  // namespace keeper::domain::internal
