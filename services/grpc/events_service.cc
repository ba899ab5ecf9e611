#include "services/grpc/events_service.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <optional>
#include <thread>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "common/error_info.h"
#include "eventstore/uuid.h"
#include "projections/register.h"
#include "services/access/audited_read.h"
#include "services/access/rectification_notice.h"
#include "services/grpc/status_util.h"

namespace keeper::services {
namespace {

constexpr char kMethod[] = "/keeper.v1.EventsService/Subscribe";
constexpr size_t kReadBatch = 256;
constexpr char kShuttingDown[] = "server shutting down";

class FeedReactor final : public grpc::ServerWriteReactor<grpc::ByteBuffer> {
 public:
  FeedReactor(eventstore::EventStore& store,
              const projections::ProjectionEngine& engine, AccessGate& gate,
              Caller caller, v1::SubscribeRequest request,
              std::vector<std::string> visible, bool all_authorities,
              const std::atomic<bool>& stopping,
              std::chrono::system_clock::time_point deadline,
              const FeedOptions& options)
      : store_(store),
        engine_(engine),
        gate_(gate),
        all_authorities_(all_authorities),
        caller_(std::move(caller)),
        request_(std::move(request)),
        visible_(std::move(visible)),
        feed_id_(eventstore::NewUuid()),
        stopping_(stopping),
        deadline_(deadline),
        options_(options) {
    thread_ = std::thread([this] { Run(); });
  }

  void OnWriteDone(bool ok) override {
    absl::MutexLock lock(&mu_);
    write_ok_ = ok;
    write_done_ = true;
  }
  void OnCancel() override {
    absl::MutexLock lock(&mu_);
    cancelled_ = true;
  }
  void OnDone() override {
    thread_.join();
    delete this;
  }

 private:
  bool Visible(const v1::EventEnvelope& event) const {
    // A feed never delivers the records of its own reads: each would cause
    // another.
    if (event.event_type() == "AccessGranted" &&
        event.actor().subject() == caller_.subject) {
      v1::AccessRecord record;
      if (event.payload().UnpackTo(&record) && record.query() == FeedQuery()) {
        return false;
      }
    }
    bool type_ok = false;
    for (const std::string& type : visible_) {
      type_ok = type_ok || type == "*" || type == event.event_type();
    }
    // The role's event types bound everything else: a notice of an enquiry
    // reaches only subscribers whose role may see access records.
    if (!type_ok) return false;
    if (!InCallersAuthority(event)) return false;
    // A rectification notice is addressed to the agencies whose feeds
    // delivered the disputed content; a role that sees every event sees it
    // as it sees the content.
    if (std::optional<bool> addressed = NoticeAddressedTo(event, caller_);
        addressed.has_value() && !*addressed && !SeesAllTypes()) {
      return false;
    }
    if (!request_.event_types().empty()) {
      bool wanted = false;
      for (const std::string& type : request_.event_types()) {
        wanted = wanted || type == event.event_type();
      }
      if (!wanted) return false;
    }
    if (request_.stream_prefixes().empty()) return true;
    for (const std::string& prefix : request_.stream_prefixes()) {
      if (absl::StartsWith(event.stream_id(), prefix)) return true;
    }
    return false;
  }

  // Whether an access record is an enquiry about a child on the caller's
  // authority's register.
  bool NotifiesCallersAuthority(const v1::EventEnvelope& event) const {
    if (caller_.authority.empty() || event.event_type() != "AccessGranted") {
      return false;
    }
    v1::AccessRecord record;
    if (!event.payload().UnpackTo(&record)) return false;
    for (const std::string& authority : record.notify_authorities()) {
      if (authority == caller_.authority) return true;
    }
    return false;
  }

  // Whether the event belongs to the caller's authority: a case's events
  // by the case's authority, an access record by who asked or whom it
  // notifies, a register stream by its name.
  bool InCallersAuthority(const v1::EventEnvelope& event) const {
    if (all_authorities_) return true;
    const std::string& stream = event.stream_id();
    if (absl::StartsWith(stream, "case-")) {
      auto authority = projections::CaseAuthority(engine_, stream.substr(5));
      return authority.ok() && authority->has_value() &&
             **authority == caller_.authority;
    }
    if (absl::StartsWith(stream, "register-")) {
      return absl::StartsWith(stream.substr(9), caller_.authority + ":");
    }
    if (absl::StartsWith(stream, "access-")) {
      v1::AccessRecord record;
      if (!event.payload().UnpackTo(&record)) return false;
      return record.caller_authority() == caller_.authority ||
             NotifiesCallersAuthority(event);
    }
    return false;
  }

