#include "tools/progress.h"

#include <unistd.h>

#include <cstdio>

namespace keeper::tools {

Progress::Progress(std::string label, uint64_t total)
    : label_(std::move(label)), total_(total), enabled_(isatty(2) == 1) {}

void Progress::Update(uint64_t done) {
  if (!enabled_ || total_ == 0) return;
  const absl::Time now = absl::Now();
  if (now - last_draw_ < absl::Milliseconds(100)) return;
  last_draw_ = now;
  constexpr int kWidth = 40;
  const double fraction = done >= total_ ? 1.0 : double(done) / total_;
  const int filled = static_cast<int>(fraction * kWidth);
  std::fprintf(stderr, "\r%s [%s%s] %3d%% %llu/%llu", label_.c_str(),
               std::string(filled, '#').c_str(),
               std::string(kWidth - filled, ' ').c_str(),
               static_cast<int>(fraction * 100),
               static_cast<unsigned long long>(done),
               static_cast<unsigned long long>(total_));
}

void Progress::Done() {
  if (enabled_ && last_draw_ != absl::InfinitePast()) {
    std::fprintf(stderr, "\r\033[K");
  }
}

}  // namespace keeper::tools
