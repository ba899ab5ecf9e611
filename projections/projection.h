// A read model rebuilt from events.
//
// A projection owns one RocksDB column family in the projections database.
// The engine feeds it every event in log order, and writes the state it
// changed together with its checkpoint (the position of the last event
// applied) in one WriteBatch: after a crash it resumes from the checkpoint,
// never applying an event twice or skipping one.
//
// Apply must be a pure function of the state and the event: no clock, no
// randomness, no I/O besides `state`. Then a rebuilt projection equals the
// incrementally built one byte for byte.
#ifndef KEEPER_PROJECTIONS_PROJECTION_H_
#define KEEPER_PROJECTIONS_PROJECTION_H_

#include <functional>
#include <optional>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "keeper/v1/eventstore.pb.h"

namespace keeper::projections {

// A projection's view of its own state while applying events: reads see the
// writes of the batch being built. Not thread-safe; valid during Apply only.
class StateWriter {
 public:
  virtual ~StateWriter() = default;
  virtual absl::StatusOr<std::optional<std::string>> Get(
      const std::string& key) = 0;
  virtual void Put(const std::string& key, const std::string& value) = 0;
  virtual void Delete(const std::string& key) = 0;
  // Visits the keys with `prefix` in order, batch included, until `visitor`
  // returns false.
  virtual absl::Status ScanPrefix(
      const std::string& prefix,
      const std::function<bool(const std::string& key,
                               const std::string& value)>& visitor) = 0;
};

class Projection {
 public:
  virtual ~Projection() = default;

  // The column family's name; also the name `keeper rebuild` takes.
  virtual std::string name() const = 0;

  // Folds one event into the state. An error stops the engine: the event
  // and everything after it stay unapplied until the cause is fixed.
  // Called on one thread at a time per projection, not always the same
  // one; different projections' Apply run concurrently.
  virtual absl::Status Apply(const v1::EventEnvelope& event,
                             StateWriter& state) = 0;
};

// The message stored at `key`, or nullopt when there is none; DATA_LOSS,
// naming `projection` and the key's one-letter tag, when it does not parse.
template <typename M>
absl::StatusOr<std::optional<M>> ReadStored(StateWriter& state,
                                            const std::string& key,
                                            const std::string& projection) {
  absl::StatusOr<std::optional<std::string>> stored = state.Get(key);
  if (!stored.ok()) return stored.status();
  if (!stored->has_value()) return std::nullopt;
  M message;
  if (!message.ParseFromString(**stored)) {
    return absl::DataLossError("corrupt " + projection + " state at " +
                               key.substr(0, 1));
  }
  return message;
}

// True, with `out` filled, when the event's payload is a T.
template <typename T>
bool Unpack(const v1::EventEnvelope& event, T* out) {
  return event.payload().Is<T>() && event.payload().UnpackTo(out);
}

}  // namespace keeper::projections

#endif  // KEEPER_PROJECTIONS_PROJECTION_H_
