// keeper register check | register list: the Child Protection Register
// through a running keeperd. Each is an audited read, so each needs
// --purpose.
#include <iostream>

#include "absl/flags/flag.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "domain/policy/dates.h"
#include "keeper/v1/register_service.grpc.pb.h"
#include "nlohmann/json.hpp"
#include "tools/client.h"
#include "tools/client_commands.h"
#include "tools/labels.h"
#include "tools/local_time.h"
#include "tools/read_commands.h"

ABSL_FLAG(std::string, given_name, "", "register check: the given name");
ABSL_FLAG(std::string, family_name, "", "register check: the family name");
ABSL_FLAG(std::string, date_of_birth, "",
          "register check: YYYY-MM-DD (or the expected delivery date)");
ABSL_FLAG(std::string, as_of, "",
          "register list: the register as it stood at this date (its end) "
          "or RFC 3339 time; default now");

namespace keeper::tools {
namespace {

Table MatchTable(const v1::RegisterCheckResult& result) {
  Table table({{"case_id", "case"},
               {"local_authority", "authority"},
               {"registration", "registration"},
               {"areas_of_concern", "areas of concern"},
               {"lead_professional", "lead professional"},
               {"lead_professional_contact", "contact"}});
  for (const v1::RegisterMatch& match : result.matches()) {
    table.AddRow({match.case_id(), match.local_authority(),
                  match.temporary() ? "temporary" : "registered",
                  absl::StrJoin(match.areas_of_concern(), "; "),
                  match.lead_professional_name(),
                  match.lead_professional_contact()});
  }
  return table;
}

// The answer stated in every format: a child not on the register is a
// "no", never an empty document.
void PrintCheck(const v1::RegisterCheckResult& result) {
  const Table matches = MatchTable(result);
  const std::string answer = result.on_register() ? "yes" : "no";
  switch (OutputFormat()) {
    case Format::kJson:
      std::cout << nlohmann::ordered_json{{"on_register", result.on_register()},
                                          {"matches", nlohmann::json::parse(
                                                          matches.Json())}}
                       .dump()
                << "\n";
      return;
    case Format::kCsv: {
      std::vector<Column> columns = {{"on_register", "on register"}};
      columns.insert(columns.end(), matches.columns().begin(),
                     matches.columns().end());
      Table table(columns);
      if (result.matches().empty()) table.AddRow({answer});
      for (const v1::RegisterMatch& m : result.matches()) {
        table.AddRow({answer, m.case_id(), m.local_authority(),
                      m.temporary() ? "temporary" : "registered",
                      absl::StrJoin(m.areas_of_concern(), "; "),
                      m.lead_professional_name(),
                      m.lead_professional_contact()});
      }
      std::cout << table.Csv();
      return;
    }
    case Format::kText:
      break;
  }
  std::cout << "on register: " << answer << "\n";
  if (!result.matches().empty()) std::cout << "\n" << matches.Text();
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
  AddCallMetadata(context, kReadDeadline);
  v1::RegisterCheckResult result;
  const grpc::Status status =
      v1::RegisterService::NewStub(*channel)->CheckRegister(&context, request,
                                                            &result);
  if (!status.ok()) return FailRpc(status);
  PrintCheck(result);
  return 0;
}

int RunRegisterList(const Args&) {
  v1::ListRegisterRequest request;
  request.set_local_authority(absl::GetFlag(FLAGS_authority));
  if (request.local_authority().empty()) {
    return Fail(absl::InvalidArgumentError("give --authority, e.g. fife"));
  }
  const absl::TimeZone zone =
      ZoneFor(DisplayPolicies(), request.local_authority());
  if (const std::string as_of = absl::GetFlag(FLAGS_as_of); !as_of.empty()) {
    absl::StatusOr<google::protobuf::Timestamp> when =
        ParseWhen(as_of, zone, /*end_of_day=*/true);
    if (!when.ok()) return Fail(when.status());
    *request.mutable_as_of_time() = *when;
  }
  auto channel = ConnectFromFlags();
  if (!channel.ok()) return Fail(channel.status());
  grpc::ClientContext context;
  AddCallMetadata(context, kReadDeadline);
  v1::RegisterListing listing;
  const grpc::Status status =
      v1::RegisterService::NewStub(*channel)->ListRegister(&context, request,
                                                           &listing);
  if (!status.ok()) return FailRpc(status);
  Table table({{"case_id", "case"},
               {"child", "child"},
               {"born", "born"},
               {"registration", "registration"},
               {"registered_on", "registered on"},
               {"next_review_due", "review due"},
               {"areas_of_concern", "areas of concern"},
               {"lead_professional", "lead professional"}});
  for (const v1::RegisterEntry& entry : listing.entries()) {
    table.AddRow(
        {entry.case_id(), ChildName(entry.child()), BirthText(entry.child()),
         entry.temporary() ? "temporary" : "registered",
         DateText(entry.registered_on()), DateText(entry.next_review_due()),
         absl::StrJoin(entry.areas_of_concern(), "; "),
         PersonText(entry.lead_professional())});
  }
  if (OutputFormat() == Format::kText) {
    const std::string as_of = absl::GetFlag(FLAGS_as_of);
    std::cout << "Register of " << request.local_authority() << " as of "
              << (as_of.empty() ? "now" : as_of) << ": "
              << listing.entries_size()
              << (listing.entries_size() == 1 ? " child" : " children")
              << "\n\n";
  }
  return PrintListing(table, "(no child is on the register)");
}

}  // namespace keeper::tools
