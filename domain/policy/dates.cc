#include "domain/policy/dates.h"

#include "absl/strings/ascii.h"

namespace keeper::domain {

bool IsUnset(const v1::Date& date) {
  return date.year() == 0 && date.month() == 0 && date.day() == 0;
}

std::optional<absl::CivilDay> ToCivilDay(const v1::Date& date) {
  if (date.year() < 1900 || date.year() > 9999) return std::nullopt;
  const absl::CivilDay day(date.year(), date.month(), date.day());
  // CivilDay normalises out-of-range fields; a real date survives unchanged.
  if (day.year() != date.year() || day.month() != date.month() ||
      day.day() != date.day()) {
    return std::nullopt;
  }
  return day;
}

v1::Date ToDate(absl::CivilDay day) {
  v1::Date date;
  date.set_year(static_cast<int32_t>(day.year()));
  date.set_month(day.month());
  date.set_day(day.day());
  return date;
}

std::optional<absl::CivilDay> ParseDay(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') {
    return std::nullopt;
  }
  for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) {
    if (!absl::ascii_isdigit(text[i])) return std::nullopt;
  }
  auto number = [&](size_t from, size_t len) {
    int value = 0;
    for (size_t i = from; i < from + len; ++i)
      value = value * 10 + (text[i] - '0');
    return value;
  };
  v1::Date date;
  date.set_year(number(0, 4));
  date.set_month(number(5, 2));
  date.set_day(number(8, 2));
  return ToCivilDay(date);
}

std::string FormatDay(absl::CivilDay day) { return absl::FormatCivilTime(day); }

}  // namespace keeper::domain
