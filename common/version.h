// Which Keeper this is: the release and the commit it was built from.
#ifndef KEEPER_COMMON_VERSION_H_
#define KEEPER_COMMON_VERSION_H_

#include <string>

namespace keeper {

// e.g. "0.1.0"
const char* KeeperVersion();
// The git commit the build came from (12 hex digits, "-dirty" for local
// changes), or "unknown" when built outside a git checkout.
const char* KeeperGitCommit();
// "<program> <version> (commit <commit>)", as --version prints it.
std::string VersionLine(const std::string& program);

}  // namespace keeper

#endif  // KEEPER_COMMON_VERSION_H_
