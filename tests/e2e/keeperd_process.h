// Runs a real keeperd process on a loopback port for end-to-end tests, with
// a fresh data directory and development certificates.
#ifndef KEEPER_TESTS_E2E_KEEPERD_PROCESS_H_
#define KEEPER_TESTS_E2E_KEEPERD_PROCESS_H_

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "common/data_dir.h"
#include "common/temp_dir.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/security/credentials.h"
#include "gtest/gtest.h"

namespace keeper::testing {

inline std::string ReadText(const std::string& path) {
  std::ifstream file(path);
  std::stringstream text;
  text << file.rdbuf();
  return text.str();
}

// Runs keeperd with `args` to its exit, returning its exit code (-1 if it
// did not exit normally, or still ran after 30 s) and what it printed.
inline int RunKeeperdToExit(const std::vector<std::string>& args,
                            std::string* output) {
  // One file per test process: ctest runs tests in parallel.
  const std::string log =
      ::testing::TempDir() + "keeperd-run-" + std::to_string(getpid()) + ".log";
  const pid_t pid = fork();
  if (pid == 0) {
    freopen(log.c_str(), "w", stdout);
    freopen(log.c_str(), "a", stderr);
    std::vector<char*> argv{const_cast<char*>(KEEPERD_BINARY)};
    for (const std::string& arg : args) {
      argv.push_back(const_cast<char*>(arg.c_str()));
    }
    argv.push_back(nullptr);
    execv(KEEPERD_BINARY, argv.data());
    _exit(127);
  }
  int status = 0;
  for (int i = 0; i < 3000; ++i) {
    if (waitpid(pid, &status, WNOHANG) == pid) {
      *output = ReadText(log);
      return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  kill(pid, SIGKILL);
  waitpid(pid, &status, 0);
  *output = ReadText(log);
  return -1;
}

class KeeperdProcess {
 public:
  // With `start` false, the data directory (with certificates) is made but
  // keeperd is not started, so a test can prepare the store first.
  // `args` are added to keeperd's command line.
  explicit KeeperdProcess(bool start = true, std::vector<std::string> args = {})
      : dir_("keeperd-e2e"), args_(std::move(args)) {
    const std::string certs = std::string(KEEPER_SOURCE_DIR) +
                              "/tools/dev_certs.sh " + TlsDir(dir_.path());
    EXPECT_EQ(std::system(certs.c_str()), 0);
    if (start) Start();
  }
  ~KeeperdProcess() { Stop(); }

  void Start() {
    const std::string port_file = dir_.Sub("port");
    std::remove(port_file.c_str());
    pid_ = fork();
    if (pid_ == 0) {
      const std::string data = "--data_dir=" + dir_.path();
      const std::string port = "--port_file=" + port_file;
      const std::string log = dir_.Sub("keeperd.log");
      freopen(log.c_str(), "a", stdout);
      freopen(stderr_path().c_str(), "a", stderr);
      std::vector<const char*> argv{
          KEEPERD_BINARY, data.c_str(), "--listen=127.0.0.1:0",
          "--metrics_listen=127.0.0.1:0", port.c_str()};
      for (const std::string& arg : args_) argv.push_back(arg.c_str());
      argv.push_back(nullptr);
      execv(KEEPERD_BINARY, const_cast<char* const*>(argv.data()));
      _exit(127);
    }
    for (int i = 0; i < 300 && port_ == 0; ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
      std::ifstream file(port_file);
      file >> port_;
    }
    ASSERT_NE(port_, 0) << Output();
  }

  // SIGTERM, and waits for a clean exit; returns how long it took.
  std::chrono::milliseconds Stop() {
    if (pid_ <= 0) return {};
    const auto asked = std::chrono::steady_clock::now();
    kill(pid_, SIGTERM);
    int status = 0;
    waitpid(pid_, &status, 0);
    const auto took = std::chrono::duration_cast<std::chrono::milliseconds>(
        std::chrono::steady_clock::now() - asked);
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << Output();
    pid_ = 0;
    port_ = 0;
    return took;
  }

  // A channel authenticated as `role_file` (e.g. "social-worker"); empty for
  // TLS without a client certificate.
  std::shared_ptr<grpc::Channel> Channel(const std::string& role_file,
                                         const std::string& ca_dir = "") const {
    grpc::SslCredentialsOptions ssl;
    ssl.pem_root_certs = ReadText(TlsDir(dir_.path()) + "/ca.pem");
    const std::string certs = ca_dir.empty() ? TlsDir(dir_.path()) : ca_dir;
    if (!role_file.empty()) {
      ssl.pem_cert_chain = ReadText(certs + "/" + role_file + ".pem");
      ssl.pem_private_key = ReadText(certs + "/" + role_file + ".key");
    }
    return grpc::CreateChannel("localhost:" + std::to_string(port_),
                               grpc::SslCredentials(ssl));
  }

  const std::string& data_dir() const { return dir_.path(); }
  // keeperd's log lines (JSON) go to stderr, kept apart from its stdout.
  std::string stderr_path() const { return dir_.Sub("keeperd.stderr"); }
  std::string Output() const {
    return ReadText(dir_.Sub("keeperd.log")) + ReadText(stderr_path());
  }
  int port() const { return port_; }

 private:
  TempDir dir_;
  std::vector<std::string> args_;
  pid_t pid_ = 0;
  int port_ = 0;
};

}  // namespace keeper::testing

#endif  // KEEPER_TESTS_E2E_KEEPERD_PROCESS_H_
