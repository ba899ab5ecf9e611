#include "services/grpc/retention_service.h"

#include <algorithm>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/status_macros.h"
#include "domain/ids.h"
#include "domain/policy/dates.h"
#include "domain/retention.h"
#include "projections/retention.h"
#include "services/access/audited_read.h"
#include "services/grpc/status_util.h"

namespace keeper::services {
namespace {

constexpr char kPlace[] = "/keeper.v1.RetentionService/PlaceLegalHold";
constexpr char kLift[] = "/keeper.v1.RetentionService/LiftLegalHold";
constexpr char kReport[] = "/keeper.v1.RetentionService/GetRetentionReport";

void AddCase(std::vector<std::string>& cases, const std::string& case_id) {
  if (!case_id.empty() &&
      std::find(cases.begin(), cases.end(), case_id) == cases.end()) {
    cases.push_back(case_id);
  }
}

// The cases a report lists, due or held: the access trail names them.
void NameCases(const v1::RetentionItem& item, std::vector<std::string>& cases) {
  AddCase(cases, item.case_record().case_id());
  for (const std::string& case_id : item.access_events().case_ids()) {
    AddCase(cases, case_id);
  }
}

}  // namespace

RetentionService::RetentionService(domain::HoldCommands& holds,
                                   const eventstore::EventStore& store,
                                   const projections::ProjectionEngine& engine,
                                   const domain::PolicyRegistry& policies,
                                   AccessGate& gate, HandlerPool& pool)
    : PooledService(pool, gate),
      holds_(holds),
      store_(store),
      engine_(engine),
      policies_(policies) {
  Serve("PlaceLegalHold", &RetentionService::HandlePlace);
  Serve("LiftLegalHold", &RetentionService::HandleLift);
  Serve("GetRetentionReport", &RetentionService::HandleReport);
}

absl::StatusOr<domain::CallContext> RetentionService::AdmitCommand(
    grpc::ServerContextBase& context, const std::string& method,
    const std::string& authority, const ReadSubject& subject) {
  ASSIGN_OR_RETURN(Caller caller, gate_.Admit(context, method, subject));
  // Malformed, like any command refused by the domain: not an access matter.
  RETURN_IF_ERROR(domain::CheckAuthority(authority, "local_authority"));
  if (absl::Status scoped = gate_.ScopeTo(caller, authority); !scoped.ok()) {
    return gate_.RecordRefusal(caller, method, subject, scoped);
  }
  domain::CallContext call;
  call.actor = caller.ToActor();
  call.purpose = caller.purpose;
  call.now = absl::Now();
  return call;
}

absl::StatusOr<v1::CommandResult> RetentionService::HandlePlace(
    grpc::ServerContextBase& context, const v1::PlaceLegalHold& request) {
  ReadSubject subject;
  if (request.scope().scope_case() == v1::LegalHoldScope::kCaseId &&
      domain::CheckId(request.scope().case_id(), "case_id").ok()) {
    subject.case_ids.push_back(request.scope().case_id());
  }
  ASSIGN_OR_RETURN(
      domain::CallContext call,
      AdmitCommand(context, kPlace, request.local_authority(), subject));
  return holds_.Place(request, call);
}

absl::StatusOr<v1::CommandResult> RetentionService::HandleLift(
    grpc::ServerContextBase& context, const v1::LiftLegalHold& request) {
  ASSIGN_OR_RETURN(domain::CallContext call,
                   AdmitCommand(context, kLift, request.local_authority(), {}));
  return holds_.Lift(request, call);
}

absl::StatusOr<v1::RetentionReport> RetentionService::HandleReport(
    grpc::ServerContextBase& context,
    const v1::GetRetentionReportRequest& request) {
  return AuditedRead<v1::RetentionReport>(
      gate_, context, kReport, request,
      [&](ReadCall& call) -> absl::StatusOr<v1::RetentionReport> {
        if (request.local_authority().empty()) {
          return InvalidField("local_authority", "must name the authority");
        }
        const std::optional<absl::CivilDay> on =
            domain::ToCivilDay(request.on());
        if (!on.has_value()) {
          return InvalidField("on", "give the report's day");
        }
        RETURN_IF_ERROR(call.ScopeTo(request.local_authority()));
        RETURN_IF_ERROR(CatchUp(store_, engine_));
        ASSIGN_OR_RETURN(domain::RetentionRecords records,
                         projections::ReadRetentionRecords(
                             engine_, request.local_authority()));
        ASSIGN_OR_RETURN(
            v1::RetentionReport report,
            domain::BuildRetentionReport(policies_, request.local_authority(),
                                         *on, records));
        size_t held = 0;
        for (const v1::RetentionItem& item : report.due()) {
          NameCases(item, call.record().case_ids);
        }
        for (const v1::HeldItems& hold : report.holds()) {
          held += hold.items_size();
          for (const v1::RetentionItem& item : hold.items()) {
            NameCases(item, call.record().case_ids);
          }
        }
        call.record().returned = absl::StrCat(
            "retention report of ", request.local_authority(), " for ",
            domain::FormatDay(*on), " under ", report.policy_version(), ": ",
            report.due_size(), " items due, ", report.holds_size(),
            " holds keeping back ", held);
        return report;
      });
}

}  // namespace keeper::services
