#include "tools/timescales_command.h"

#include <algorithm>
#include <iostream>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "domain/policy/dates.h"
#include "keeper/v1/timescales_service.grpc.pb.h"
#include "tools/client.h"
#include "tools/local_time.h"
#include "tools/read_commands.h"

ABSL_FLAG(std::string, period, "",
          "timescales: 2026-Q1, 2026-03 or 2026 (or --from_date, --to_date)");
ABSL_FLAG(std::string, from_date, "", "timescales: first day, YYYY-MM-DD");
ABSL_FLAG(std::string, to_date, "", "timescales: last day, YYYY-MM-DD");

namespace keeper::tools {
namespace {

constexpr absl::Duration kDeadline = absl::Seconds(30);
using Table = std::vector<std::vector<std::string>>;

std::string Day(const v1::Date& date) {
  std::optional<absl::CivilDay> day = domain::ToCivilDay(date);
  return day.has_value() ? domain::FormatDay(*day) : "-";
}

// "TIMESCALE_KIND_FIRST_CORE_GROUP" -> "first_core_group".
std::string Short(const std::string& name, const std::string& prefix) {
  std::string text = name.substr(std::min(name.size(), prefix.size()));
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return std::tolower(c); });
  return text;
}

std::string Event(const v1::TimescaleEventRef& ref) {
  if (ref.event_id().empty()) return "-";
  return absl::StrCat(ref.event_type(), "@", ref.position());
}

std::string Reasons(const v1::Timescale& item) {
  std::vector<std::string> texts;
  for (const v1::TimescaleReason& reason : item.reasons()) {
    std::string text =
        absl::StrCat(reason.given_by().name(), ": ", reason.reason());
    if (reason.approved_variation()) {
      absl::StrAppend(&text, " [approved variation",
                      domain::ToCivilDay(reason.varied_due_by()).has_value()
                          ? ", due " + Day(reason.varied_due_by())
                          : std::string(),
                      "]");
    }
    texts.push_back(std::move(text));
  }
  return texts.empty() ? "-" : absl::StrJoin(texts, "; ");
}

// Columns padded to their widest cell; the last column is not padded.
void Print(const Table& table) {
  std::vector<size_t> widths;
  for (const auto& row : table) {
    widths.resize(std::max(widths.size(), row.size()));
    for (size_t i = 0; i < row.size(); ++i) {
      widths[i] = std::max(widths[i], row[i].size());
    }
  }
  for (const auto& row : table) {
    std::string line;
    for (size_t i = 0; i < row.size(); ++i) {
      line += row[i];
      if (i + 1 < row.size()) {
        line += std::string(widths[i] - row[i].size() + 2, ' ');
      }
    }
    std::cout << line << "\n";
  }
}

int RunCase(const std::string& case_id) {
  auto channel = ConnectFromFlags();
  if (!channel.ok()) return Fail(channel.status());
  auto stub = v1::TimescalesService::NewStub(*channel);
  v1::GetCaseTimescalesRequest request;
  request.set_case_id(case_id);
  request.set_page_size(1000);
  const bool json = absl::GetFlag(FLAGS_json);
  Table table = {{"MEASURE", "REF", "STATE", "STARTS", "DUE", "DONE", "POLICY",
                  "RULE", "STARTED BY", "STOPPED BY", "REASONS"}};
  std::string today;
  // Each page is a read of its own, and recorded as one.
  do {
    grpc::ClientContext context;
    AddCallMetadata(context, kDeadline);
    v1::CaseTimescalesPage page;
    const grpc::Status status =
        stub->GetCaseTimescales(&context, request, &page);
    if (!status.ok()) return FailRpc(status);
    today = Day(page.today());
    for (const v1::Measure& measure : page.measures()) {
      if (json) {
        std::cout << ToJsonLine(measure) << "\n";
        continue;
      }
      const v1::Timescale& item = measure.timescale();
      table.push_back(
          {Short(v1::TimescaleKind_Name(item.kind()), "TIMESCALE_KIND_"),
           item.ref(),
           Short(v1::MeasureState_Name(measure.state()), "MEASURE_STATE_"),
           Day(item.starts_on()), Day(item.due_by()),
           Day(item.has_done_on() ? item.done_on() : item.ended_on()),
           item.policy_version(), item.rule(), Event(item.started_by()),
           Event(item.stopped_by()), Reasons(item)});
    }
    request.set_page_token(page.next_page_token());
  } while (!request.page_token().empty());
  if (!json) {
    std::cout << "case " << case_id << ", today " << today << "\n";
    Print(table);
  }
  std::cout.flush();
  return 0;
}

int RunAuthority(const std::string& authority) {
  v1::SummariseTimescalesRequest request;
  request.set_local_authority(authority);
  request.set_period(absl::GetFlag(FLAGS_period));
  if (const std::string from = absl::GetFlag(FLAGS_from_date); !from.empty()) {
    absl::StatusOr<v1::Date> day = DayFromFlag(from, "from_date");
    if (!day.ok()) return Fail(day.status());
    *request.mutable_from_date() = *day;
  }
  if (const std::string to = absl::GetFlag(FLAGS_to_date); !to.empty()) {
    absl::StatusOr<v1::Date> day = DayFromFlag(to, "to_date");
    if (!day.ok()) return Fail(day.status());
    *request.mutable_to_date() = *day;
  }
  auto channel = ConnectFromFlags();
  if (!channel.ok()) return Fail(channel.status());
  grpc::ClientContext context;
  AddCallMetadata(context, kDeadline);
  v1::TimescaleSummary summary;
  const grpc::Status status =
      v1::TimescalesService::NewStub(*channel)->SummariseTimescales(
          &context, request, &summary);
  if (!status.ok()) return FailRpc(status);
  if (absl::GetFlag(FLAGS_json)) {
    std::cout << ToJsonLine(summary) << "\n";
    return 0;
  }
  std::cout << summary.local_authority() << ", " << Day(summary.first_day())
            << " to " << Day(summary.last_day()) << ", today "
            << Day(summary.today()) << "\n";
  Table table = {{"MEASURE", "MET", "LATE", "OVERDUE", "DUE", "CANCELLED",
                  "LAPSED", "SHARE MET"}};
  for (const v1::TimescaleTally& tally : summary.tallies()) {
    table.push_back(
        {Short(v1::TimescaleKind_Name(tally.kind()), "TIMESCALE_KIND_"),
         absl::StrCat(tally.met()), absl::StrCat(tally.missed()),
         absl::StrCat(tally.overdue()), absl::StrCat(tally.due()),
         absl::StrCat(tally.cancelled()), absl::StrCat(tally.lapsed()),
         absl::StrFormat("%.0f%%", 100 * tally.share_met())});
  }
  Print(table);
  return 0;
}

}  // namespace

int RunTimescales(const Args&) {
  const std::string case_id = absl::GetFlag(FLAGS_case_id);
  const std::string authority = absl::GetFlag(FLAGS_authority);
  if (case_id.empty() == authority.empty()) {
    return Fail(absl::InvalidArgumentError(
        "give --case_id, or --authority with --period or --from_date and "
        "--to_date"));
  }
  return case_id.empty() ? RunAuthority(authority) : RunCase(case_id);
}

}  // namespace keeper::tools
