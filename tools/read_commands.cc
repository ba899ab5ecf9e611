// keeper register check | decision-record | access-trail: an operator's
// reads through a running keeperd. Each is an audited read like any
// client's, so each needs --purpose.
#include <iostream>

#include "absl/flags/flag.h"
#include "absl/strings/str_join.h"
#include "google/protobuf/util/time_util.h"
#include "keeper/v1/audit_service.grpc.pb.h"
#include "keeper/v1/register_service.grpc.pb.h"
#include "keeper/v1/review_service.grpc.pb.h"
#include "domain/policy/dates.h"
#include "tools/client.h"
#include "tools/client_commands.h"

ABSL_FLAG(std::string, case_id, "", "the child's case");
ABSL_FLAG(std::string, given_name, "", "register check: the given name");
ABSL_FLAG(std::string, family_name, "", "register check: the family name");
ABSL_FLAG(std::string, date_of_birth, "",
          "register check: YYYY-MM-DD (or the expected delivery date)");
ABSL_FLAG(std::string, conference_id, "", "decision-record: the conference");
ABSL_FLAG(std::string, actor, "",
          "access-trail: only this caller (certificate CN)");
ABSL_FLAG(std::string, agency, "", "access-trail: only this agency");
ABSL_FLAG(int64_t, limit, 1000, "access-trail: at most this many entries");

namespace keeper::tools {
namespace {

constexpr absl::Duration kDeadline = absl::Seconds(30);

using google::protobuf::util::TimeUtil;

std::string OutcomeNames(const google::protobuf::RepeatedField<int>& values) {
  std::vector<std::string> names;
  for (int value : values) {
    names.push_back(v1::Outcome_Name(static_cast<v1::Outcome>(value)));
  }
  return absl::StrJoin(names, ", ");
}

void PrintCheck(const v1::RegisterCheckResult& result) {
  std::cout << "on register: " << (result.on_register() ? "yes" : "no") << "\n";
  for (const v1::RegisterMatch& match : result.matches()) {
    std::cout << "  case " << match.case_id() << " (" << match.local_authority()
              << (match.temporary() ? ", temporary" : "") << ")\n"
              << "    areas of concern: "
              << absl::StrJoin(match.areas_of_concern(), "; ") << "\n"
              << "    lead professional: " << match.lead_professional_name()
              << ", " << match.lead_professional_contact() << "\n";
  }
}

void PrintDecisionRecord(const v1::DecisionRecord& record) {
  const v1::DecisionRecorded& decision = record.decision();
  std::cout << "case " << record.case_id() << ", conference "
            << record.conference_id() << "\n"
            << "decided at position " << record.decided_at_position() << ", "
            << TimeUtil::ToString(record.decided_at_time()) << "\n"
            << "outcomes: " << OutcomeNames(decision.outcomes()) << "\n"
            << "reasons: " << decision.reasons() << "\n"
            << "views: " << decision.views_register() << " register, "
            << decision.views_do_not_register() << " do not register"
            << (decision.chair_decided() ? "; the chair decided" : "") << "\n"
            << "quorate: " << (record.opening().quorate() ? "yes" : "no")
            << "; attendance records: " << record.attendance_size() << "\n"
            << "policy: " << decision.policy_version() << "\n";
  for (const v1::ReportAtDecision& report : record.reports()) {
    int withheld = 0;
    for (const v1::ReportPart& part : report.version().parts()) {
      withheld += part.restricted() && part.text().empty();
    }
    std::cout << "report " << report.version().report_id() << " v"
              << report.version().version() << " \"" << report.version().title()
              << "\": shared " << report.shared_size() << ", acknowledged "
              << report.acknowledged_size();
    if (withheld > 0) std::cout << ", parts withheld: " << withheld;
    std::cout << "\n";
  }
  for (const v1::DisagreementRecorded& d : record.disagreements()) {
    std::cout << "disagreement by " << d.participant_id() << " with "
              << d.report_id() << ": " << d.reason() << "\n";
  }
  for (const v1::DissentRecorded& d : record.dissent()) {
    std::cout << "dissent by " << d.participant_id() << ": " << d.statement()
              << "\n";
  }
}

void PrintTrailEntry(const v1::AccessTrailEntry& entry) {
  const v1::AccessRecord& record = entry.record();
  const bool granted = record.outcome() == v1::ACCESS_GRANTED;
  std::cout << entry.position() << "  "
            << TimeUtil::ToString(entry.recorded_time()) << "  "
            << entry.actor().subject() << " (" << entry.actor().agency() << "/"
            << entry.actor().role() << ")  "
            << (granted ? "granted" : "REFUSED") << "  " << record.method();
  if (!record.case_ids().empty()) {
    std::cout << "  cases: " << absl::StrJoin(record.case_ids(), ",");
  }
  std::cout << "  purpose: \"" << entry.purpose() << "\"  "
            << (granted ? record.returned() : record.reason()) << "\n";
}

}  // namespace

int RunRegisterCheck(const Args&) {
  v1::RegisterCheckRequest request;
  if (const std::string id = absl::GetFlag(FLAGS_case_id); !id.empty()) {
    request.set_case_id(id);
  } else {
    const std::string birth = absl::GetFlag(FLAGS_date_of_birth);
    std::optional<absl::CivilDay> day = domain::ParseDay(birth);
    if (absl::GetFlag(FLAGS_family_name).empty() || !day.has_value()) {
      return Fail(absl::InvalidArgumentError(
          "give --case_id, or --family_name and --date_of_birth YYYY-MM-DD "
          "(and --given_name)"));
    }
    v1::NameAndBirth* who = request.mutable_name_and_birth();
    who->set_given_name(absl::GetFlag(FLAGS_given_name));
    who->set_family_name(absl::GetFlag(FLAGS_family_name));
    *who->mutable_date_of_birth() = domain::ToDate(*day);
  }
  auto channel = ConnectFromFlags();
  if (!channel.ok()) return Fail(channel.status());
  grpc::ClientContext context;
  AddCallMetadata(context, kDeadline);
  v1::RegisterCheckResult result;
  const grpc::Status status =
      v1::RegisterService::NewStub(*channel)->CheckRegister(&context, request,
                                                            &result);
  if (!status.ok()) return FailRpc(status);
  if (absl::GetFlag(FLAGS_json)) {
    std::cout << ToJsonLine(result) << "\n";
  } else {
    PrintCheck(result);
  }
  return 0;
}

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
  AddCallMetadata(context, kDeadline);
  v1::DecisionRecord record;
  const grpc::Status status =
      v1::ReviewService::NewStub(*channel)->GetDecisionRecord(&context, request,
                                                              &record);
  if (!status.ok()) return FailRpc(status);
  if (absl::GetFlag(FLAGS_json)) {
    std::cout << ToJsonLine(record) << "\n";
  } else {
    PrintDecisionRecord(record);
  }
  return 0;
}

