// The reading names of enums: agency names as used in Actor.agency and
// policy files, and party roles as messages name them.
//
// Thread safety: stateless functions.
#ifndef KEEPER_DOMAIN_AGENCY_AND_ROLE_NAMES_H_
#define KEEPER_DOMAIN_AGENCY_AND_ROLE_NAMES_H_

#include <string>
#include <string_view>

#include "keeper/v1/types.pb.h"

namespace keeper::domain {

// "social_work" <-> AGENCY_SOCIAL_WORK; AGENCY_UNSPECIFIED for an unknown
// name.
v1::Agency AgencyFromName(std::string_view name);
std::string AgencyName(v1::Agency agency);

// A party role's reading name for messages: PARTY_ROLE_PARENT -> "parent".
std::string RoleName(v1::PartyRole role);

}  // namespace keeper::domain

#endif  // KEEPER_DOMAIN_AGENCY_AND_ROLE_NAMES_H_
