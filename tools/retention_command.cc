#include "tools/retention_command.h"

#include <iostream>
#include <string>

#include "absl/flags/flag.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "eventstore/uuid.h"
#include "keeper/v1/retention_service.grpc.pb.h"
#include "tools/client.h"
#include "tools/local_time.h"
#include "tools/read_commands.h"
#include "tools/table.h"

ABSL_FLAG(std::string, date, "",
          "retention report: the day the report is for, YYYY-MM-DD");
ABSL_FLAG(std::string, hold_id, "", "hold: the legal hold's id");
ABSL_FLAG(std::string, child_id, "", "hold place: hold every case of a child");
ABSL_FLAG(bool, all_records, false,
          "hold place: hold every record of the authority");
ABSL_FLAG(std::string, reason, "", "hold: why it is placed or lifted");

namespace keeper::tools {
namespace {

std::string Code(const std::string& name, std::string_view prefix) {
  return absl::AsciiStrToLower(name.substr(prefix.size()));
}

std::string ScopeText(const v1::LegalHoldScope& scope) {
  switch (scope.scope_case()) {
    case v1::LegalHoldScope::kCaseId:
      return absl::StrCat("case ", scope.case_id());
    case v1::LegalHoldScope::kChildId:
      return absl::StrCat("child ", scope.child_id());
    default:
      return "all records";
  }
}

void AddItem(Table& table, const v1::RetentionItem& item,
             const std::string& held_by) {
  std::string record, cases, basis;
  if (item.record() == v1::RETAINED_RECORD_CASE) {
    const v1::RetainedCase& c = item.case_record();
    record = "case record";
    cases = c.case_id();
    basis = absl::StrCat(c.events(), " events; child ", c.child_id());
  } else {
    const v1::RetainedAccessEvents& a = item.access_events();
    record = "access records";
    cases = absl::StrJoin(a.case_ids(), " ");
    basis = absl::StrCat(a.count(), " at positions ", a.first_position(), "-",
                         a.last_position());
  }
  table.AddRow(
      {DateText(item.due_on()),
       Code(v1::RetentionAction_Name(item.action()), "RETENTION_ACTION_"),
       record, cases, basis, item.rule_id(), item.rule(), held_by});
}

// The flags every hold command needs, into `request`.
template <typename Request>
absl::Status FillHold(Request& request) {
  request.set_idempotency_key(eventstore::NewUuid());
  request.set_local_authority(absl::GetFlag(FLAGS_authority));
  request.set_hold_id(absl::GetFlag(FLAGS_hold_id));
  request.set_reason(absl::GetFlag(FLAGS_reason));
  if (request.local_authority().empty()) {
    return absl::InvalidArgumentError("give --authority, e.g. fife");
  }
  if (request.hold_id().empty()) {
    return absl::InvalidArgumentError("give --hold_id");
  }
  if (request.reason().empty()) {
    return absl::InvalidArgumentError("give --reason");
  }
  return absl::OkStatus();
}

// Sends a hold command through `send` and prints its result as `what`.
template <typename Request>
int SendHold(const Request& request,
             grpc::Status (v1::RetentionService::Stub::*send)(
                 grpc::ClientContext*, const Request&, v1::CommandResult*),
             const std::string& what) {
  auto channel = ConnectFromFlags();
  if (!channel.ok()) return Fail(channel.status());
  grpc::ClientContext context;
  AddCallMetadata(context, kReadDeadline);
  v1::CommandResult result;
  const auto stub = v1::RetentionService::NewStub(*channel);
  const grpc::Status status = ((*stub).*send)(&context, request, &result);
  if (!status.ok()) return FailRpc(status);
  if (OutputFormat() == Format::kJson) {
    std::cout << ToJsonLine(result) << "\n";
    return 0;
  }
  std::cout << what << (result.deduplicated() ? " (already recorded)" : "")
            << ": position " << result.events(0).position() << "\n";
  return 0;
}

}  // namespace

int RunRetentionReport(const Args&) {
  v1::GetRetentionReportRequest request;
  request.set_local_authority(absl::GetFlag(FLAGS_authority));
  if (request.local_authority().empty()) {
    return Fail(absl::InvalidArgumentError("give --authority, e.g. fife"));
  }
  absl::StatusOr<v1::Date> day = DayFromFlag(absl::GetFlag(FLAGS_date), "date");
  if (!day.ok()) return Fail(day.status());
  *request.mutable_on() = *day;
  auto channel = ConnectFromFlags();
  if (!channel.ok()) return Fail(channel.status());
  grpc::ClientContext context;
  AddCallMetadata(context, kReadDeadline);
  v1::RetentionReport report;
  const grpc::Status status =
      v1::RetentionService::NewStub(*channel)->GetRetentionReport(
          &context, request, &report);
  if (!status.ok()) return FailRpc(status);
  const Format format = OutputFormat();
  if (format == Format::kJson) {
    std::cout << ToJsonLine(report) << "\n";
    return 0;
  }
  Table table({{"due_on", "due"},
               {"action", "action"},
               {"record", "record"},
               {"cases", "cases"},
               {"what", "what"},
               {"rule_id", "rule"},
               {"rule", "because"},
               {"held_by", "held by"}});
  for (const v1::RetentionItem& item : report.due()) AddItem(table, item, "");
  for (const v1::HeldItems& held : report.holds()) {
    for (const v1::RetentionItem& item : held.items()) {
      AddItem(table, item, held.hold().hold_id());
    }
  }
  if (format == Format::kText) {
    std::cout << "Retention report of " << report.local_authority() << " for "
              << DateText(report.on()) << " under policy "
              << report.policy_version()
              << " (nothing is erased by Keeper; this is what is due)\n";
    for (const v1::HeldItems& held : report.holds()) {
      const v1::LegalHold& hold = held.hold();
      std::cout << "hold " << hold.hold_id() << " (" << ScopeText(hold.scope())
                << ", placed " << DateText(hold.placed_on()) << " by "
                << hold.placed_by().subject() << "): " << hold.reason()
                << "; keeps back " << held.items_size() << "\n";
    }
  }
  std::cout << table.Render(format, "(nothing due)");
  std::cout.flush();
  return 0;
}

int RunHoldPlace(const Args&) {
  v1::PlaceLegalHold request;
  if (absl::Status given = FillHold(request); !given.ok()) return Fail(given);
  const std::string case_id = absl::GetFlag(FLAGS_case_id);
  const std::string child_id = absl::GetFlag(FLAGS_child_id);
  const bool all = absl::GetFlag(FLAGS_all_records);
  if ((!case_id.empty()) + (!child_id.empty()) + all != 1) {
    return Fail(absl::InvalidArgumentError(
        "give one scope: --case_id, --child_id or --all_records"));
  }
  if (!case_id.empty()) request.mutable_scope()->set_case_id(case_id);
  if (!child_id.empty()) request.mutable_scope()->set_child_id(child_id);
  if (all) request.mutable_scope()->set_all_records(true);
  return SendHold(request, &v1::RetentionService::Stub::PlaceLegalHold,
                  absl::StrCat("hold ", request.hold_id(), " placed on ",
                               ScopeText(request.scope())));
}

int RunHoldLift(const Args&) {
  v1::LiftLegalHold request;
  if (absl::Status given = FillHold(request); !given.ok()) return Fail(given);
  return SendHold(request, &v1::RetentionService::Stub::LiftLegalHold,
                  absl::StrCat("hold ", request.hold_id(), " lifted"));
}

}  // namespace keeper::tools
