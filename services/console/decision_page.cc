// A decision record as a printable document, with a footer that ties it to
// the log: its position, the signed checkpoint that includes it, and
// whether the inclusion proof verified against that checkpoint here.
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/status_macros.h"
#include "domain/withholding.h"
#include "eventstore/merkle.h"
#include "eventstore/signed_note.h"
#include "projections/decision_record.h"
#include "projections/register.h"
#include "services/console/html.h"
#include "services/console/markers.h"
#include "services/console/pages.h"
#include "services/grpc/status_util.h"

namespace keeper::services::console {
namespace {

struct ProofCheck {
  eventstore::StoredCheckpoint checkpoint;
  absl::Status verified;  // OK once the proof leads to the signed root
};

// Proves the event at `position` against the latest checkpoint (signing
// one that covers it if there is none yet) and checks the proof with the
// log's own verifier, as `keeper proof verify` would.
absl::StatusOr<ProofCheck> CheckInclusion(const Sources& sources,
                                          uint64_t position) {
  if (sources.publisher == nullptr) {
    return absl::FailedPreconditionError("no checkpoints are signed here");
  }
  ProofCheck check;
  ASSIGN_OR_RETURN(check.checkpoint, sources.publisher->Latest());
  if (check.checkpoint.tree_size < position) {
    ASSIGN_OR_RETURN(check.checkpoint, sources.publisher->PublishNow());
  }
  ASSIGN_OR_RETURN(eventstore::EventEnvelope event,
                   sources.store->ReadPosition(position));
  ASSIGN_OR_RETURN(
      std::vector<std::string> path,
      sources.store->InclusionProof(position, check.checkpoint.tree_size));
  absl::StatusOr<eventstore::Checkpoint> opened = eventstore::OpenCheckpoint(
      check.checkpoint.note, sources.publisher->verifier());
  check.verified =
      opened.ok() ? eventstore::VerifyInclusion(
                        eventstore::MerkleLeafHash(event.hash()), position - 1,
                        check.checkpoint.tree_size, path, opened->root_hash)
                  : opened.status();
  return check;
}

std::string Footer(const v1::DecisionRecord& record,
                   const absl::StatusOr<ProofCheck>& check) {
  const uint64_t position = record.decided_at_position();
  std::string out = absl::StrCat(
      "<footer class=\"proof\" id=\"proof\"><p>The decision is event <strong>",
      position, "</strong> of the log, recorded ",
      Escape(TimeText(record.decided_at_time())), ".</p>");
  if (!check.ok()) {
    absl::StrAppend(&out, "<p>Its inclusion could not be proved here: ",
                    Escape(check.status().message()), "</p>");
  } else {
    absl::StrAppend(
        &out,
        "<p>It is included in the signed checkpoint of tree size <strong>",
        check->checkpoint.tree_size, "</strong>:</p><pre id=\"checkpoint\">",
        Escape(check->checkpoint.note), "</pre><p id=\"verified\">",
        check->verified.ok()
            ? "Inclusion proof: <strong>verified</strong> by the server "
              "against "
              "this checkpoint."
            : absl::StrCat("Inclusion proof: <strong>FAILED</strong>: ",
                           Escape(check->verified.message())),
        "</p>");
  }
  absl::StrAppend(
      &out,
      "<p>To check it independently, save the checkpoint above as "
      "<code>saved.checkpoint</code> and run:</p><pre>keeper key &gt; "
      "keeper.vkey\nkeeper --as inspector --purpose verification proof event "
      "--position ",
      position,
      " &gt; proof.json\nkeeper proof verify --proof proof.json --verifier_key "
      "keeper.vkey --checkpoint saved.checkpoint</pre></footer>");
  return out;
}

std::string Parts(const v1::ReportSubmitted& version) {
  std::string out;
  for (const v1::ReportPart& part : version.parts()) {
    absl::StrAppend(&out, "<h4>",
                    Escape(v1::ReportSection_Name(part.section())), "</h4>");
    if (part.restricted() && part.text().empty()) {
      out += "<p class=\"withheld\">This part is restricted and withheld.</p>";
    } else {
      absl::StrAppend(&out, "<p>", Escape(part.text()), "</p>");
      if (part.restricted()) {
        absl::StrAppend(&out, "<p class=\"withheld\">Restricted: ",
                        Escape(part.restriction_reason()), "</p>");
      }
    }
  }
  return out;
}

}  // namespace

absl::StatusOr<Page> DecisionRecordPage(const Sources& sources,
                                        const Caller& caller,
                                        const Params& params) {
  const std::string case_id = Param(params, "case_id");
  const std::string conference_id = Param(params, "conference_id");
  return ReadPage(
      sources, caller, "DecisionRecord", case_id,
      absl::StrCat("decision record of ", case_id, " conference ",
                   conference_id),
      [&](ReadCall& call) -> absl::StatusOr<Page> {
        if (case_id.empty())
          return InvalidField("case_id", "must name the case");
        if (conference_id.empty()) {
          return InvalidField("conference_id", "must name the conference");
        }
        ASSIGN_OR_RETURN(std::optional<std::string> authority,
                         projections::CaseAuthority(*sources.engine, case_id));
        if (authority.has_value()) RETURN_IF_ERROR(call.ScopeTo(*authority));
        absl::StatusOr<v1::DecisionRecord> record =
            projections::GetDecisionRecord(*sources.engine, case_id,
                                           conference_id);
        // Whether a case has a decision is itself case data.
        if (!record.ok()) return AnsweredWith(record.status());
        const bool family_facing = call.family_facing();
        if (family_facing) domain::WithholdRestrictedParts(*record);
        const v1::DecisionRecorded& decision = record->decision();
        std::vector<std::string> outcomes;
        for (int o : decision.outcomes())
          outcomes.push_back(v1::Outcome_Name(o));
        std::string body = absl::StrCat(
            "<p>Child: <strong>", Escape(record->child().given_name()), " ",
            Escape(record->child().family_name()), "</strong>; case ",
            Escape(case_id), "; conference ", Escape(conference_id),
            "; decided on ", Escape(DateText(decision.decided_on())), ".</p>",
            "<h2>Decision</h2><p id=\"outcomes\">",
            Escape(absl::StrJoin(outcomes, ", ")),
            "</p><p>Reasons: ", Escape(decision.reasons()),
            "</p><p>Policy version ", Escape(decision.policy_version()),
            "; views to register ", decision.views_register(),
            ", not to register ", decision.views_do_not_register(),
            decision.chair_decided() ? "; decided by the chair" : "", ".</p>",
            MarkerNotes(record->markers(), record->decided_at_position()));
        std::vector<std::vector<std::string>> attendance;
        for (const v1::AttendanceRecorded& a : record->attendance()) {
          attendance.push_back({Escape(a.participant().person().name()),
                                Escape(v1::Attendance_Name(a.attendance())),
                                Escape(a.absence_reason())});
        }
        absl::StrAppend(
            &body, "<h2>Attendance</h2>",
            Table({"Who", "Attendance", "Reason"}, attendance, "attendance"),
            "<h2>Reports at the decision</h2>");
        for (const v1::ReportAtDecision& report : record->reports()) {
          const v1::ReportSubmitted& v = report.version();
          absl::StrAppend(
              &body, "<section class=\"report\"><h3>", Escape(v.title()), " (",
              Escape(v.report_id()), ", version ", v.version(), ", by ",
              Escape(PersonText(v.author())), ")</h3>", Parts(v), "</section>");
          for (const v1::ContentMarker& marker : record->markers()) {
            if (marker.content().report_id() == v.report_id() &&
                marker.content().version() == v.version()) {
              absl::StrAppend(&body, MarkerNotes(record->markers(),
                                                 marker.content().position()));
              break;
            }
          }
        }
        if (!record->dissent().empty()) {
          body += "<h2>Dissent</h2>";
          for (const v1::DissentRecorded& d : record->dissent()) {
            absl::StrAppend(&body, "<p>", Escape(d.participant_id()), ": ",
                            Escape(d.statement()), "</p>");
          }
        }
        absl::StrAppend(
            &body,
            Footer(*record,
                   CheckInclusion(sources, record->decided_at_position())));
        call.record().returned =
            absl::StrCat("decision record page of conference ", conference_id,
                         ", ", record->reports_size(), " reports",
                         family_facing ? ", restricted parts withheld" : "");
        return Page{absl::StrCat("Decision record: ", conference_id),
                    std::move(body)};
      });
}

}  // namespace keeper::services::console
