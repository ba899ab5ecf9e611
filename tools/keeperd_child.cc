#include "tools/keeperd_child.h"

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "absl/flags/flag.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/data_dir.h"
#include "common/files.h"
#include "nlohmann/json.hpp"
#include "services/access/access_gate.h"
#include "tools/client.h"
#include "tools/demo_command.h"

namespace keeper::tools {

std::string KeeperdBesideThisProgram() {
  std::error_code error;
  const std::filesystem::path self =
      std::filesystem::read_symlink("/proc/self/exe", error);
  return (self.parent_path() / "keeperd").string();
}

KeeperdChild::KeeperdChild(std::string binary, std::string data_dir,
                           std::vector<std::string> args)
    : binary_(std::move(binary)),
      data_dir_(std::move(data_dir)),
      args_(std::move(args)) {}

KeeperdChild::~KeeperdChild() { Kill(); }

std::string KeeperdChild::address() const {
  return absl::StrCat("localhost:", port_);
}

std::string KeeperdChild::metrics_address() const {
  std::ifstream file(data_dir_ + "/keeperd.log");
  file.seekg(log_offset_);
  for (std::string line; std::getline(file, line);) {
    const nlohmann::json parsed = nlohmann::json::parse(line, nullptr, false);
    if (parsed.is_object() && parsed.value("msg", "") == "keeperd started") {
      return parsed.value("metrics", "");
    }
  }
  return "";
}

absl::Status KeeperdChild::Start() {
  if (running()) return absl::OkStatus();
  const std::string port_file = data_dir_ + "/keeperd.port";
  const std::string log = data_dir_ + "/keeperd.log";
  std::remove(port_file.c_str());
  log_offset_ = 0;
  if (std::ifstream file(log, std::ios::ate); file) log_offset_ = file.tellg();
  std::vector<std::string> args = {binary_, "--data_dir=" + data_dir_,
                                   absl::StrCat("--listen=127.0.0.1:", port_),
                                   "--port_file=" + port_file};
  args.insert(args.end(), args_.begin(), args_.end());
  pid_ = fork();
  if (pid_ < 0) {
    pid_ = 0;
    return absl::ResourceExhaustedError("cannot fork keeperd");
  }
  if (pid_ == 0) {
    freopen(log.c_str(), "a", stdout);
    freopen(log.c_str(), "a", stderr);
    std::vector<char*> argv;
    for (std::string& arg : args) argv.push_back(arg.data());
    argv.push_back(nullptr);
    execv(binary_.c_str(), argv.data());
    _exit(127);
  }
  const absl::Time give_up = absl::Now() + absl::Seconds(60);
  while (absl::Now() < give_up) {
    int port = 0;
    std::ifstream file(port_file);
    if (file >> port && port != 0) {
      port_ = port;
      return absl::OkStatus();
    }
    int status = 0;
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = 0;
      break;
    }
    absl::SleepFor(absl::Milliseconds(10));
  }
  Kill();
  absl::StatusOr<std::string> text = ReadFileToString(log);
  const std::string tail =
      text.ok() ? text->substr(text->size() > 2000 ? text->size() - 2000 : 0)
                : "";
  return absl::UnavailableError(
      absl::StrCat(binary_, " did not start serving; its log ends:\n", tail));
}

void KeeperdChild::Kill() {
  if (!running()) return;
  kill(pid_, SIGKILL);
  int status = 0;
  waitpid(pid_, &status, 0);
  pid_ = 0;
}

absl::Status KeeperdChild::Stop() {
  if (!running()) return absl::OkStatus();
  kill(pid_, SIGTERM);
  int status = 0;
  waitpid(pid_, &status, 0);
  pid_ = 0;
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    return absl::InternalError(absl::StrCat(
        "keeperd did not stop cleanly (see ", data_dir_, "/keeperd.log)"));
  }
  return absl::OkStatus();
}

absl::StatusOr<std::unique_ptr<KeeperdChild>> StartOwnKeeperd(
    std::string binary, const std::string& data_dir,
    std::vector<std::string> flags) {
  if (binary.empty()) binary = KeeperdBesideThisProgram();
  const std::string tls_dir = TlsDir(data_dir);
  if (absl::Status made = MakeDevCertificates(tls_dir); !made.ok()) {
    return made;
  }
  flags.insert(flags.begin(), "--metrics_listen=");  // the last one counts
  auto keeperd = std::make_unique<KeeperdChild>(std::move(binary), data_dir,
                                                std::move(flags));
  if (absl::Status started = keeperd->Start(); !started.ok()) return started;
  absl::SetFlag(&FLAGS_server, keeperd->address());
  absl::SetFlag(&FLAGS_tls_dir, tls_dir);
  return keeperd;
}

absl::StatusOr<std::string> WritePolicyWithoutQuota(const std::string& dir) {
  const std::string shipped = services::DefaultAccessPolicyPath();
  std::ifstream in(shipped);
  nlohmann::json policy = nlohmann::json::parse(in, nullptr, false);
  if (policy.is_discarded() || !policy.is_object()) {
    return absl::FailedPreconditionError(
        absl::StrCat("cannot read the access policy ", shipped));
  }
  policy.erase("callerQuota");
  const std::string path = absl::StrCat(dir, "/bench_access_policy.json");
  std::ofstream out(path);
  out << policy.dump(2) << "\n";
  out.close();
  if (!out) return absl::InternalError(absl::StrCat("cannot write ", path));
  return path;
}

}  // namespace keeper::tools
