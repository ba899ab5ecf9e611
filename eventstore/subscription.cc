// Waiting for commits and catch-up-then-live subscriptions. Waiters block on
// the head's mutex condition; nothing polls.
#include <atomic>
#include <thread>

#include "common/status_macros.h"
#include "eventstore/internal/event_store_impl.h"

namespace keeper::eventstore {
namespace {

struct HeadWait {
  const Head* head;
  const bool* closing;
  const std::atomic<bool>* cancelled;
  uint64_t after;
  bool operator()() const {
    return head->position > after || *closing ||
           (cancelled != nullptr && cancelled->load());
  }
};

}  // namespace

uint64_t EventStore::Impl::WaitForHead(uint64_t after,
                                       absl::Duration timeout) const {
  absl::MutexLock lock(&head_mu_);
  HeadWait wait{&head_, &closing_, nullptr, after};
  head_mu_.AwaitWithTimeout(absl::Condition(&wait), timeout);
  return head_.position;
}

uint64_t EventStore::Impl::AwaitHeadOrCancel(
    uint64_t after, const std::atomic<bool>* cancelled) const {
  absl::MutexLock lock(&head_mu_);
  HeadWait wait{&head_, &closing_, cancelled, after};
  head_mu_.Await(absl::Condition(&wait));
  return head_.position;
}

void EventStore::Impl::CancelWaiter(std::atomic<bool>* cancelled) const {
  // Set under the mutex so that a waiter's condition is re-evaluated.
  absl::MutexLock lock(&head_mu_);
  cancelled->store(true);
}

namespace {

class SubscriptionImpl final : public Subscription {
 public:
  SubscriptionImpl(EventStore::Impl* store, uint64_t from, EventVisitor handler)
      : store_(store), position_(from - 1), handler_(std::move(handler)) {
    thread_ = std::thread([this] { Run(); });
  }

  ~SubscriptionImpl() override { Cancel().IgnoreError(); }

  absl::Status Cancel() override {
    store_->CancelWaiter(&cancelled_);
    if (thread_.joinable()) thread_.join();
    return status_;
  }

  uint64_t position() const override { return position_.load(); }

 private:
  void Run() {
    for (;;) {
      const uint64_t head = store_->AwaitHeadOrCancel(position_, &cancelled_);
      if (Cancelled() || head <= position_) return;  // cancelled or closing
      status_ =
          store_->Scan(position_ + 1, head, [this](const EventEnvelope& event) {
            if (Cancelled()) return absl::CancelledError();
            RETURN_IF_ERROR(handler_(event));
            position_ = event.position();
            return absl::OkStatus();
          });
      if (absl::IsCancelled(status_) && Cancelled()) status_ = absl::OkStatus();
      if (!status_.ok() || Cancelled()) return;
    }
  }

  bool Cancelled() const { return cancelled_.load(); }

  EventStore::Impl* store_;
  std::atomic<uint64_t> position_;
  EventVisitor handler_;
  std::atomic<bool> cancelled_{false};
  absl::Status status_;
  std::thread thread_;
};

}  // namespace

absl::StatusOr<std::unique_ptr<Subscription>> EventStore::Impl::Subscribe(
    uint64_t from_position, EventVisitor handler) {
  if (options_.mode != Mode::kPrimary) {
    return absl::FailedPreconditionError(
        "subscriptions need the primary store; a secondary calls Refresh");
  }
  if (handler == nullptr) {
    return absl::InvalidArgumentError("a subscription needs a handler");
  }
  return std::make_unique<SubscriptionImpl>(
      this, std::max<uint64_t>(from_position, 1), std::move(handler));
}

}  // namespace keeper::eventstore
