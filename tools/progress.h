// A one-line progress bar on stderr, shown only when stderr is a terminal.
#ifndef KEEPER_TOOLS_PROGRESS_H_
#define KEEPER_TOOLS_PROGRESS_H_

#include <cstdint>
#include <string>

#include "absl/time/clock.h"
#include "absl/time/time.h"

namespace keeper::tools {

class Progress {
 public:
  Progress(std::string label, uint64_t total);
  // Redraws at most ten times a second.
  void Update(uint64_t done);
  // Clears the line.
  void Done();

 private:
  std::string label_;
  uint64_t total_;
  bool enabled_;
  absl::Time last_draw_ = absl::InfinitePast();
};

}  // namespace keeper::tools

#endif  // KEEPER_TOOLS_PROGRESS_H_
