// A keeperd that `keeper bench crash` and `keeper bench soak` start, kill
// and restart: a child process on a loopback port, its output appended to
// <data_dir>/keeperd.log. After the first start it keeps its port, so that
// clients' channels reconnect to the restarted server by themselves.
//
// Not thread-safe: one thread drives it.
#ifndef KEEPER_TOOLS_KEEPERD_CHILD_H_
#define KEEPER_TOOLS_KEEPERD_CHILD_H_

#include <sys/types.h>

#include <ios>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace keeper::tools {

// `keeperd` beside the running `keeper` (as built and as installed).
std::string KeeperdBesideThisProgram();

class KeeperdChild {
 public:
  // `args` are added to --data_dir, --listen and --port_file.
  KeeperdChild(std::string binary, std::string data_dir,
               std::vector<std::string> args);
  ~KeeperdChild();  // kills it if it still runs
  KeeperdChild(const KeeperdChild&) = delete;
  KeeperdChild& operator=(const KeeperdChild&) = delete;

  // Starts it and waits until it serves: UNAVAILABLE, with the end of its
  // log, if it exits first or takes over 60 s.
  absl::Status Start();
  // SIGKILL, and waits for it to be gone.
  void Kill();
  // SIGTERM, and waits; INTERNAL unless it exits with 0.
  absl::Status Stop();

  bool running() const { return pid_ > 0; }
  pid_t pid() const { return pid_; }
  std::string address() const;  // localhost:PORT, once started
  // HOST:PORT of the metrics listener, as keeperd logged it on its last
  // start (so --metrics_listen may pick port 0); empty until it has.
  std::string metrics_address() const;

 private:
  const std::string binary_;
  const std::string data_dir_;
  const std::vector<std::string> args_;
  pid_t pid_ = 0;
  int port_ = 0;
  std::streamoff log_offset_ = 0;  // where the last start's log begins
};

// Makes development certificates in <data_dir>/tls, starts `binary` (empty:
// KeeperdBesideThisProgram) on `data_dir` without its metrics listener
// (unless `flags` give --metrics_listen), and points --server and --tls_dir
// at it for ConnectAs. `flags` are passed to keeperd as well.
absl::StatusOr<std::unique_ptr<KeeperdChild>> StartOwnKeeperd(
    std::string binary, const std::string& data_dir,
    std::vector<std::string> flags = {});

// Writes keeperd's shipped access policy without its per-caller quota to
// <dir>/bench_access_policy.json and returns the path, for keeperd's
// --access_policy. Benchmarks call faster from one certificate than the
// quota lets one caller call; what they measure is keeperd, not the limit.
absl::StatusOr<std::string> WritePolicyWithoutQuota(const std::string& dir);

}  // namespace keeper::tools

#endif  // KEEPER_TOOLS_KEEPERD_CHILD_H_
