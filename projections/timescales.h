// Timescales: for each case, what is due, met, missed or overdue (initial
// and pre-birth conference, minutes, first and later Core Groups, review,
// reconvening an inquorate conference, the window to ask for a review of a
// decision); per authority and period, the share met in time.
//
// Due dates come from the events where the domain recorded them, and are
// counted with the case's recorded policy version where it did not (a
// request not yet scheduled, the next Core Group). Status is relative to
// the `now` a query passes, never the clock: the state holds only facts.
//
// State (column family `timescales`, see FORMAT.md):
//   c ‖ case_id                                   -> TimescaleCase
//   t ‖ case_id ‖ 0x00 ‖ u8(kind) ‖ ref           -> Timescale
//   p ‖ authority ‖ 0x00 ‖ YYYYMMDD(due) ‖ case_id ‖ 0x00 ‖ u8(kind) ‖ ref
//                                                 -> Timescale (by due date)
//   z ‖ authority                                 -> time zone name
#ifndef KEEPER_PROJECTIONS_TIMESCALES_H_
#define KEEPER_PROJECTIONS_TIMESCALES_H_

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "domain/policy/policy.h"
#include "keeper/v1/timescales.pb.h"
#include "projections/engine.h"
#include "projections/projection.h"

namespace keeper::projections {

inline constexpr char kTimescales[] = "timescales";

// `policies` must outlive the projection. Applying an event of a case whose
// recorded policy version `policies` lacks is FAILED_PRECONDITION.
std::unique_ptr<Projection> NewTimescalesProjection(
    const domain::PolicyRegistry& policies);

// Every timescale of the case, by due date, with its status at `now`.
// NOT_FOUND for a case the projection has not seen.
absl::StatusOr<v1::CaseTimescales> GetCaseTimescales(
    const ProjectionEngine& engine, const std::string& case_id, absl::Time now);

// A period of days, both ends included.
struct Period {
  absl::CivilDay first;
  absl::CivilDay last;
};

// "2024-03" (a calendar month), "2024-Q1" (a quarter) or "2024" (a year).
// INVALID_ARGUMENT for anything else.
absl::StatusOr<Period> ParsePeriod(std::string_view text);

// The authority's timescales due in `period`, counted by kind, with status
// at `now`. A timescale counts in the period its due day falls in, so one
// never done still counts against the period it was due in.
// INVALID_ARGUMENT for no authority or a period that ends before it
// starts.
absl::StatusOr<v1::TimescaleSummary> SummariseTimescales(
    const ProjectionEngine& engine, const std::string& authority,
    const Period& period, absl::Time now);

// The authority's timescales due in `period`, by due date, each with its
// status at `now`.
absl::StatusOr<std::vector<v1::Timescale>> ListTimescales(
    const ProjectionEngine& engine, const std::string& authority,
    const Period& period, absl::Time now);

// What the timescale dashboard shows, read in one pass.
struct TimescaleDashboardQuery {
  std::string authority{};
  Period period{};
  absl::Time now{};
  // The late list's page: at most `late_page_size` items, from the one
  // `late_page_token` names (empty: the first).
  int late_page_size = 100;
  std::string late_page_token{};
};

struct TimescaleDashboard {
  // One summary per calendar month of the period, clipped to it, in order.
  std::vector<v1::TimescaleSummary> months;
  // One page of the late (missed) and overdue items, by due date.
  std::vector<v1::Timescale> late;
  int late_total = 0;  // late and overdue items in the whole period
  std::string next_late_page_token;  // empty on the last page
};

// The tallies of SummariseTimescales for each month of the period, and a
// page of the items ListTimescales would give as missed or overdue.
// INVALID_ARGUMENT for no authority, a period that ends before it starts,
// a page size outside 1 to 1000, or a token this function did not return.
absl::StatusOr<TimescaleDashboard> QueryTimescaleDashboard(
    const ProjectionEngine& engine, const TimescaleDashboardQuery& query);

}  // namespace keeper::projections

#endif  // KEEPER_PROJECTIONS_TIMESCALES_H_
