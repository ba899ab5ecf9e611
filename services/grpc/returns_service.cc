#include "services/grpc/returns_service.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "domain/policy/dates.h"
#include "projections/returns.h"
#include "services/access/audited_read.h"
#include "services/grpc/status_util.h"

namespace keeper::services {
namespace {

constexpr char kGet[] = "/keeper.v1.ReturnsService/GetReturn";

absl::StatusOr<projections::ReturnPeriod> PeriodOf(
    const v1::GetReturnRequest& request) {
  const std::optional<absl::CivilDay> from =
      domain::ToCivilDay(request.from_date());
  const std::optional<absl::CivilDay> to =
      domain::ToCivilDay(request.to_date());
  if (request.statistical_year() != 0) {
    if (from.has_value() || to.has_value()) {
      return InvalidField("statistical_year",
                          "give a statistical year or dates, not both");
    }
    if (request.statistical_year() < 1900 ||
        request.statistical_year() > 9999) {
      return InvalidField("statistical_year",
                          "must be the year it ends, e.g. 2026");
    }
    return projections::StatisticalYear(request.statistical_year());
  }
  if (!from.has_value()) {
    return InvalidField("from_date", "give a statistical year, or both dates");
  }
  if (!to.has_value()) {
    return InvalidField("to_date", "give a statistical year, or both dates");
  }
  if (*to < *from) {
    return InvalidField("to_date", "the period ends before it starts");
  }
  return projections::ReturnPeriod{*from, *to};
}

}  // namespace

ReturnsService::ReturnsService(const eventstore::EventStore& store,
                               const projections::ProjectionEngine& engine,
                               AccessGate& gate, HandlerPool& pool)
    : PooledService(pool, gate), store_(store), engine_(engine) {
  Serve("GetReturn", &ReturnsService::HandleGetReturn);
}

absl::StatusOr<v1::StatutoryReturn> ReturnsService::HandleGetReturn(
    grpc::ServerContextBase& context, const v1::GetReturnRequest& request) {
  return AuditedRead<v1::StatutoryReturn>(
      gate_, context, kGet, request,
      [&](ReadCall& call) -> absl::StatusOr<v1::StatutoryReturn> {
        if (request.kind() == v1::RETURN_KIND_UNSPECIFIED ||
            !v1::ReturnKind_IsValid(request.kind())) {
          return InvalidField("kind", "name the kind of return");
        }
        if (request.local_authority().empty()) {
          return InvalidField("local_authority", "must name the authority");
        }
        ASSIGN_OR_RETURN(projections::ReturnPeriod period, PeriodOf(request));
        RETURN_IF_ERROR(call.ScopeTo(request.local_authority()));
        RETURN_IF_ERROR(CatchUp(store_, engine_));
        ASSIGN_OR_RETURN(
            v1::StatutoryReturn extract,
            projections::BuildReturn(engine_, request.kind(),
                                     request.local_authority(), period));
        // Every child the extract lists is named in the access trail.
        std::vector<std::string>& cases = call.record().case_ids;
        for (const v1::ReturnRow& row : extract.rows()) {
          if (row.cells_size() == 0) continue;
          if (std::find(cases.begin(), cases.end(), row.cells(0)) ==
              cases.end()) {
            cases.push_back(row.cells(0));
          }
        }
        call.record().returned = absl::StrCat(
            projections::ReturnCode(v1::ReturnKind_Name(request.kind()),
                                    "RETURN_KIND_"),
            " return of ", request.local_authority(), ", ",
            domain::FormatDay(period.first), " to ",
            domain::FormatDay(period.last), ", ", extract.rows_size(), " rows");
        return extract;
      });
}

}  // namespace keeper::services
