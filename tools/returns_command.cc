#include "tools/returns_command.h"

#include <algorithm>
#include <iostream>
#include <string>

#include "absl/flags/flag.h"
#include "absl/strings/str_cat.h"
#include "keeper/v1/returns_service.grpc.pb.h"
#include "tools/client.h"
#include "tools/local_time.h"
#include "tools/read_commands.h"
#include "tools/table.h"

ABSL_FLAG(int, year, 0,
          "returns: the statistical year by the year it ends (2026: "
          "2025-08-01 to 2026-07-31)");
ABSL_FLAG(bool, table, false, "returns: an aligned table instead of CSV");

namespace keeper::tools {
namespace {

struct Kind {
  const char* word;
  v1::ReturnKind kind;
};
constexpr Kind kKinds[] = {
    {"conferences", v1::RETURN_KIND_CONFERENCES},
    {"registrations", v1::RETURN_KIND_REGISTRATIONS},
    {"on-register", v1::RETURN_KIND_ON_REGISTER},
    {"not-registered", v1::RETURN_KIND_NOT_REGISTERED},
    {"plans", v1::RETURN_KIND_PLANS},
};

}  // namespace

int RunReturns(const Args& args) {
  v1::GetReturnRequest request;
  for (const Kind& kind : kKinds) {
    if (args.size() == 1 && args[0] == kind.word) request.set_kind(kind.kind);
  }
  if (request.kind() == v1::RETURN_KIND_UNSPECIFIED) {
    return Fail(absl::InvalidArgumentError(
        "name one return: conferences, registrations, on-register, "
        "not-registered or plans"));
  }
  request.set_local_authority(absl::GetFlag(FLAGS_authority));
  if (request.local_authority().empty()) {
    return Fail(absl::InvalidArgumentError("give --authority, e.g. fife"));
  }
  request.set_statistical_year(absl::GetFlag(FLAGS_year));
  const std::string from = absl::GetFlag(FLAGS_from);
  const std::string to = absl::GetFlag(FLAGS_to);
  if (request.statistical_year() == 0 && (from.empty() || to.empty())) {
    return Fail(absl::InvalidArgumentError(
        "give --year YYYY, or --from YYYY-MM-DD and --to YYYY-MM-DD"));
  }
  if (!from.empty()) {
    absl::StatusOr<v1::Date> day = DayFromFlag(from, "from");
    if (!day.ok()) return Fail(day.status());
    *request.mutable_from_date() = *day;
  }
  if (!to.empty()) {
    absl::StatusOr<v1::Date> day = DayFromFlag(to, "to");
    if (!day.ok()) return Fail(day.status());
    *request.mutable_to_date() = *day;
  }
  auto channel = ConnectFromFlags();
  if (!channel.ok()) return Fail(channel.status());
  grpc::ClientContext context;
  AddCallMetadata(context, kReadDeadline);
  v1::StatutoryReturn extract;
  const grpc::Status status = v1::ReturnsService::NewStub(*channel)->GetReturn(
      &context, request, &extract);
  if (!status.ok()) return FailRpc(status);
  std::vector<Column> columns;
  for (const std::string& name : extract.columns()) {
    std::string header = name;
    std::replace(header.begin(), header.end(), '_', ' ');
    columns.push_back({name, header});
  }
  Table table(std::move(columns));
  for (const v1::ReturnRow& row : extract.rows()) {
    table.AddRow({row.cells().begin(), row.cells().end()});
  }
  // A return is for programs first: CSV unless a table or JSON is asked.
  Format format = OutputFormat();
  if (format == Format::kText && !absl::GetFlag(FLAGS_table)) {
    format = Format::kCsv;
  }
  std::cout << table.Render(format);
  std::cout.flush();
  return 0;
}

}  // namespace keeper::tools
