// Runs the real `keeper` binary (KEEPER_BINARY, set by the build) and
// captures what it prints to standard output.
#ifndef KEEPER_TESTS_TOOLS_RUN_KEEPER_H_
#define KEEPER_TESTS_TOOLS_RUN_KEEPER_H_

#include <sys/wait.h>

#include <cstdio>
#include <string>

#include "gtest/gtest.h"

namespace keeper::tools::testing {

struct Output {
  int exit_code;  // -1 when the process did not exit normally
  std::string out;
};

// `args` go through the shell, as typed; `env` ("NAME=value ...") is set
// for the command alone.
inline Output Keeper(const std::string& args, const std::string& env = "") {
  const std::string command =
      (env.empty() ? "" : "env " + env + " ") + KEEPER_BINARY + " " + args;
  FILE* pipe = popen(command.c_str(), "r");
  EXPECT_NE(pipe, nullptr);
  Output result{-1, ""};
  if (pipe == nullptr) return result;
  char buffer[4096];
  for (size_t n; (n = fread(buffer, 1, sizeof(buffer), pipe)) > 0;) {
    result.out.append(buffer, n);
  }
  const int status = pclose(pipe);
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result;
}

}  // namespace keeper::tools::testing

#endif  // KEEPER_TESTS_TOOLS_RUN_KEEPER_H_
