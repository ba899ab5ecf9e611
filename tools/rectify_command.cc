#include "tools/rectify_command.h"

#include <iostream>
#include <string>

#include "absl/flags/declare.h"
#include "absl/flags/flag.h"
#include "absl/strings/str_cat.h"
#include "eventstore/uuid.h"
#include "keeper/v1/rectification_service.grpc.pb.h"
#include "tools/client.h"
#include "tools/local_time.h"

ABSL_DECLARE_FLAG(std::string, case_id);
ABSL_DECLARE_FLAG(std::string, request_id);
ABSL_DECLARE_FLAG(uint64_t, position);
ABSL_FLAG(std::string, report_id, "", "rectify: the disputed report");
ABSL_FLAG(int, report_version, 0,
          "rectify: the disputed report's version; 0: the latest");
ABSL_FLAG(int, part, -1,
          "rectify: the disputed report part's index; -1: the whole version");
ABSL_FLAG(std::string, subject, "",
          "rectify: whose data (a participant id); empty: the child");
ABSL_FLAG(std::string, requested_by, "",
          "rectify: who asked, the person or their representative");
ABSL_FLAG(std::string, inaccuracy, "",
          "rectify: what the person says is inaccurate");
ABSL_FLAG(std::string, received_on, "",
          "rectify: the day the request was received; default: today");
ABSL_FLAG(int, corrected_version, 0,
          "rectify correct: the report version that corrects it");
ABSL_FLAG(uint64_t, correction_position, 0,
          "rectify correct: the later event that corrects it");
ABSL_FLAG(std::string, outcome_reason, "", "rectify: why, for the outcome");
ABSL_FLAG(std::string, statement, "",
          "rectify decline: the person's supplementary statement");

namespace keeper::tools {
namespace {

using Stub = v1::RectificationService::Stub;

// Sends `request` by `send`, and prints what was recorded.
template <typename Request, typename Sender>
int Send(const Request& request, Sender send) {
  auto channel = ConnectFromFlags();
  if (!channel.ok()) return Fail(channel.status());
  grpc::ClientContext context;
  AddCallMetadata(context, absl::Seconds(30));
  v1::CommandResult result;
  std::unique_ptr<Stub> stub = v1::RectificationService::NewStub(*channel);
  const grpc::Status status = send(*stub, context, request, result);
  if (!status.ok()) return FailRpc(status);
  for (const auto& event : result.events()) {
    std::cout << event.event_type() << " recorded at position "
              << event.position() << "\n";
  }
  return 0;
}

absl::Status RequireFlag(const std::string& value, const char* flag) {
  if (!value.empty()) return absl::OkStatus();
  return absl::InvalidArgumentError(absl::StrCat("give --", flag));
}

// The case and request every subcommand names.
template <typename Command>
absl::Status Identify(Command& command) {
  command.set_case_id(absl::GetFlag(FLAGS_case_id));
  command.set_request_id(absl::GetFlag(FLAGS_request_id));
  command.set_idempotency_key(eventstore::NewUuid());
  if (absl::Status s = RequireFlag(command.case_id(), "case_id"); !s.ok()) {
    return s;
  }
  return RequireFlag(command.request_id(), "request_id");
}

int Decide(v1::DecideRectification& command) {
  return Send(command, [](Stub& stub, grpc::ClientContext& context,
                          const v1::DecideRectification& request,
                          v1::CommandResult& result) {
    return stub.DecideRectification(&context, request, &result);
  });
}

}  // namespace

int RunRectifyRequest(const Args&) {
  v1::RequestRectification command;
  if (absl::Status s = Identify(command); !s.ok()) return Fail(s);
  const std::string report = absl::GetFlag(FLAGS_report_id);
  const uint64_t position = absl::GetFlag(FLAGS_position);
  if (report.empty() == (position == 0)) {
    return Fail(absl::InvalidArgumentError(
        "give --position of the disputed event, or --report_id (with "
        "--report_version and --part)"));
  }
  if (position != 0) {
    command.set_position(position);
  } else {
    v1::ReportPartRef& part = *command.mutable_report_part();
    part.set_report_id(report);
    part.set_version(absl::GetFlag(FLAGS_report_version));
    part.set_part_index(absl::GetFlag(FLAGS_part));
  }
  command.set_subject_participant_id(absl::GetFlag(FLAGS_subject));
  command.mutable_requested_by()->set_name(absl::GetFlag(FLAGS_requested_by));
  command.set_inaccuracy(absl::GetFlag(FLAGS_inaccuracy));
  if (const std::string day = absl::GetFlag(FLAGS_received_on); !day.empty()) {
    absl::StatusOr<v1::Date> date = DayFromFlag(day, "received_on");
    if (!date.ok()) return Fail(date.status());
    *command.mutable_received_on() = *date;
  }
  return Send(command, [](Stub& stub, grpc::ClientContext& context,
                          const v1::RequestRectification& request,
                          v1::CommandResult& result) {
    return stub.RequestRectification(&context, request, &result);
  });
}

int RunRectifyCorrect(const Args&) {
  v1::DecideRectification command;
  if (absl::Status s = Identify(command); !s.ok()) return Fail(s);
  command.set_outcome(v1::RECTIFICATION_OUTCOME_CORRECTED);
  command.set_corrected_version(absl::GetFlag(FLAGS_corrected_version));
  command.set_correction_position(absl::GetFlag(FLAGS_correction_position));
  command.set_reason(absl::GetFlag(FLAGS_outcome_reason));
  return Decide(command);
}

int RunRectifyDecline(const Args&) {
  v1::DecideRectification command;
  if (absl::Status s = Identify(command); !s.ok()) return Fail(s);
  command.set_outcome(v1::RECTIFICATION_OUTCOME_NOT_CORRECTED);
  command.set_reason(absl::GetFlag(FLAGS_outcome_reason));
  command.set_supplementary_statement(absl::GetFlag(FLAGS_statement));
  return Decide(command);
}

}  // namespace keeper::tools
