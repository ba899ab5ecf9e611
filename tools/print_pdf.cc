#include "tools/print_pdf.h"

#include <spawn.h>
#include <sys/wait.h>

#include <filesystem>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/files.h"
#include "common/temp_dir.h"

extern char** environ;

namespace keeper::tools {
namespace {

// The end of Chromium's log, which says why it printed nothing.
std::string LogTail(const std::string& path) {
  absl::StatusOr<std::string> log = ReadFileToString(path);
  if (!log.ok() || log->empty()) return "(no output)";
  constexpr size_t kTail = 600;
  return log->size() > kTail ? log->substr(log->size() - kTail) : *log;
}

}  // namespace

absl::Status PrintToPdf(const std::string& html, const std::string& pdf_path,
                        const std::string& chromium) {
  TempDir dir("keeper-report");
  if (dir.path().empty()) {
    return absl::UnavailableError("cannot make a temporary directory");
  }
  const std::string page = dir.Sub("page.html");
  if (absl::Status written = WriteStringToFile(page, html); !written.ok()) {
    return written;
  }
  std::error_code error;
  const std::string out = std::filesystem::absolute(pdf_path, error).string();
  std::filesystem::remove(out, error);
  const std::string log = dir.Sub("chromium.log");
  std::vector<std::string> args = {
      chromium, "--headless",
      // Runs as the caller, often root in a container, where the sandbox
      // cannot start; the page is our own file and fetches nothing.
      "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
      absl::StrCat("--user-data-dir=", dir.Sub("profile")),
      absl::StrCat("--print-to-pdf=", out), absl::StrCat("file://", page)};
  std::vector<char*> argv;
  for (std::string& arg : args) argv.push_back(arg.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t files;
  posix_spawn_file_actions_init(&files);
  posix_spawn_file_actions_addopen(&files, STDIN_FILENO, "/dev/null", O_RDONLY,
                                   0);
  posix_spawn_file_actions_addopen(&files, STDOUT_FILENO, log.c_str(),
                                   O_WRONLY | O_CREAT | O_TRUNC, 0600);
  posix_spawn_file_actions_adddup2(&files, STDOUT_FILENO, STDERR_FILENO);
  pid_t pid = 0;
  const int spawned = posix_spawnp(&pid, chromium.c_str(), &files, nullptr,
                                   argv.data(), environ);
  posix_spawn_file_actions_destroy(&files);
  if (spawned != 0) {
    return absl::FailedPreconditionError(absl::StrCat(
        "cannot run ", chromium,
        " to print the PDF: install Debian's chromium, or give --chromium"));
  }
  int status = 0;
  waitpid(pid, &status, 0);
  absl::StatusOr<std::string> pdf = ReadFileToString(out);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0 || !pdf.ok() ||
      !absl::StartsWith(*pdf, "%PDF")) {
    return absl::FailedPreconditionError(
        absl::StrCat(chromium, " printed no PDF to ", out, ": ", LogTail(log)));
  }
  return absl::OkStatus();
}

}  // namespace keeper::tools
