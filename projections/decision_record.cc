#include "projections/decision_record.h"

#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "domain/rectification.h"
#include "keeper/v1/case_events.pb.h"
#include "keeper/v1/decision_events.pb.h"
#include "keeper/v1/report_events.pb.h"
#include "projections/case_view.h"
#include "projections/state_bytes.h"

namespace keeper::projections {
namespace {

std::string KnowledgeKey(const std::string& case_id) { return "k" + case_id; }
std::string RecordKey(const std::string& case_id,
                      const std::string& conference_id) {
  return "d" + case_id + '\0' + conference_id;
}

// Folds one event into what is known about its case. Returns false when
// the event says nothing the record needs.
bool Learn(const v1::EventEnvelope& event, v1::CaseKnowledge& known) {
  if (v1::CaseOpened e; Unpack(event, &e)) {
    *known.mutable_child() = e.child();
  } else if (v1::ChildDetailsAmended e; Unpack(event, &e)) {
    *known.mutable_child() = e.child();
  } else if (v1::ConferenceScheduled e; Unpack(event, &e)) {
    (*known.mutable_conferences())[e.conference_id()] = e;
  } else if (v1::ParticipantInvited e; Unpack(event, &e)) {
    (*known.mutable_participants())[e.participant().participant_id()] =
        e.participant();
    auto* invited =
        (*known.mutable_invited())[e.conference_id()].mutable_participants();
    bool replaced = false;
    for (auto& existing : *invited) {
      if (existing.participant_id() == e.participant().participant_id()) {
        existing = e.participant();
        replaced = true;
      }
    }
    if (!replaced) *invited->Add() = e.participant();
  } else if (v1::ReportSubmitted e; Unpack(event, &e)) {
    // A new version replaces the old in what is current; the old stays in
    // the log.
    v1::ReportAtDecision report;
    *report.mutable_version() = e;
    for (int i = 0; i < e.parts_size(); ++i) {
      if (e.parts(i).restricted()) report.add_restricted_part_indexes(i);
    }
    (*known.mutable_reports())[e.report_id()] = report;
  } else if (v1::ReportPartRestricted e; Unpack(event, &e)) {
    auto it = known.mutable_reports()->find(e.report_id());
    if (it != known.mutable_reports()->end() &&
        it->second.version().version() == e.version()) {
      it->second.add_restricted_part_indexes(e.part_index());
    }
  } else if (v1::ReportShared e; Unpack(event, &e)) {
    auto it = known.mutable_reports()->find(e.report_id());
    if (it != known.mutable_reports()->end() &&
        it->second.version().version() == e.version()) {
      *it->second.add_shared() = e;
    }
  } else if (v1::ReportAcknowledged e; Unpack(event, &e)) {
    auto it = known.mutable_reports()->find(e.report_id());
    if (it != known.mutable_reports()->end() &&
        it->second.version().version() == e.version()) {
      *it->second.add_acknowledged() = e;
    }
  } else if (v1::DisagreementRecorded e; Unpack(event, &e)) {
    *known.add_disagreements() = e;
  } else if (v1::ChildViewsRecorded e; Unpack(event, &e)) {
    // A correction replaces the views it corrects.
    auto* views = known.mutable_child_views();
    bool replaced = false;
    for (auto& existing : *views) {
      if (existing.views_id() == e.views_id()) {
        existing = e;
        replaced = true;
      }
    }
    if (!replaced) *views->Add() = e;
  } else if (v1::AttendanceRecorded e; Unpack(event, &e)) {
    auto* records =
        (*known.mutable_attendance())[e.conference_id()].mutable_records();
    bool replaced = false;
    for (auto& existing : *records) {
      if (existing.participant().participant_id() ==
          e.participant().participant_id()) {
        existing = e;
        replaced = true;
      }
    }
    if (!replaced) *records->Add() = e;
    (*known.mutable_participants())[e.participant().participant_id()] =
        e.participant();
  } else if (v1::ConferenceOpened e; Unpack(event, &e)) {
    (*known.mutable_openings())[e.conference_id()] = e;
  } else if (v1::RegistrationViewGiven e; Unpack(event, &e)) {
    auto* histories =
        (*known.mutable_views())[e.conference_id()].mutable_histories();
    v1::ViewHistory* history = nullptr;
    for (auto& existing : *histories) {
      if (existing.participant_id() == e.participant_id()) history = &existing;
    }
    if (history == nullptr) {
      history = histories->Add();
      history->set_participant_id(e.participant_id());
      auto person = known.participants().find(e.participant_id());
      if (person != known.participants().end()) {
        *history->mutable_participant() = person->second;
      }
    }
    *history->add_changes() = e;
  } else {
    return false;
  }
  return true;
}

bool ForConference(const std::string& of_event, const std::string& conference) {
  return of_event.empty() || of_event == conference;
}

v1::DecisionRecord Freeze(const v1::EventEnvelope& event,
                          const v1::DecisionRecorded& decision,
                          const v1::CaseKnowledge& known) {
  const std::string& conference = decision.conference_id();
  v1::DecisionRecord record;
  record.set_case_id(decision.case_id());
  record.set_conference_id(conference);
  if (auto it = known.conferences().find(conference);
      it != known.conferences().end()) {
    *record.mutable_conference() = it->second;
  }
  record.set_decided_at_position(event.position());
  *record.mutable_decided_at_time() = event.recorded_time();
  *record.mutable_decision() = decision;
  *record.mutable_child() = known.child();
  std::set<std::string> report_ids;
  for (const auto& [id, report] : known.reports()) {
    if (!ForConference(report.version().conference_id(), conference)) continue;
    *record.add_reports() = report;
    report_ids.insert(id);
  }
  for (const auto& disagreement : known.disagreements()) {
    if (report_ids.contains(disagreement.report_id())) {
      *record.add_disagreements() = disagreement;
    }
  }
  for (const auto& views : known.child_views()) {
    if (ForConference(views.conference_id(), conference)) {
      *record.add_child_views() = views;
    }
  }
  if (auto it = known.attendance().find(conference);
      it != known.attendance().end()) {
    *record.mutable_attendance() = it->second.records();
  }
  if (auto it = known.openings().find(conference);
      it != known.openings().end()) {
    *record.mutable_opening() = it->second;
  }
  if (auto it = known.views().find(conference); it != known.views().end()) {
    *record.mutable_views() = it->second.histories();
  }
  if (auto it = known.invited().find(conference); it != known.invited().end()) {
    *record.mutable_invited() = it->second.participants();
  }
  return record;
}

class DecisionRecordProjection final : public Projection {
 public:
  std::string name() const override { return kDecisionRecord; }