int RunAccessTrail(const Args&) {
  v1::AccessTrailQuery query;
  query.set_case_id(absl::GetFlag(FLAGS_case_id));
  query.set_actor_subject(absl::GetFlag(FLAGS_actor));
  query.set_agency(absl::GetFlag(FLAGS_agency));
  const int64_t limit = absl::GetFlag(FLAGS_limit);
  if (limit <= 0)
    return Fail(absl::InvalidArgumentError("--limit must be > 0"));
  auto channel = ConnectFromFlags();
  if (!channel.ok()) return Fail(channel.status());
  auto stub = v1::AuditService::NewStub(*channel);
  int64_t shown = 0;
  // Each page is a read of its own, and recorded as one.
  do {
    query.set_page_size(
        static_cast<int>(std::min<int64_t>(limit - shown, 1000)));
    grpc::ClientContext context;
    AddCallMetadata(context, kDeadline);
    v1::AccessTrailPage page;
    const grpc::Status status = stub->QueryAccessTrail(&context, query, &page);
    if (!status.ok()) return FailRpc(status);
    for (const v1::AccessTrailEntry& entry : page.entries()) {
      if (absl::GetFlag(FLAGS_json)) {
        std::cout << ToJsonLine(entry) << "\n";
      } else {
        PrintTrailEntry(entry);
      }
      ++shown;
    }
    query.set_page_token(page.next_page_token());
  } while (!query.page_token().empty() && shown < limit);
  std::cout.flush();
  return 0;
}

}  // namespace keeper::tools
