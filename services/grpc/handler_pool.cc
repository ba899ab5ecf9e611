#include "services/grpc/handler_pool.h"

namespace keeper::services {

HandlerPool::HandlerPool(const Options& options)
    : max_waiting_(options.max_waiting) {
  threads_.reserve(options.threads);
  for (int i = 0; i < options.threads; ++i) {
    threads_.emplace_back([this] { Work(); });
  }
}

HandlerPool::~HandlerPool() {
  {
    absl::MutexLock lock(&mu_);
    stopping_ = true;
  }
  for (std::thread& thread : threads_) thread.join();
}

bool HandlerPool::Submit(std::function<void()> task) {
  absl::MutexLock lock(&mu_);
  if (tasks_.size() >= max_waiting_) return false;
  tasks_.push_back(std::move(task));
  return true;
}

void HandlerPool::Work() {
  while (true) {
    std::function<void()> task;
    {
      absl::MutexLock lock(&mu_);
      mu_.Await(absl::Condition(this, &HandlerPool::Ready));
      if (tasks_.empty()) return;  // stopping, and nothing left to run
      task = std::move(tasks_.front());
      tasks_.pop_front();
    }
    task();
  }
}

}  // namespace keeper::services
