// The child process of the crash test: appends from several threads until it
// is killed, printing "ack <event_id> <position>" for each event of every
// append after the append is acknowledged (and so synced).
//
//   crash_writer DATA_DIR THREADS
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "eventstore/event_store.h"
#include "eventstore/uuid.h"
#include "google/protobuf/wrappers.pb.h"

using keeper::eventstore::EventEnvelope;
using keeper::eventstore::EventStore;
using keeper::eventstore::ExpectedVersion;
using keeper::eventstore::StreamWrite;

namespace {

EventEnvelope PairEvent(const std::string& append_id, int n) {
  EventEnvelope event;
  event.set_event_id(keeper::eventstore::NewUuid());
  event.set_event_type("Pair");
  google::protobuf::StringValue value;
  value.set_value(std::string(200 + n * 37 % 300, 'p'));
  event.mutable_payload()->PackFrom(value);
  event.set_correlation_id(append_id);
  return event;
}

void Writer(EventStore* store, int thread) {
  for (int i = 0;; ++i) {
    // Every append writes one event to each of two streams: after a crash
    // both must be there, or neither.
    const std::string append_id = keeper::eventstore::NewUuid();
    std::vector<StreamWrite> writes(2);
    writes[0] = {absl::StrCat("t", thread),
                 ExpectedVersion::Any(),
                 {PairEvent(append_id, i)}};
    writes[1] = {absl::StrCat("shared-", i % 5),
                 ExpectedVersion::Any(),
                 {PairEvent(append_id, i + 1)}};
    auto result = store->Append(std::move(writes));
    if (!result.ok()) {
      std::fprintf(stderr, "append failed: %s\n",
                   result.status().ToString().c_str());
      std::_Exit(3);
    }
    std::string lines;
    for (const EventEnvelope& event : result->events) {
      absl::StrAppend(&lines, "ack ", event.event_id(), " ", event.position(),
                      "\n");
    }
    // One write() per append: lines under PIPE_BUF never interleave.
    if (write(STDOUT_FILENO, lines.data(), lines.size()) < 0) std::_Exit(4);
  }
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: crash_writer DATA_DIR THREADS\n");
    return 2;
  }
  EventStore::Options options;
  options.data_dir = argv[1];
  auto store = EventStore::Open(options);
  if (!store.ok()) {
    std::fprintf(stderr, "open: %s\n", store.status().ToString().c_str());
    return 1;
  }
  std::vector<std::thread> threads;
  for (int t = 0; t < std::atoi(argv[2]); ++t) {
    threads.emplace_back(Writer, store->get(), t);
  }
  for (auto& thread : threads) thread.join();
}
