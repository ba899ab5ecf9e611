// A test fixture that runs domain commands against a real event store in a
// temporary directory, with the shipped policies and a settable clock, and
// builders for the people and commands of the seed stories.
#ifndef KEEPER_TESTS_DOMAIN_DOMAIN_FIXTURE_H_
#define KEEPER_TESTS_DOMAIN_DOMAIN_FIXTURE_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "eventstore/event_store.h"
#include "gtest/gtest.h"
#include "keeper/v1/commands.pb.h"
#include "domain/case_commands.h"
#include "domain/policy/policy.h"

namespace keeper::domain::testing {

// The shipped policies, loaded once.
const PolicyRegistry& ShippedPolicies();

// Actors, as their certificates would name them.
v1::Actor SocialWorker();   // sw.jones, social work
v1::Actor Chair();          // chair.reid, social work (Reviewing Officer)
v1::Actor MinuteTaker();    // minutes.lee, social work
v1::Actor HealthVisitor();  // hv.khan, health
v1::Actor HeadOfService();  // hos.grant, social work

// Participants of the seed stories, by id: "mum", "dad" (parents), "gran"
// (carer), "child", "friend" (supporter), "advocate", "sw" (social work),
// "hv" (health), "police", "teacher" (education), "housing".
v1::Participant Person(const std::string& id);

v1::Person ChairPerson();
v1::Person MinuteTakerPerson();
v1::Person SocialWorkerPerson();

v1::ChildDetails BornChild(const std::string& child_id);
v1::ChildDetails UnbornBaby(const std::string& child_id, v1::Date due);

v1::Date MakeDate(int year, int month, int day);
// A date as its DebugString, for comparing with a v1.Date field's.
std::string On(int year, int month, int day);

// Event types, as Ok returns them.
using Types = std::vector<std::string>;
inline constexpr auto kInvalid = absl::StatusCode::kInvalidArgument;
inline constexpr auto kNotFound = absl::StatusCode::kNotFound;
inline constexpr auto kExists = absl::StatusCode::kAlreadyExists;
inline constexpr auto kBroken = absl::StatusCode::kFailedPrecondition;
std::vector<v1::ReportPart> FiveParts();

// Wraps any command message.
v1::Command Wrap(const google::protobuf::Message& body);

class DomainTest : public ::testing::Test {
 protected:
  void SetUp() override;
  void TearDown() override;

  // Sets the clock to 10:00 (UK time) on a day.
  void SetDay(int year, int month, int day);
  void AddDays(int days) { now_ += absl::Hours(24 * days); }

  // Runs `body` (a command message; idempotency_key is filled in when
  // empty) as `actor`.
  absl::StatusOr<v1::CommandResult> Run(google::protobuf::Message& body,
                                        const v1::Actor& actor);
  absl::StatusOr<v1::CommandResult> Run(google::protobuf::Message& body) {
    return Run(body, SocialWorker());
  }
  // Runs and expects success; returns the event types written.
  std::vector<std::string> Ok(google::protobuf::Message& body,
                              const v1::Actor& actor);
  std::vector<std::string> Ok(google::protobuf::Message& body) {
    return Ok(body, SocialWorker());
  }
  // Runs and expects refusal with `code` and `rule`, and that nothing was
  // written. Returns the status message.
  std::string Refused(google::protobuf::Message& body, const v1::Actor& actor,
                      absl::StatusCode code, const std::string& rule);
  std::string Refused(google::protobuf::Message& body, absl::StatusCode code,
                      const std::string& rule) {
    return Refused(body, SocialWorker(), code, rule);
  }

  // The last event of a stream, unpacked.
  v1::DomainEvent LastEvent(const std::string& stream_id);
  std::vector<v1::EventEnvelope> Stream(const std::string& stream_id);
  uint64_t Head() const { return store_->GetHead().position; }
  CaseState Case(const std::string& case_id);

  // --- The steps of a conference, each expecting success ---

  void OpenCase(const std::string& case_id, const std::string& authority,
                const v1::ChildDetails& child, const v1::CaseRef& from = {});
  void Request(const std::string& case_id, const std::string& request_id,
               v1::ConferenceKind kind);
  void Schedule(const std::string& case_id, const std::string& conference_id,
                v1::ConferenceKind kind, const std::string& request_id);
  void Invite(const std::string& case_id, const std::string& conference_id,
              const std::vector<std::string>& ids);
  void Attend(const std::string& case_id, const std::string& conference_id,
              const std::vector<std::string>& ids);
  void OpenMeeting(const std::string& case_id, const std::string& conference_id,
                   const std::string& inquorate_reason = "");
  void View(const std::string& case_id, const std::string& conference_id,
            const std::string& participant_id, v1::RegistrationView view);
  void DecideAs(const v1::Actor& actor, const std::string& case_id,
                const std::string& conference_id,
                std::vector<v1::Outcome> outcomes,
                const std::string& reasons = "");
  void Register(const std::string& case_id, const std::string& conference_id,
                std::vector<std::string> areas = {"Domestic Abuse"});

  // Requests (when the kind needs it) and schedules a conference, invites
  // `invited` and records `attending` as attended.
  void Prepare(const std::string& case_id, const std::string& conference_id,
               v1::ConferenceKind kind, const std::vector<std::string>& invited,
               const std::vector<std::string>& attending);

  // A whole conference up to a unanimous decision: scheduled (with a
  // request when the kind needs one), social work, health and police
  // invited and attending, all three of one view, decided by the chair.
  void QuorateConference(const std::string& case_id,
                         const std::string& conference_id,
                         v1::ConferenceKind kind, v1::RegistrationView view);

  // An initial conference that registers the child.
  void RegisteredCase(const std::string& case_id, const std::string& authority,
                      const std::string& child_id);

  std::string dir_;
  std::unique_ptr<eventstore::EventStore> store_;
  std::unique_ptr<CaseCommands> commands_;
  absl::Time now_;
};

// A DomainTest whose every test starts with case c1 open in Fife, for
// child-1.
class OpenCaseTest : public DomainTest {
 protected:
  void SetUp() override {
    DomainTest::SetUp();
    OpenCase("c1", "fife", BornChild("child-1"));
  }
};

}  // namespace keeper::domain::testing

#endif  // KEEPER_TESTS_DOMAIN_DOMAIN_FIXTURE_H_
