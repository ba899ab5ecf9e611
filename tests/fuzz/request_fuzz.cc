// Fuzz target for request handling: every request type keeperd serves goes
// through the input limits (services/access/input_limits.h) and, for a
// command, through the deciders against a realistic world of cases
// (request_world.h). Each input must give a precise refusal or events that
// fold into the case, and never a crash:
//   - over the limits: INVALID_ARGUMENT with an INPUT_TOO_LONG ErrorInfo
//     naming the field, and a message of bounded size;
//   - refused by the domain: INVALID_ARGUMENT, FAILED_PRECONDITION,
//     NOT_FOUND or ALREADY_EXISTS carrying a RuleViolation that names its
//     rule (ABORTED only for a stale expected_version);
//   - decided: at least one event, each packing into an envelope and folding
//     into the case (and register entry) state without DATA_LOSS.
// The input: byte 0 picks the method (RequestMethods(), by full name),
// byte 1 the actor (Actors()), byte 2 how many days after the story's end
// the command arrives; the rest is the request message.
//
// Built with libFuzzer under clang (request_fuzzer), and replayed over the
// corpus and its mutations by request_fuzz_replay in every build.
#include "tests/fuzz/request_fuzz.h"

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include "common/error_info.h"
#include "domain/command_meta.h"
#include "domain/event_codec.h"
#include "domain/policy/rule_violation.h"
#include "google/protobuf/descriptor_database.h"
#include "google/protobuf/dynamic_message.h"
#include "google/protobuf/stubs/logging.h"
#include "services/access/input_limits.h"
#include "tests/fuzz/request_world.h"

keeper::fuzz::RequestFuzzCounts keeper_request_fuzz_counts;

namespace keeper::fuzz {
namespace {

using google::protobuf::Message;

// No refusal quotes unbounded input: a field path, a limit and a rule's
// words fit in this.
constexpr size_t kMaxMessageBytes = 2048;

[[noreturn]] void Fail(const std::string& what, const Message& request,
                       const absl::Status& status) {
  std::fprintf(stderr, "%s\nrequest %s: %s\nstatus: %s\n", what.c_str(),
               request.GetDescriptor()->full_name().c_str(),
               request.ShortDebugString().substr(0, 4096).c_str(),
               status.ToString().substr(0, 4096).c_str());
  std::abort();
}

void CheckOverLimits(const Message& request, const absl::Status& status) {
  const std::optional<google::rpc::ErrorInfo> info = ErrorInfoOf(status);
  if (!absl::IsInvalidArgument(status) || !info.has_value() ||
      info->reason() != kReasonInputTooLong ||
      !info->metadata().contains("limit") ||
      status.message().size() > kMaxMessageBytes) {
    Fail("an input over its limits is not refused precisely", request, status);
  }
  ++keeper_request_fuzz_counts.over_limits;
}

void CheckRefusal(const Message& request, const absl::Status& status) {
  if (status.message().empty() || status.message().size() > kMaxMessageBytes) {
    Fail("a refusal's message is empty or unbounded", request, status);
  }
  if (absl::IsAborted(status)) return;  // the harness's expected_version
  const bool domain_code =
      absl::IsInvalidArgument(status) || absl::IsFailedPrecondition(status) ||
      absl::IsNotFound(status) || absl::IsAlreadyExists(status);
  const std::optional<v1::RuleViolation> violation =
      domain::RuleViolationFromStatus(status);
  if (!domain_code || !violation.has_value() || violation->rule().empty()) {
    Fail("a command is refused without a precise rule", request, status);
  }
  ++keeper_request_fuzz_counts.refused;
}

void CheckDecided(const World& world, const v1::Command& command,
                  const Message& request,
                  const std::vector<domain::NewEvent>& events) {
  if (events.empty()) {
    Fail("a command was accepted with no events", request, absl::OkStatus());
  }
  for (const domain::NewEvent& event : events) {
    v1::EventEnvelope envelope;
    if (absl::Status packed = domain::PackEvent(event.event, &envelope);
        !packed.ok()) {
      Fail("a decided event does not pack", request, packed);
    }
  }
  absl::StatusOr<Folded> folded = FoldInto(world, command, events);
  if (!folded.ok()) {
    Fail("decided events do not fold into the case", request, folded.status());
  }
  if (!folded->state.exists()) {
    Fail("a decided command leaves no case", request, absl::OkStatus());
  }
  ++keeper_request_fuzz_counts.decided;
  keeper_request_fuzz_counts.decided_types.insert(
      request.GetDescriptor()->name());
}

}  // namespace

const std::vector<const google::protobuf::MethodDescriptor*>& RequestMethods() {
  static const auto* methods = [] {
    auto* all = new std::vector<const google::protobuf::MethodDescriptor*>();
    std::vector<std::string> files;
    google::protobuf::DescriptorPool::internal_generated_database()
        ->FindAllFileNames(&files);
    const auto* pool = google::protobuf::DescriptorPool::generated_pool();
    for (const std::string& name : files) {
      if (name.rfind("keeper/v1/", 0) != 0) continue;
      const google::protobuf::FileDescriptor* file = pool->FindFileByName(name);
      for (int s = 0; file != nullptr && s < file->service_count(); ++s) {
        for (int m = 0; m < file->service(s)->method_count(); ++m) {
          all->push_back(file->service(s)->method(m));
        }
      }
    }
    std::sort(all->begin(), all->end(), [](const auto* a, const auto* b) {
      return a->full_name() < b->full_name();
    });
    return all;
  }();
  return *methods;
}

}  // namespace keeper::fuzz

// Invalid UTF-8 in a string field is logged by protobuf as it is refused:
// under libFuzzer, millions of times.
extern "C" int LLVMFuzzerInitialize(int*, char***) {
  google::protobuf::SetLogHandler(nullptr);
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace keeper;
  using namespace keeper::fuzz;
  if (size < 3) return 0;
  const World& world = SeedWorld();
  const auto& methods = RequestMethods();
  const google::protobuf::MethodDescriptor* method =
      methods[data[0] % methods.size()];
  const v1::Actor& actor = Actors()[data[1] % Actors().size()];
  const absl::Time now = world.now + absl::Hours(24 * data[2]);
  std::unique_ptr<google::protobuf::Message> request(
      google::protobuf::MessageFactory::generated_factory()
          ->GetPrototype(method->input_type())
          ->New());
  // An undecodable body is refused before any of this (pooled_service.cc).
  if (!request->ParseFromArray(data + 3, static_cast<int>(size - 3))) return 0;
  ++keeper_request_fuzz_counts.parsed;
  if (absl::Status within = services::CheckRequestSize(world.limits, size - 3);
      !within.ok()) {
    CheckOverLimits(*request, within);
    return 0;
  }
  if (absl::Status within = services::CheckInputLimits(world.limits, *request);
      !within.ok()) {
    CheckOverLimits(*request, within);
    return 0;
  }
  absl::StatusOr<v1::Command> command = domain::WrapCommand(*request);
  if (!command.ok()) return 0;  // a read: its limits are all it shares
  absl::StatusOr<std::vector<domain::NewEvent>> events =
      DecideIn(world, *command, actor, now);
  if (!events.ok()) {
    CheckRefusal(*request, events.status());
  } else {
    CheckDecided(world, *command, *request, *events);
  }
  return 0;
}