  bool SeesAllTypes() const {
    return std::find(visible_.begin(), visible_.end(), "*") != visible_.end();
  }

  std::string FeedQuery() const { return absl::StrCat("feed ", feed_id_); }

  // Also true once the caller's deadline has passed: gRPC reports that
  // through OnCancel only later, and a batch recorded in between would be
  // a read no one received.
  bool Cancelled() {
    if (std::chrono::system_clock::now() >= deadline_) return true;
    absl::MutexLock lock(&mu_);
    return cancelled_;
  }

  enum class Written { kOk, kBroken, kStalled };

  // Writes one event and waits for gRPC to take it. kBroken if the stream
  // is broken, cancelled or the server is stopping; kStalled if the client
  // has not taken it within the stall timeout. Either way the write may
  // still be pending: only Finish may follow.
  Written WriteOne(const v1::EventEnvelope& event) {
    {
      absl::MutexLock lock(&mu_);
      write_done_ = false;
    }
    grpc::Slice slice(event.SerializeAsString());
    written_ = grpc::ByteBuffer(&slice, 1);
    StartWrite(&written_);
    const absl::Time stalled = absl::Now() + options_.stall_timeout;
    auto done = [this]() ABSL_NO_THREAD_SAFETY_ANALYSIS { return write_done_; };
    while (true) {
      {
        absl::MutexLock lock(&mu_);
        // In slices, so that a stop, cancel or deadline is noticed.
        if (mu_.AwaitWithTimeout(absl::Condition(&done),
                                 absl::Milliseconds(250))) {
          return write_ok_ ? Written::kOk : Written::kBroken;
        }
      }
      if (Cancelled() || stopping_) return Written::kBroken;
      if (absl::Now() >= stalled) return Written::kStalled;
    }
  }

  // `status` with where the client resumes: a FeedResume detail, and the
  // same in its ErrorInfo.
  static grpc::Status Interrupted(absl::Status status, absl::string_view reason,
                                  uint64_t resume_from) {
    v1::FeedResume resume;
    resume.set_resume_from_position(resume_from);
    return ToGrpcStatus(AddDetail(
        WithReason(std::move(status), reason,
                   {{"resume_from_position", absl::StrCat(resume_from)}}),
        resume));
  }

  static grpc::Status ShuttingDown(uint64_t resume_from) {
    return Interrupted(absl::UnavailableError(kShuttingDown),
                       kReasonShuttingDown, resume_from);
  }

