// Reading the timescales projection: a case's timescales, an authority's
// tally for a period, and the periods inspectors report by.
#include <algorithm>
#include <map>

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "domain/policy/dates.h"
#include "projections/timescales.h"
#include "projections/timescales_keys.h"

namespace keeper::projections {
namespace {

using domain::ToCivilDay;
using domain::ToDate;

// The day `now` falls on where `authority` is; UTC for an authority the
// projection has not seen.
absl::StatusOr<absl::CivilDay> Today(const ProjectionEngine& engine,
                                     const std::string& authority,
                                     absl::Time now) {
  ASSIGN_OR_RETURN(std::optional<std::string> zone_name,
                   engine.Get(kTimescales, ZoneKey(authority)));
  absl::TimeZone zone = absl::UTCTimeZone();
  if (zone_name.has_value() && !absl::LoadTimeZone(*zone_name, &zone)) {
    return absl::FailedPreconditionError(absl::StrCat(
        "time zone '", *zone_name, "' of ", authority, " is not installed"));
  }
  return absl::ToCivilDay(now, zone);
}

v1::TimescaleStatus StatusAt(const v1::Timescale& item, absl::CivilDay today) {
  const absl::CivilDay due = ToCivilDay(item.due_by()).value_or(today);
  if (IsSetDate(item.done_on())) {
    return ToCivilDay(item.done_on()).value_or(due) <= due
               ? v1::TIMESCALE_STATUS_MET
               : v1::TIMESCALE_STATUS_MISSED;
  }
  if (IsSetDate(item.ended_on())) {
    return ToCivilDay(item.ended_on()).value_or(due) <= due
               ? v1::TIMESCALE_STATUS_CANCELLED
               : v1::TIMESCALE_STATUS_MISSED;
  }
  if (today <= due) return v1::TIMESCALE_STATUS_DUE;
  // Nobody has to ask for a review: an unused window just closes.
  return item.kind() == v1::TIMESCALE_KIND_DECISION_REVIEW_WINDOW
             ? v1::TIMESCALE_STATUS_LAPSED
             : v1::TIMESCALE_STATUS_OVERDUE;
}

// True, with `out` set, when `text` is one or more decimal digits.
bool Digits(std::string_view text, int* out) {
  if (text.empty() || text.size() > 6) return false;
  *out = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return false;
    *out = *out * 10 + (c - '0');
  }
  return true;
}

void Count(v1::TimescaleTally& tally, v1::TimescaleStatus status) {
  switch (status) {
    case v1::TIMESCALE_STATUS_MET:
      tally.set_met(tally.met() + 1);
      break;
    case v1::TIMESCALE_STATUS_MISSED:
      tally.set_missed(tally.missed() + 1);
      break;
    case v1::TIMESCALE_STATUS_OVERDUE:
      tally.set_overdue(tally.overdue() + 1);
      break;
    case v1::TIMESCALE_STATUS_DUE:
      tally.set_due(tally.due() + 1);
      break;
    case v1::TIMESCALE_STATUS_CANCELLED:
      tally.set_cancelled(tally.cancelled() + 1);
      break;
    case v1::TIMESCALE_STATUS_LAPSED:
      tally.set_lapsed(tally.lapsed() + 1);
      break;
    default:
      break;
  }
}

// The tally of each kind over some timescales, as a period's summary.
class Tallies {
 public:
  void Add(v1::TimescaleKind kind, v1::TimescaleStatus status) {
    v1::TimescaleTally& tally = by_kind_[kind];
    tally.set_kind(kind);
    Count(tally, status);
  }

  v1::TimescaleSummary Summary(const std::string& authority,
                               const Period& period,
                               absl::CivilDay today) const {
    v1::TimescaleSummary summary;
    summary.set_local_authority(authority);
    *summary.mutable_first_day() = ToDate(period.first);
    *summary.mutable_last_day() = ToDate(period.last);
    *summary.mutable_today() = ToDate(today);
    for (const auto& [kind, tally] : by_kind_) {
      v1::TimescaleTally& out = *summary.add_tallies();
      out = tally;
      const int counted = tally.met() + tally.missed() + tally.overdue();
      out.set_share_met(
          counted == 0 ? 0.0 : static_cast<double>(tally.met()) / counted);
    }
    return summary;
  }

