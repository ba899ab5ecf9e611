// keeper decision-record: the record behind a conference's decision, as a
// document a reviewer can read (ReviewService.GetDecisionRecord).
#include <iostream>
#include <map>

#include "absl/flags/flag.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "keeper/v1/review_service.grpc.pb.h"
#include "tools/client.h"
#include "tools/client_commands.h"
#include "tools/labels.h"
#include "tools/local_time.h"
#include "tools/markers.h"
#include "tools/read_commands.h"

ABSL_FLAG(std::string, conference_id, "",
          "decision-record, report decision: the conference");

namespace keeper::tools {
namespace {

// Everyone the record names, by participant id.
std::map<std::string, v1::Participant> People(const v1::DecisionRecord& r) {
  std::map<std::string, v1::Participant> people;
  for (const v1::Participant& p : r.invited()) people[p.participant_id()] = p;
  for (const auto& a : r.attendance()) {
    people[a.participant().participant_id()] = a.participant();
  }
  for (const auto& v : r.views()) {
    if (!v.participant().participant_id().empty()) {
      people[v.participant_id()] = v.participant();
    }
  }
  return people;
}

class Document {
 public:
  explicit Document(const v1::DecisionRecord& record)
      : r_(record),
        people_(People(record)),
        zone_(ZoneForVersion(DisplayPolicies(),
                             record.decision().policy_version())) {}

  // "Mum Smith (parent)"; the bare id for someone the record does not name.
  std::string Who(const std::string& id) const {
    auto it = people_.find(id);
    if (it == people_.end() || it->second.person().name().empty()) return id;
    return absl::StrCat(it->second.person().name(), " (", Role(it->second),
                        ")");
  }

  // Every participant: invited or not, how they attended, their view.
  Table Participants() const {
    Table table({{"participant_id", "participant"},
                 {"name", "name"},
                 {"role", "role"},
                 {"agency", "agency"},
                 {"invited", "invited"},
                 {"attendance", "attendance"},
                 {"note", "part attended or reason absent"},
                 {"view", "view at the decision"}});
    std::map<std::string, const v1::AttendanceRecorded*> attended;
    for (const auto& a : r_.attendance()) {
      attended[a.participant().participant_id()] = &a;
    }
    std::map<std::string, std::string> views;
    for (const auto& v : r_.views()) {
      if (!v.changes().empty()) {
        views[v.participant_id()] = Label(v.changes().rbegin()->view());
      }
    }
    std::set<std::string> invited;
    for (const auto& p : r_.invited()) invited.insert(p.participant_id());
    std::vector<std::string> order;
    for (const auto& p : r_.invited()) order.push_back(p.participant_id());
    for (const auto& [id, p] : people_) {
      if (!invited.contains(id)) order.push_back(id);
    }
    for (const std::string& id : order) {
      const v1::Participant& p = people_.at(id);
      std::string attendance = "not recorded", note;
      if (auto it = attended.find(id); it != attended.end()) {
        attendance = Label(it->second->attendance());
        note = it->second->attendance() == v1::ATTENDANCE_ABSENT
                   ? it->second->absence_reason()
                   : it->second->part_attended();
      }
      table.AddRow({id, p.person().name(), Role(p), Label(p.person().agency()),
                    invited.contains(id) ? "yes" : "no", attendance, note,
                    views.contains(id) ? views.at(id) : ""});
    }
    return table;
  }

