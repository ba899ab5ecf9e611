// The child process of the projection crash test: appends events and keeps
// the counting projection following them until it is killed.
//
//   projection_crash_writer DATA_DIR
#include <cstdio>
#include <string>

#include "absl/strings/str_cat.h"
#include "common/data_dir.h"
#include "eventstore/event_store.h"
#include "eventstore/uuid.h"
#include "projections/engine.h"
#include "tests/projections/counting_projection.h"

int main(int argc, char** argv) {
  using namespace keeper;
  if (argc != 2) return 2;
  eventstore::EventStore::Options options;
  options.data_dir = EventsDir(argv[1]);
  auto store = eventstore::EventStore::Open(options);
  if (!store.ok()) return 1;
  std::vector<std::unique_ptr<projections::Projection>> counting;
  counting.push_back(std::make_unique<projections::CountingProjection>());
  // Short runs: many state-and-checkpoint writes to be killed between.
  auto engine = projections::ProjectionEngine::Open(
      {.dir = ProjectionsDir(argv[1]), .events_per_write = 7}, **store,
      std::move(counting));
  if (!engine.ok() || !(*engine)->Start().ok()) return 1;
  // Tells the test that the projection follows: its random wait before the
  // kill starts here, however slowly this process started.
  std::fputs("following\n", stdout);
  std::fflush(stdout);
  for (int i = 0;; ++i) {
    std::vector<eventstore::StreamWrite> writes(1);
    writes[0].stream_id = absl::StrCat("s", i % 13);
    eventstore::EventEnvelope event;
    event.set_event_id(eventstore::NewUuid());
    event.set_event_type("Counted");
    writes[0].events.push_back(event);
    if (!(*store)->Append(std::move(writes)).ok()) return 3;
  }
}