  void Run() {
    uint64_t position = std::max<uint64_t>(request_.from_position(), 1) - 1;
    grpc::Status outcome = grpc::Status::OK;
    while (!Cancelled()) {
      if (stopping_) {
        outcome = ShuttingDown(position + 1);
        break;
      }
      // Bounded so a cancelled or stopped feed notices; commits wake it at
      // once.
      if (store_.WaitForHead(position, absl::Milliseconds(250)) <= position) {
        continue;
      }
      auto events = store_.ReadAll(position + 1, kReadBatch);
      if (!events.ok()) {
        outcome = ToGrpcStatus(events.status());
        break;
      }
      const uint64_t last = events->back().position();
      // Authority checks read the projections: let them reach these events.
      if (absl::Status fresh = engine_.WaitFor(last, absl::Seconds(5));
          !fresh.ok()) {
        outcome = ToGrpcStatus(absl::UnavailableError(fresh.message()));
        break;
      }
      std::vector<const v1::EventEnvelope*> visible;
      for (const auto& event : *events) {
        if (Visible(event)) visible.push_back(&event);
      }
      if (!visible.empty()) {
        ReadRecord record;
        record.query = FeedQuery();
        record.returned = absl::StrCat(visible.size(), " events at positions ",
                                       visible.front()->position(), "..",
                                       visible.back()->position());
        // What was delivered, event by event and case by case, so that a
        // later rectification notice can find every recipient.
        for (const v1::EventEnvelope* event : visible) {
          record.delivered_positions.push_back(event->position());
          const std::string& stream = event->stream_id();
          if (absl::StartsWith(stream, "case-") &&
              std::find(record.case_ids.begin(), record.case_ids.end(),
                        stream.substr(5)) == record.case_ids.end()) {
            record.case_ids.push_back(stream.substr(5));
          }
        }
        if (Cancelled()) break;
        if (absl::Status s = gate_.RecordRead(caller_, kMethod, record);
            !s.ok()) {
          outcome = ToGrpcStatus(s);
          break;
        }
        // The first event not known to be taken by the client.
        uint64_t unsent = 0;
        Written written = Written::kOk;
        for (const v1::EventEnvelope* event : visible) {
          written =
              Cancelled() || stopping_ ? Written::kBroken : WriteOne(*event);
          if (written != Written::kOk) {
            unsent = event->position();
            break;
          }
        }
        if (written == Written::kStalled) {
          outcome =
              Interrupted(absl::ResourceExhaustedError(absl::StrCat(
                              "the client took no event for ",
                              absl::FormatDuration(options_.stall_timeout),
                              "; resume from position ", unsent)),
                          kReasonFeedStalled, unsent);
          break;
        }
        if (written == Written::kBroken) {
          if (stopping_) {
            outcome = ShuttingDown(unsent);
          }
          break;
        }
      }
      position = last;
    }
    if (outcome.error_code() == grpc::StatusCode::RESOURCE_EXHAUSTED) {
      // Stalled: said so, whatever else has happened since.
    } else if (std::chrono::system_clock::now() >= deadline_) {
      outcome = ToGrpcStatus(
          absl::DeadlineExceededError("the feed's deadline passed"));
    } else if (Cancelled()) {
      outcome = ToGrpcStatus(absl::CancelledError("the feed was cancelled"));
    }
    Finish(outcome);
  }

  eventstore::EventStore& store_;
  const projections::ProjectionEngine& engine_;
  AccessGate& gate_;
  const bool all_authorities_;
  const Caller caller_;
  const v1::SubscribeRequest request_;
  const std::vector<std::string> visible_;
  const std::string feed_id_;
  const std::atomic<bool>& stopping_;
  const std::chrono::system_clock::time_point deadline_;
  const FeedOptions options_;

  absl::Mutex mu_;
  bool cancelled_ ABSL_GUARDED_BY(mu_) = false;
  bool write_done_ ABSL_GUARDED_BY(mu_) = false;
  bool write_ok_ ABSL_GUARDED_BY(mu_) = false;
  grpc::ByteBuffer written_;  // the event being written
  std::thread thread_;
};

class Refused final : public grpc::ServerWriteReactor<grpc::ByteBuffer> {
 public:
  explicit Refused(const grpc::Status& status) { Finish(status); }
  void OnDone() override { delete this; }
};

}  // namespace

grpc::ServerWriteReactor<grpc::ByteBuffer>* EventsService::Subscribe(
    grpc::CallbackServerContext* context, const grpc::ByteBuffer* body) {
  if (stopping_) {
    return new Refused(ToGrpcStatus(WithReason(
        absl::UnavailableError(kShuttingDown), kReasonShuttingDown)));
  }
  // Parsed here, as PooledService parses unary requests, so that an
  // undecodable body is refused and recorded.
  v1::SubscribeRequest request;
  if (absl::Status parsed =
          ParseRequest(gate_, *context, kMethod, BodyOf(*body), request);
      !parsed.ok()) {
    return new Refused(ToGrpcStatus(parsed));
  }
  absl::StatusOr<Caller> caller =
      gate_.Admit(*context, kMethod, SubjectOf(request));
  if (!caller.ok()) return new Refused(ToGrpcStatus(caller.status()));
  std::vector<std::string> visible;
  bool all_authorities = false;
  for (const v1::AccessRule& rule : gate_.policy().rules()) {
    if (rule.role() != caller->role) continue;
    visible.insert(visible.end(), rule.visible_event_types().begin(),
                   rule.visible_event_types().end());
    all_authorities = all_authorities || rule.all_authorities();
  }
  return new FeedReactor(store_, engine_, gate_, *std::move(caller), request,
                         std::move(visible), all_authorities, stopping_,
                         context->deadline(), options_);
}

}  // namespace keeper::services