 private:
  std::map<v1::TimescaleKind, v1::TimescaleTally> by_kind_;
};

absl::Status CheckPeriod(const std::string& authority, const Period& period) {
  if (authority.empty()) {
    return absl::InvalidArgumentError("name the authority");
  }
  if (period.last < period.first) {
    return absl::InvalidArgumentError(absl::StrCat(
        "period ends (", domain::FormatDay(period.last), ") before it starts (",
        domain::FormatDay(period.first), ")"));
  }
  return absl::OkStatus();
}

// A late page token: the hex of the first item's due-index key after the
// authority's prefix, which starts with its due day.
absl::StatusOr<std::string> DecodeLateToken(const std::string& token) {
  const absl::Status invalid = absl::InvalidArgumentError(
      "page_token is not a token this service returned");
  if (token.size() % 2 != 0 || token.size() < 16) return invalid;
  for (char c : token) {
    if (!absl::ascii_isxdigit(c)) return invalid;
  }
  std::string key = absl::HexStringToBytes(token);
  for (int i = 0; i < 8; ++i) {
    if (!absl::ascii_isdigit(key[i])) return invalid;
  }
  return key;
}

}  // namespace

absl::StatusOr<v1::CaseTimescales> GetCaseTimescales(
    const ProjectionEngine& engine, const std::string& case_id,
    absl::Time now) {
  ASSIGN_OR_RETURN(std::optional<std::string> stored,
                   engine.Get(kTimescales, CaseStateKey(case_id)));
  v1::TimescaleCase known;
  if (!stored.has_value()) {
    return absl::NotFoundError("no case '" + case_id + "' in timescales");
  }
  if (!known.ParseFromString(*stored)) {
    return absl::DataLossError("corrupt timescales state of " + case_id);
  }
  ASSIGN_OR_RETURN(absl::CivilDay today,
                   Today(engine, known.local_authority(), now));
  v1::CaseTimescales result;
  result.set_case_id(case_id);
  *result.mutable_today() = ToDate(today);
  absl::Status bad;
  RETURN_IF_ERROR(engine.ScanPrefix(
      kTimescales, "t" + case_id + '\0',
      [&](const std::string&, const std::string& value) {
        v1::Timescale& item = *result.add_timescales();
        if (!item.ParseFromString(value)) {
          bad = absl::DataLossError("corrupt timescale of " + case_id);
          return false;
        }
        item.set_status(StatusAt(item, today));
        return true;
      }));
  RETURN_IF_ERROR(bad);
  std::stable_sort(result.mutable_timescales()->begin(),
                   result.mutable_timescales()->end(),
                   [](const v1::Timescale& a, const v1::Timescale& b) {
                     return DayKey(a.due_by()) < DayKey(b.due_by());
                   });
  return result;
}

absl::StatusOr<Period> ParsePeriod(std::string_view text) {
  const auto bad = [&] {
    return absl::InvalidArgumentError(
        absl::StrCat("period '", std::string(text),
                     "': expected a year (2024), a month (2024-03) or a "
                     "quarter (2024-Q1)"));
  };
  int year = 0;
  if (text.size() < 4 || !Digits(text.substr(0, 4), &year) || year < 1000) {
    return bad();
  }
  if (text.size() == 4) {
    return Period{absl::CivilDay(year, 1, 1), absl::CivilDay(year, 12, 31)};
  }
  if (text.size() != 7 || text[4] != '-') return bad();
  int number = 0;
  if (text[5] == 'Q') {
    if (!Digits(text.substr(6), &number) || number < 1 || number > 4) {
      return bad();
    }
    const absl::CivilMonth first(year, 3 * (number - 1) + 1);
    return Period{absl::CivilDay(first), absl::CivilDay(first + 3) - 1};
  }
  if (!Digits(text.substr(5), &number) || number < 1 || number > 12) {
    return bad();
  }
  const absl::CivilMonth month(year, number);
  return Period{absl::CivilDay(month), absl::CivilDay(month + 1) - 1};
}

absl::StatusOr<v1::TimescaleSummary> SummariseTimescales(
    const ProjectionEngine& engine, const std::string& authority,
    const Period& period, absl::Time now) {
  RETURN_IF_ERROR(CheckPeriod(authority, period));
  ASSIGN_OR_RETURN(absl::CivilDay today, Today(engine, authority, now));
  Tallies tallies;
  const std::string prefix = DueIndexPrefix(authority);
  v1::Timescale item;  // reused: parsing into it keeps its buffers
  absl::Status bad;
  RETURN_IF_ERROR(engine.ScanRange(
      kTimescales, prefix + DayKey(ToDate(period.first)),
      prefix + DayKey(ToDate(period.last + 1)),
      [&](const std::string&, const std::string& value) {
        if (!item.ParseFromString(value)) {
          bad = absl::DataLossError("corrupt timescale of " + authority);
          return false;
        }
        tallies.Add(item.kind(), StatusAt(item, today));
        return true;
      }));
  RETURN_IF_ERROR(bad);
  return tallies.Summary(authority, period, today);
}

