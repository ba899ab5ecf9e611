// Reading the returns projection: each statutory return as rows of cells
// in the column order returns.md documents.
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/status_macros.h"
#include "domain/policy/dates.h"
#include "projections/returns.h"

namespace keeper::projections {
namespace {

std::string Day(const v1::Date& date) {
  const std::optional<absl::CivilDay> day = domain::ToCivilDay(date);
  return day.has_value() ? domain::FormatDay(*day) : std::string();
}

std::string Kind(v1::ConferenceKind kind) {
  if (kind == v1::CONFERENCE_KIND_UNSPECIFIED) return "";
  return ReturnCode(v1::ConferenceKind_Name(kind), "CONFERENCE_KIND_");
}

std::string Outcomes(const v1::ReturnConference& entry) {
  std::vector<std::string> codes;
  for (int outcome : entry.outcomes()) {
    codes.push_back(ReturnCode(
        v1::Outcome_Name(static_cast<v1::Outcome>(outcome)), "OUTCOME_"));
  }
  return absl::StrJoin(codes, "; ");
}

std::string Areas(const google::protobuf::RepeatedPtrField<std::string>& a) {
  return absl::StrJoin(a, "; ");
}

bool Registers(const v1::ReturnConference& entry) {
  for (int outcome : entry.outcomes()) {
    if (outcome == v1::OUTCOME_REGISTER) return true;
  }
  return false;
}

std::string YesNo(bool value) { return value ? "yes" : "no"; }

// A spell as it stood at the end of day `last` (YYYY-MM-DD).
struct SpellAsOf {
  std::string initial_areas, latest_areas, latest_review, last_core_group;
  std::string ended, end_reason;
  const v1::ReturnVisit* last_visit = nullptr;
};

SpellAsOf AsOf(const v1::ReturnSpell& spell, const std::string& last) {
  SpellAsOf out;
  if (spell.areas_size() > 0) {
    out.initial_areas = Areas(spell.areas(0).areas_of_concern());
    out.latest_areas = out.initial_areas;
  }
  for (const v1::ReturnAreas& areas : spell.areas()) {
    if (Day(areas.on()) <= last) {
      out.latest_areas = Areas(areas.areas_of_concern());
    }
  }
  for (const v1::Date& review : spell.reviews()) {
    const std::string day = Day(review);
    if (day <= last && day > out.latest_review) out.latest_review = day;
  }
  for (const v1::Date& meeting : spell.core_group_meetings()) {
    const std::string day = Day(meeting);
    if (day <= last && day > out.last_core_group) out.last_core_group = day;
  }
  for (const v1::ReturnVisit& visit : spell.visits()) {
    const std::string day = Day(visit.on());
    if (day <= last &&
        (out.last_visit == nullptr || day >= Day(out.last_visit->on()))) {
      out.last_visit = &visit;
    }
  }
  if (const std::string ended = Day(spell.ended_on());
      !ended.empty() && ended <= last) {
    out.ended = ended;
    out.end_reason = spell.end_reason();
  }
  return out;
}

template <typename M>
absl::Status Visit(const ProjectionEngine& engine, const std::string& begin,
                   const std::string& end,
                   const std::function<void(const M&)>& visit) {
  absl::Status bad;
  RETURN_IF_ERROR(engine.ScanRange(
      kReturns, begin, end, [&](const std::string&, const std::string& value) {
        M message;
        if (!message.ParseFromString(value)) {
          bad = absl::DataLossError("corrupt returns state");
          return false;
        }
        visit(message);
        return true;
      }));
  return bad;
}

// Keys of `tag` for `authority` dated in `period`: [first, last + 1 day).
std::pair<std::string, std::string> DayRange(char tag,
                                             const std::string& authority,
                                             const ReturnPeriod& period) {
  const std::string prefix =
      absl::StrCat(std::string(1, tag), authority, std::string(1, '\0'));
  return {prefix + domain::FormatDay(period.first),
          prefix + domain::FormatDay(period.last + 1)};
}

std::pair<std::string, std::string> AllOf(char tag,
                                          const std::string& authority) {
  const std::string prefix = absl::StrCat(std::string(1, tag), authority);
  return {prefix + std::string(1, '\0'), prefix + std::string(1, '\1')};
}

void Columns(v1::StatutoryReturn& out, std::vector<std::string> names) {
  for (std::string& name : names) out.add_columns(std::move(name));
}

void Row(v1::StatutoryReturn& out, std::vector<std::string> cells) {
  v1::ReturnRow& row = *out.add_rows();
  for (std::string& cell : cells) row.add_cells(std::move(cell));
}

}  // namespace

ReturnPeriod StatisticalYear(int year) {
  return {absl::CivilDay(year - 1, 8, 1), absl::CivilDay(year, 7, 31)};
}

std::string ReturnCode(std::string_view name, std::string_view prefix) {
  if (name.substr(0, prefix.size()) == prefix)
    name.remove_prefix(prefix.size());
  std::string code(name);
  for (char& c : code) c = absl::ascii_tolower(c);
  return code;
}

absl::StatusOr<v1::StatutoryReturn> BuildReturn(const ProjectionEngine& engine,
                                                v1::ReturnKind kind,
                                                const std::string& authority,
                                                const ReturnPeriod& period) {
  if (period.last < period.first) {
    return absl::InvalidArgumentError("the period ends before it starts");
  }
  v1::StatutoryReturn out;
  out.set_kind(kind);
  out.set_local_authority(authority);
  *out.mutable_first_day() = domain::ToDate(period.first);
  *out.mutable_last_day() = domain::ToDate(period.last);
  const std::string first = domain::FormatDay(period.first);
  const std::string last = domain::FormatDay(period.last);
  switch (kind) {
    case v1::RETURN_KIND_CONFERENCES: {
      Columns(out, {"case_id", "conference_id", "conference_kind",
                    "conference_date", "outcome", "areas_of_concern"});
      auto [begin, end] = DayRange('c', authority, period);
      RETURN_IF_ERROR(Visit<v1::ReturnConference>(
          engine, begin, end, [&](const v1::ReturnConference& c) {
            Row(out, {c.case_id(), c.conference_id(), Kind(c.kind()),
                      Day(c.decided_on()), Outcomes(c),
                      Areas(c.areas_of_concern())});
          }));
      return out;
    }
    case v1::RETURN_KIND_NOT_REGISTERED: {
      Columns(out, {"case_id", "conference_id", "conference_kind",
                    "conference_date", "outcome"});
      auto [begin, end] = DayRange('c', authority, period);
      RETURN_IF_ERROR(Visit<v1::ReturnConference>(
          engine, begin, end, [&](const v1::ReturnConference& c) {
            // A review decides whether a registered child stays on.
            if (Registers(c) || c.kind() == v1::CONFERENCE_KIND_REVIEW) return;
            Row(out, {c.case_id(), c.conference_id(), Kind(c.kind()),
                      Day(c.decided_on()), Outcomes(c)});
          }));
      return out;
    }
    case v1::RETURN_KIND_REGISTRATIONS: {
      Columns(out, {"case_id", "date", "movement", "conference_kind", "reason",
                    "areas_of_concern"});
      auto [begin, end] = DayRange('m', authority, period);
      RETURN_IF_ERROR(Visit<v1::ReturnMovement>(
          engine, begin, end, [&](const v1::ReturnMovement& m) {
            Row(out, {m.case_id(), Day(m.on()), m.movement(),
                      Kind(m.conference_kind()), m.reason(),
                      Areas(m.areas_of_concern())});
          }));
      return out;
    }
    case v1::RETURN_KIND_ON_REGISTER: {
      Columns(out,
              {"case_id", "registration", "registered_on", "areas_of_concern",
               "latest_review", "last_core_group", "last_home_visit"});
      auto [begin, end] = AllOf('s', authority);
      RETURN_IF_ERROR(Visit<v1::ReturnSpell>(
          engine, begin, end, [&](const v1::ReturnSpell& s) {
            // On the register at the end of the period's last day.
            const SpellAsOf now = AsOf(s, last);
            if (Day(s.started_on()) > last || !now.ended.empty()) return;
            Row(out, {s.case_id(), s.temporary() ? "temporary" : "registered",
                      Day(s.started_on()), now.latest_areas, now.latest_review,
                      now.last_core_group,
                      now.last_visit ? Day(now.last_visit->on()) : ""});
          }));
      return out;
    }
    case v1::RETURN_KIND_PLANS: {
      Columns(out,
              {"case_id", "plan_start", "initial_category", "latest_category",
               "latest_review", "plan_end", "end_reason", "previous_plans",
               "last_visit", "child_seen_alone", "lead_professional"});
      auto [begin, end] = AllOf('s', authority);
      RETURN_IF_ERROR(Visit<v1::ReturnSpell>(
          engine, begin, end, [&](const v1::ReturnSpell& s) {
            // Open at any time in the period; temporary stays are not plans.
            const std::string ended = Day(s.ended_on());
            if (s.temporary() || Day(s.started_on()) > last ||
                (!ended.empty() && ended < first))
              return;
            const SpellAsOf now = AsOf(s, last);
            const v1::ReturnVisit* visit = now.last_visit;
            Row(out, {s.case_id(), Day(s.started_on()), now.initial_areas,
                      now.latest_areas, now.latest_review, now.ended,
                      now.end_reason, absl::StrCat(s.previous_spells()),
                      visit ? Day(visit->on()) : "",
                      visit ? YesNo(visit->child_seen_alone()) : "",
                      s.lead_professional().name()});
          }));
      return out;
    }
    default:
      return absl::InvalidArgumentError("name the kind of return");
  }
}

}  // namespace keeper::projections
