// Reading and writing small files whole (certificates, keys, policies,
// documents).
#ifndef KEEPER_COMMON_FILES_H_
#define KEEPER_COMMON_FILES_H_

#include <fcntl.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "absl/status/statusor.h"

namespace keeper {

// The file's bytes; NOT_FOUND naming the path if it cannot be read.
inline absl::StatusOr<std::string> ReadFileToString(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  if (!file) return absl::NotFoundError("cannot read " + path);
  std::stringstream bytes;
  bytes << file.rdbuf();
  return bytes.str();
}

// Writes `bytes` to `path`, replacing what it held; UNAVAILABLE naming the
// path if it cannot be written. Not synced: for output a user asked for.
inline absl::Status WriteStringToFile(const std::string& path,
                                      const std::string& bytes) {
  std::ofstream file(path, std::ios::binary | std::ios::trunc);
  file << bytes;
  file.close();
  if (!file) return absl::UnavailableError("cannot write " + path);
  return absl::OkStatus();
}

// Creates `path` with `mode` and `bytes`, synced with its directory, so a
// key or marker survives a crash once this returns. ALREADY_EXISTS if the
// file exists: nothing is overwritten.
inline absl::Status CreateFileDurably(const std::string& path,
                                      const std::string& bytes, mode_t mode) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL, mode);
  if (fd < 0) {
    if (errno == EEXIST) return absl::AlreadyExistsError(path + " exists");
    return absl::FailedPreconditionError("cannot create " + path);
  }
  size_t written = 0;
  while (written < bytes.size()) {
    const ssize_t n =
        ::write(fd, bytes.data() + written, bytes.size() - written);
    if (n <= 0) break;
    written += static_cast<size_t>(n);
  }
  const bool ok = written == bytes.size() && ::fsync(fd) == 0;
  ::close(fd);
  if (!ok) return absl::DataLossError("cannot write " + path);
  const std::string dir = std::filesystem::path(path).parent_path().string();
  const int dir_fd = ::open(dir.empty() ? "." : dir.c_str(), O_RDONLY);
  if (dir_fd >= 0) {
    ::fsync(dir_fd);
    ::close(dir_fd);
  }
  return absl::OkStatus();
}

}  // namespace keeper

#endif  // KEEPER_COMMON_FILES_H_