  void Print(std::ostream& out) const {
    const v1::ConferenceScheduled& c = r_.conference();
    const v1::DecisionRecorded& d = r_.decision();
    out << "Decision record: case " << r_.case_id() << ", conference "
        << r_.conference_id() << "\n\n";
    Fields about;
    about.Add("child", absl::StrCat(ChildName(r_.child()), ", born ",
                                    BirthText(r_.child())));
    about.Add("conference", Label(c.kind()));
    about.Add("date", MinuteText(c.starts_at(), zone_));
    about.Add("due by", DateText(c.due_by()));
    about.Add("location", c.location());
    about.Add("chair", PersonText(c.chair()));
    about.Add("minute taker", PersonText(c.minute_taker()));
    const v1::ConferenceOpened& o = r_.opening();
    about.Add("opened", MinuteText(o.opened_at(), zone_));
    about.Add("quorate",
              o.quorate() ? "yes" : absl::StrCat("no: ", o.inquorate_reason()));
    about.Add("policy", d.policy_version());
    out << about.Text() << "\nParticipants\n" << Participants().Text();

    out << "\nReports current at the decision\n";
    Table reports({{"report", "report"},
                   {"version", "version"},
                   {"title", "title"},
                   {"author", "author"},
                   {"seen_by", "seen by"},
                   {"signed_by", "signed by"},
                   {"withheld", "parts withheld from you"}});
    for (const v1::ReportAtDecision& report : r_.reports()) {
      std::vector<std::string> seen, signed_by;
      for (const auto& s : report.shared()) {
        seen.push_back(absl::StrCat(Who(s.participant_id()), " on ",
                                    DateText(s.shared_on())));
      }
      for (const auto& a : report.acknowledged()) {
        signed_by.push_back(absl::StrCat(Who(a.participant_id()), " on ",
                                         DateText(a.signed_on())));
      }
      int withheld = 0;
      for (const v1::ReportPart& part : report.version().parts()) {
        withheld += part.restricted() && part.text().empty();
      }
      reports.AddRow({report.version().report_id(),
                      std::to_string(report.version().version()),
                      report.version().title(),
                      PersonText(report.version().author()),
                      absl::StrJoin(seen, "; "), absl::StrJoin(signed_by, "; "),
                      withheld > 0 ? std::to_string(withheld) : ""});
    }
    out << reports.Text();
    if (const std::string text = MarkersText(r_.markers()); !text.empty()) {
      out << "\n" << text;
    }

    out << "\nDisagreements with reports\n";
    Table disagreements({{"by", "by"},
                         {"report", "report"},
                         {"section", "section"},
                         {"reason", "reason"}});
    for (const auto& x : r_.disagreements()) {
      disagreements.AddRow({Who(x.participant_id()), x.report_id(),
                            x.section() == v1::REPORT_SECTION_UNSPECIFIED
                                ? "the whole report"
                                : Label(x.section()),
                            x.reason()});
    }
    out << disagreements.Text();

    out << "\nThe child's views\n";
    if (r_.child_views().empty()) out << "(none recorded)\n";
    for (const auto& v : r_.child_views()) {
      Fields views;
      views.Add("channel", Label(v.channel()));
      views.Add("conveyed by", PersonText(v.conveyed_by()));
      views.Add("given on", DateText(v.given_on()));
      views.Add("good things", v.good_things());
      views.Add("difficult things", v.difficult_things());
      views.Add("who helps most", v.who_helps_most());
      views.Add("what would help", v.what_would_help());
      views.Add("other views", v.other_views());
      out << "- " << Label(v.channel()) << "\n" << views.Text(2);
    }

    out << "\nProfessionals' views on registration\n";
    Table views({{"by", "by"},
                 {"change", "change"},
                 {"view", "view"},
                 {"reasons", "reasons"}});
    for (const v1::ViewHistory& h : r_.views()) {
      for (const auto& change : h.changes()) {
        views.AddRow({Who(h.participant_id()),
                      change.change_number() == 0
                          ? "first view"
                          : absl::StrCat("change ", change.change_number()),
                      Label(change.view()), change.reasons()});
      }
    }
    out << views.Text();

    out << "\nDecision\n";
    std::vector<std::string> outcomes;
    for (int o : d.outcomes()) outcomes.push_back(Label(v1::Outcome(o)));
    Fields decision;
    decision.Add("decided on", DateText(d.decided_on()));
    decision.Add("recorded",
                 absl::StrCat(RecordedText(r_.decided_at_time(), zone_),
                              ", position ", r_.decided_at_position()));
    decision.Add("outcomes", absl::StrJoin(outcomes, ", "));
    decision.Add("views",
                 absl::StrCat(d.views_register(), " register, ",
                              d.views_do_not_register(), " do not register"));
    decision.Add("decided by", d.chair_decided()
                                   ? "the chair, as the views differed"
                                   : "the professionals' unanimous view");
    decision.Add("chair's reasons", d.reasons());
    decision.Add("minutes due", DateText(d.minutes_due()));
    decision.Add("review request by", DateText(d.review_request_due()));
    decision.Add("next review due", DateText(d.next_review_due()));
    out << decision.Text();

    out << "\nDissent\n";
    Table dissent({{"by", "by"}, {"statement", "statement"}});
    for (const auto& x : r_.dissent()) {
      dissent.AddRow({Who(x.participant_id()), x.statement()});
    }
    out << dissent.Text();
  }

 private:
  static std::string Role(const v1::Participant& p) {
    return p.relationship().empty()
               ? Label(p.role())
               : absl::StrCat(Label(p.role()), ", ", p.relationship());
  }

  const v1::DecisionRecord& r_;
  std::map<std::string, v1::Participant> people_;
  absl::TimeZone zone_;
};

}  // namespace

int RunDecisionRecord(const Args&) {
  v1::GetDecisionRecordRequest request;
  request.set_case_id(absl::GetFlag(FLAGS_case_id));
  request.set_conference_id(absl::GetFlag(FLAGS_conference_id));
  if (request.case_id().empty() || request.conference_id().empty()) {
    return Fail(
        absl::InvalidArgumentError("give --case_id and --conference_id"));
  }
  auto channel = ConnectFromFlags();
  if (!channel.ok()) return Fail(channel.status());
  grpc::ClientContext context;
  AddCallMetadata(context, kReadDeadline);
  v1::DecisionRecord record;
  const grpc::Status status =
      v1::ReviewService::NewStub(*channel)->GetDecisionRecord(&context, request,
                                                              &record);
  if (!status.ok()) return FailRpc(status);
  const Document document(record);
  switch (OutputFormat()) {
    case Format::kJson:
      std::cout << ToJsonLine(record) << "\n";
      break;
    case Format::kCsv:  // the document's one listing: who took part, and how
      std::cout << document.Participants().Csv();
      break;
    case Format::kText:
      document.Print(std::cout);
      break;
  }
  return 0;
}

}  // namespace keeper::tools
