// Reading small files whole (certificates, keys, policies).
#ifndef KEEPER_COMMON_FILES_H_
#define KEEPER_COMMON_FILES_H_

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

}  // namespace keeper

#endif  // KEEPER_COMMON_FILES_H_
