// A projection for engine tests: counts events per stream, so applying an
// event twice or skipping one shows in its state.
#ifndef KEEPER_TESTS_PROJECTIONS_COUNTING_PROJECTION_H_
#define KEEPER_TESTS_PROJECTIONS_COUNTING_PROJECTION_H_

#include <string>

#include "eventstore/keys.h"
#include "projections/projection.h"

namespace keeper::projections {

using eventstore::EventEnvelope;

// Counts events per stream ("count/<stream>") and remembers each position
// it saw ("seen/<u64be position>"), reading its own earlier writes.
class CountingProjection final : public Projection {
 public:
  explicit CountingProjection(int* applies = nullptr) : applies_(applies) {}
  std::string name() const override { return "counts"; }
  absl::Status Apply(const EventEnvelope& event, StateWriter& state) override {
    if (applies_ != nullptr) ++*applies_;
    const std::string key = "count/" + event.stream_id();
    auto current = state.Get(key);
    if (!current.ok()) return current.status();
    const int count = current->has_value() ? std::stoi(**current) : 0;
    state.Put(key, std::to_string(count + 1));
    state.Put("seen/" + eventstore::EncodeU64(event.position()), "");
    return absl::OkStatus();
  }

 private:
  int* applies_;
};

}  // namespace keeper::projections

#endif  // KEEPER_TESTS_PROJECTIONS_COUNTING_PROJECTION_H_