absl::StatusOr<TimescaleDashboard> QueryTimescaleDashboard(
    const ProjectionEngine& engine, const TimescaleDashboardQuery& query) {
  const Period& period = query.period;
  RETURN_IF_ERROR(CheckPeriod(query.authority, period));
  if (query.late_page_size < 1 || query.late_page_size > 1000) {
    return absl::InvalidArgumentError("page_size must be 1 to 1000");
  }
  std::string from;  // the first late item's key suffix to list
  if (!query.late_page_token.empty()) {
    ASSIGN_OR_RETURN(from, DecodeLateToken(query.late_page_token));
  }
  ASSIGN_OR_RETURN(absl::CivilDay today,
                   Today(engine, query.authority, query.now));
  std::vector<Period> months;
  for (absl::CivilMonth m(period.first); m <= absl::CivilMonth(period.last);
       ++m) {
    months.push_back({std::max(absl::CivilDay(m), period.first),
                      std::min(absl::CivilDay(m + 1) - 1, period.last)});
  }
  std::vector<Tallies> tallies(months.size());
  TimescaleDashboard dashboard;
  const std::string prefix = DueIndexPrefix(query.authority);
  const size_t page_size = query.late_page_size;
  size_t month = 0;
  v1::Timescale item;  // reused: parsing into it keeps its buffers
  absl::Status bad;
  RETURN_IF_ERROR(engine.ScanRange(
      kTimescales, prefix + DayKey(ToDate(period.first)),
      prefix + DayKey(ToDate(period.last + 1)),
      [&](const std::string& key, const std::string& value) {
        if (!item.ParseFromString(value)) {
          bad = absl::DataLossError("corrupt timescale of " + query.authority);
          return false;
        }
        const absl::CivilDay due =
            ToCivilDay(item.due_by()).value_or(period.first);
        while (month + 1 < months.size() && due > months[month].last) ++month;
        const v1::TimescaleStatus status = StatusAt(item, today);
        tallies[month].Add(item.kind(), status);
        if (status != v1::TIMESCALE_STATUS_MISSED &&
            status != v1::TIMESCALE_STATUS_OVERDUE) {
          return true;
        }
        ++dashboard.late_total;
        const absl::string_view suffix =
            absl::string_view(key).substr(prefix.size());
        if (suffix < from) return true;
        if (dashboard.late.size() < page_size) {
          dashboard.late.push_back(item);
          dashboard.late.back().set_status(status);
        } else if (dashboard.next_late_page_token.empty()) {
          dashboard.next_late_page_token = absl::BytesToHexString(suffix);
        }
        return true;
      }));
  RETURN_IF_ERROR(bad);
  for (size_t i = 0; i < months.size(); ++i) {
    dashboard.months.push_back(
        tallies[i].Summary(query.authority, months[i], today));
  }
  return dashboard;
}

absl::StatusOr<std::vector<v1::Timescale>> ListTimescales(
    const ProjectionEngine& engine, const std::string& authority,
    const Period& period, absl::Time now) {
  if (authority.empty()) {
    return absl::InvalidArgumentError("name the authority to list");
  }
  ASSIGN_OR_RETURN(absl::CivilDay today, Today(engine, authority, now));
  std::vector<v1::Timescale> items;
  const std::string prefix = DueIndexPrefix(authority);
  absl::Status bad;
  RETURN_IF_ERROR(engine.ScanRange(
      kTimescales, prefix + DayKey(ToDate(period.first)),
      prefix + DayKey(ToDate(period.last + 1)),
      [&](const std::string&, const std::string& value) {
        v1::Timescale& item = items.emplace_back();
        if (!item.ParseFromString(value)) {
          bad = absl::DataLossError("corrupt timescale of " + authority);
          return false;
        }
        item.set_status(StatusAt(item, today));
        return true;
      }));
  RETURN_IF_ERROR(bad);
  return items;
}

}  // namespace keeper::projections
