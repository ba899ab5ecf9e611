// Identifiers the domain accepts and the stream ids it writes to.
//
// Thread safety: stateless functions.
#ifndef KEEPER_DOMAIN_IDS_H_
#define KEEPER_DOMAIN_IDS_H_

#include <string>
#include <string_view>

#include "absl/status/status.h"

namespace keeper::domain {

inline constexpr char kCaseStreamPrefix[] = "case-";
inline constexpr char kRegisterStreamPrefix[] = "register-";

// A client-chosen id (case, child, conference, report, participant, ...):
// 1 to 64 of [A-Za-z0-9_-]. INVALID_ARGUMENT naming `field` otherwise.
absl::Status CheckId(std::string_view id, std::string_view field);

// A local authority id: 1 to 64 of [a-z0-9-], e.g. "perth-and-kinross".
absl::Status CheckAuthority(std::string_view authority, std::string_view field);

// "case-<case_id>": every event of one case.
std::string CaseStreamId(std::string_view case_id);

// "register-<authority>:<child_id>": whether the child is on the
// authority's register, and through which case.
std::string RegisterStreamId(std::string_view authority,
                             std::string_view child_id);

}  // namespace keeper::domain

#endif  // KEEPER_DOMAIN_IDS_H_
