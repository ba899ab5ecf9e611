// The threads that run unary handlers, off gRPC's own.
//
// Unary RPCs use gRPC's callback API, whose threads must not block; Keeper's
// handlers do block (a synced append, a wait for the projections), so each
// call's work is handed to this pool and the call is finished from there.
// The sync server API would run handlers on its own threads, but gRPC 1.51's
// sync server leaves requests unread for about 100 ms every second when calls
// are sparse.
#ifndef KEEPER_SERVICES_GRPC_HANDLER_POOL_H_
#define KEEPER_SERVICES_GRPC_HANDLER_POOL_H_

#include <cstddef>
#include <deque>
#include <functional>
#include <thread>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"

namespace keeper::services {

// Thread-safe. The destructor runs every task already submitted, then joins.
class HandlerPool {
 public:
  struct Options {
    // Bounds how many handlers block at once; many writers waiting together
    // is what lets the event store commit them with one sync.
    int threads = 64;
    // Tasks waiting for a thread beyond which Submit refuses more, so that
    // a flood of calls sheds load instead of queueing without bound (each
    // waiting call holds its request).
    size_t max_waiting = 4096;
  };

  explicit HandlerPool(const Options& options);
  ~HandlerPool();
  HandlerPool(const HandlerPool&) = delete;
  HandlerPool& operator=(const HandlerPool&) = delete;

  // Queues `task` to run on a pool thread; false, dropping it unrun, when
  // max_waiting tasks are already waiting.
  [[nodiscard]] bool Submit(std::function<void()> task);

  size_t max_waiting() const { return max_waiting_; }

 private:
  void Work();
  bool Ready() const ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    return stopping_ || !tasks_.empty();
  }

  const size_t max_waiting_;
  absl::Mutex mu_;
  std::deque<std::function<void()>> tasks_ ABSL_GUARDED_BY(mu_);
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  std::vector<std::thread> threads_;
};

}  // namespace keeper::services

#endif  // KEEPER_SERVICES_GRPC_HANDLER_POOL_H_
