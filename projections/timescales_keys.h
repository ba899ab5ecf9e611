// The keys of the timescales projection's state (timescales.h), shared by
// the projection and its queries, and the date test they all use.
#ifndef KEEPER_PROJECTIONS_TIMESCALES_KEYS_H_
#define KEEPER_PROJECTIONS_TIMESCALES_KEYS_H_

#include <string>

#include "absl/strings/str_format.h"
#include "keeper/v1/timescales.pb.h"

namespace keeper::projections {

inline std::string CaseStateKey(const std::string& case_id) {
  return "c" + case_id;
}

inline std::string ZoneKey(const std::string& authority) {
  return "z" + authority;
}

// The part of a timescale's key after its case: u8(kind) ‖ ref.
inline std::string ItemSuffix(v1::TimescaleKind kind, const std::string& ref) {
  return std::string(1, static_cast<char>(kind)) + ref;
}

inline std::string ItemKey(const std::string& case_id, v1::TimescaleKind kind,
                           const std::string& ref) {
  return "t" + case_id + '\0' + ItemSuffix(kind, ref);
}

// False for a date left unset.
inline bool IsSetDate(const v1::Date& date) { return date.year() != 0; }

// YYYYMMDD: sorts as the days do.
inline std::string DayKey(const v1::Date& date) {
  return absl::StrFormat("%04d%02d%02d", date.year(), date.month(), date.day());
}

inline std::string DueIndexPrefix(const std::string& authority) {
  return "p" + authority + '\0';
}

inline std::string DueIndexKey(const v1::Timescale& item) {
  return DueIndexPrefix(item.local_authority()) + DayKey(item.due_by()) +
         item.case_id() + '\0' + ItemSuffix(item.kind(), item.ref());
}

}  // namespace keeper::projections

#endif  // KEEPER_PROJECTIONS_TIMESCALES_KEYS_H_
