// What the client read subcommands share: their flags, the policies whose
// time zones they show times in, and printing a listing.
#ifndef KEEPER_TOOLS_READ_COMMANDS_H_
#define KEEPER_TOOLS_READ_COMMANDS_H_

#include <string>

#include "absl/flags/declare.h"
#include "absl/time/time.h"
#include "domain/policy/policy.h"
#include "keeper/v1/types.pb.h"
#include "tools/table.h"

ABSL_DECLARE_FLAG(std::string, case_id);
ABSL_DECLARE_FLAG(std::string, authority);

namespace keeper::tools {

constexpr absl::Duration kReadDeadline = absl::Seconds(30);

// The policies of --policy_dir, loaded once; empty when they fail to load
// (times are then shown in UTC).
const domain::PolicyRegistry& DisplayPolicies();

// "Jamie Smith"; "(unborn) Smith".
std::string ChildName(const v1::ChildDetails& child);
// "2016-05-14", or "due 2026-09-01" for an unborn baby.
std::string BirthText(const v1::ChildDetails& child);
// "Chris Chair (Reviewing Officer, social work)".
std::string PersonText(const v1::Person& person);

// Prints `table` in the chosen format; returns 0.
int PrintListing(const Table& table, std::string_view empty = "(none)");

}  // namespace keeper::tools

#endif  // KEEPER_TOOLS_READ_COMMANDS_H_
