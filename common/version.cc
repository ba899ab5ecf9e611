#include "common/version.h"

#include "keeper_version.h"  // generated at build time

namespace keeper {

const char* KeeperVersion() { return KEEPER_VERSION; }
const char* KeeperGitCommit() { return KEEPER_GIT_COMMIT; }

std::string VersionLine(const std::string& program) {
  return program + " " + KEEPER_VERSION + " (commit " + KEEPER_GIT_COMMIT + ")";
}

}  // namespace keeper