  absl::Status Apply(const v1::EventEnvelope& event,
                     StateWriter& state) override {
    if (v1::DissentRecorded dissent; Unpack(event, &dissent)) {
      const std::string key =
          RecordKey(dissent.case_id(), dissent.conference_id());
      ASSIGN_OR_RETURN(std::optional<std::string> stored, state.Get(key));
      v1::DecisionRecord record;
      if (stored.has_value() && record.ParseFromString(*stored)) {
        *record.add_dissent() = dissent;
        state.Put(key, StateBytes(record));
      }
      return absl::OkStatus();
    }
    const std::string case_id = CaseIdOf(event);
    if (case_id.empty()) return absl::OkStatus();
    ASSIGN_OR_RETURN(std::optional<std::string> stored,
                     state.Get(KnowledgeKey(case_id)));
    v1::CaseKnowledge known;
    if (stored.has_value() && !known.ParseFromString(*stored)) {
      return absl::DataLossError("corrupt case knowledge for " + case_id);
    }
    if (v1::DecisionRecorded decision; Unpack(event, &decision)) {
      state.Put(RecordKey(case_id, decision.conference_id()),
                StateBytes(Freeze(event, decision, known)));
      return absl::OkStatus();
    }
    if (Learn(event, known)) {
      state.Put(KnowledgeKey(case_id), StateBytes(known));
    }
    return absl::OkStatus();
  }

 private:
  static std::string CaseIdOf(const v1::EventEnvelope& event) {
    constexpr std::string_view kPrefix = "case-";
    return event.stream_id().starts_with(kPrefix)
               ? event.stream_id().substr(kPrefix.size())
               : "";
  }
};

}  // namespace

std::unique_ptr<Projection> NewDecisionRecordProjection() {
  return std::make_unique<DecisionRecordProjection>();
}

absl::StatusOr<v1::DecisionRecord> GetDecisionRecord(
    const ProjectionEngine& engine, const std::string& case_id,
    const std::string& conference_id) {
  ASSIGN_OR_RETURN(
      std::optional<std::string> stored,
      engine.Get(kDecisionRecord, RecordKey(case_id, conference_id)));
  if (!stored.has_value()) {
    return absl::NotFoundError(absl::StrCat("conference ", conference_id,
                                            " of case ", case_id,
                                            " has no recorded decision"));
  }
  v1::DecisionRecord record;
  if (!record.ParseFromString(*stored)) {
    return absl::DataLossError("corrupt decision record");
  }
  // The frozen record, with the content's accuracy as it stands now.
  ASSIGN_OR_RETURN(domain::CaseState state, ReadCaseState(engine, case_id));
  for (v1::ContentMarker& marker :
       domain::MarkersOfRecord(domain::ContentMarkers(state), record)) {
    *record.add_markers() = std::move(marker);
  }
  return record;
}

}  // namespace keeper::projections
