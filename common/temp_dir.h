// A fresh directory under the system temp dir, removed with everything in it
// when the object goes out of scope.
#ifndef KEEPER_COMMON_TEMP_DIR_H_
#define KEEPER_COMMON_TEMP_DIR_H_

#include <stdlib.h>

#include <filesystem>
#include <string>

namespace keeper {

class TempDir {
 public:
  // path() is empty if the directory could not be made.
  explicit TempDir(const std::string& prefix = "keeper-test") {
    std::string pattern =
        (std::filesystem::temp_directory_path() / (prefix + "-XXXXXX"))
            .string();
    if (mkdtemp(pattern.data()) != nullptr) path_ = pattern;
  }
  ~TempDir() {
    std::error_code ignored;
    if (!path_.empty()) std::filesystem::remove_all(path_, ignored);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::string& path() const { return path_; }
  std::string Sub(const std::string& name) const {
    return (std::filesystem::path(path_) / name).string();
  }

 private:
  std::string path_;
};

}  // namespace keeper

#endif  // KEEPER_COMMON_TEMP_DIR_H_
