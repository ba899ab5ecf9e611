#include "services/grpc/timescales_service.h"

#include <string>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "domain/policy/dates.h"
#include "projections/register.h"
#include "projections/timescales.h"
#include "services/access/audited_read.h"
#include "services/grpc/status_util.h"

namespace keeper::services {
namespace {

constexpr char kGet[] = "/keeper.v1.TimescalesService/GetCaseTimescales";
constexpr char kSummarise[] =
    "/keeper.v1.TimescalesService/SummariseTimescales";

// Readers see a measure done late, or ended after its due day, as late.
v1::MeasureState StateOf(v1::TimescaleStatus status) {
  switch (status) {
    case v1::TIMESCALE_STATUS_DUE:
      return v1::MEASURE_STATE_DUE;
    case v1::TIMESCALE_STATUS_OVERDUE:
      return v1::MEASURE_STATE_OVERDUE;
    case v1::TIMESCALE_STATUS_MET:
      return v1::MEASURE_STATE_MET;
    case v1::TIMESCALE_STATUS_MISSED:
      return v1::MEASURE_STATE_LATE;
    case v1::TIMESCALE_STATUS_CANCELLED:
      return v1::MEASURE_STATE_CANCELLED;
    case v1::TIMESCALE_STATUS_LAPSED:
      return v1::MEASURE_STATE_LAPSED;
    default:
      return v1::MEASURE_STATE_UNSPECIFIED;
  }
}

// Where a measure sorts: by due day, then kind and ref. A page token holds
// the case and the last key returned, so a measure added between pages
// never shifts the ones already seen.
std::string SortKey(const v1::Timescale& item) {
  const absl::CivilDay due =
      domain::ToCivilDay(item.due_by()).value_or(absl::CivilDay());
  return absl::StrCat(domain::FormatDay(due), std::string(1, '\0'),
                      std::string(1, static_cast<char>(item.kind())),
                      item.ref());
}

absl::StatusOr<std::string> AfterKey(const v1::GetCaseTimescalesRequest& r) {
  if (r.page_token().empty()) return std::string();
  std::string raw;
  const std::string prefix = r.case_id() + '\n';
  if (!absl::WebSafeBase64Unescape(r.page_token(), &raw) ||
      raw.compare(0, prefix.size(), prefix) != 0) {
    return InvalidField("page_token", "not a token of this case's timescales");
  }
  return raw.substr(prefix.size());
}

absl::StatusOr<projections::Period> PeriodOf(
    const v1::SummariseTimescalesRequest& request) {
  const bool dates = domain::ToCivilDay(request.from_date()).has_value() ||
                     domain::ToCivilDay(request.to_date()).has_value();
  if (!request.period().empty()) {
    if (dates) {
      return InvalidField("period", "give a period or dates, not both");
    }
    absl::StatusOr<projections::Period> period =
        projections::ParsePeriod(request.period());
    if (!period.ok()) {
      return InvalidField("period", std::string(period.status().message()));
    }
    return period;
  }
  const std::optional<absl::CivilDay> from =
      domain::ToCivilDay(request.from_date());
  const std::optional<absl::CivilDay> to =
      domain::ToCivilDay(request.to_date());
  if (!from.has_value()) {
    return InvalidField("from_date", "give a period, or both dates");
  }
  if (!to.has_value()) {
    return InvalidField("to_date", "give a period, or both dates");
  }
  if (*to < *from)
    return InvalidField("to_date", "the period ends before it starts");
  return projections::Period{*from, *to};
}

}  // namespace

TimescalesService::TimescalesService(
    const eventstore::EventStore& store,
    const projections::ProjectionEngine& engine, AccessGate& gate,
    HandlerPool& pool)
    : PooledService(pool, gate), store_(store), engine_(engine) {
  Serve("GetCaseTimescales", &TimescalesService::HandleGetCaseTimescales);
  Serve("SummariseTimescales", &TimescalesService::HandleSummariseTimescales);
}

absl::StatusOr<v1::CaseTimescalesPage>
TimescalesService::HandleGetCaseTimescales(
    grpc::ServerContextBase& context,
    const v1::GetCaseTimescalesRequest& request) {
  return AuditedRead<v1::CaseTimescalesPage>(
      gate_, context, kGet, request,
      [&](ReadCall& call) -> absl::StatusOr<v1::CaseTimescalesPage> {
        if (request.case_id().empty()) {
          return InvalidField("case_id", "must name the case");
        }
        if (request.page_size() < 0 || request.page_size() > 1000) {
          return InvalidField("page_size", "must be 0 (default 100) to 1000");
        }
        ASSIGN_OR_RETURN(std::string after, AfterKey(request));
        const int size = request.page_size() == 0 ? 100 : request.page_size();
        RETURN_IF_ERROR(CatchUp(store_, engine_));
        ASSIGN_OR_RETURN(
            std::optional<std::string> authority,
            projections::CaseAuthority(engine_, request.case_id()));
        if (authority.has_value()) RETURN_IF_ERROR(call.ScopeTo(*authority));
        absl::StatusOr<v1::CaseTimescales> all = projections::GetCaseTimescales(
            engine_, request.case_id(), absl::Now());
        // Whether a case exists is itself case data: record the look.
        if (absl::IsNotFound(all.status())) return AnsweredWith(all.status());
        RETURN_IF_ERROR(all.status());
        v1::CaseTimescalesPage page;
        page.set_case_id(all->case_id());
        *page.mutable_today() = all->today();
        for (v1::Timescale& item : *all->mutable_timescales()) {
          const std::string key = SortKey(item);
          if (!after.empty() && key <= after) continue;
          if (page.measures_size() == size) {
            const v1::Timescale& last =
                page.measures(page.measures_size() - 1).timescale();
            page.set_next_page_token(absl::WebSafeBase64Escape(
                request.case_id() + '\n' + SortKey(last)));
            break;
          }
          v1::Measure& measure = *page.add_measures();
          measure.set_state(StateOf(item.status()));
          *measure.mutable_timescale() = std::move(item);
        }
        call.record().returned =
            absl::StrCat(page.measures_size(), " timescales of the case");
        return page;
      });
}

absl::StatusOr<v1::TimescaleSummary>
TimescalesService::HandleSummariseTimescales(
    grpc::ServerContextBase& context,
    const v1::SummariseTimescalesRequest& request) {
  return AuditedRead<v1::TimescaleSummary>(
      gate_, context, kSummarise, request,
      [&](ReadCall& call) -> absl::StatusOr<v1::TimescaleSummary> {
        if (request.local_authority().empty()) {
          return InvalidField("local_authority", "must name the authority");
        }
        ASSIGN_OR_RETURN(projections::Period period, PeriodOf(request));
        RETURN_IF_ERROR(call.ScopeTo(request.local_authority()));
        RETURN_IF_ERROR(CatchUp(store_, engine_));
        ASSIGN_OR_RETURN(
            v1::TimescaleSummary summary,
            projections::SummariseTimescales(engine_, request.local_authority(),
                                             period, absl::Now()));
        call.record().returned =
            absl::StrCat("timescale summary of ", request.local_authority(),
                         ", ", summary.tallies_size(), " kinds");
        return summary;
      });
}

}  // namespace keeper::services
