// One child's story for `keeper demo`: builders for the steps of SPEC §2,
// each a few days after the last, with the child's professionals.
#ifndef KEEPER_TOOLS_DEMO_STORY_H_
#define KEEPER_TOOLS_DEMO_STORY_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "domain/policy/policy.h"
#include "keeper/v1/commands.pb.h"
#include "tools/demo_plan.h"

namespace keeper::tools {

// The day of `t` (UTC), as commands take dates.
v1::Date DemoDate(absl::Time t);

// The actor a person acts as.
v1::Actor DemoActor(const v1::Person& person, const std::string& agency,
                    const std::string& role);

// Plans the steps of one child's story into the demo's step list; every
// step a few days after the last.
class Story {
 public:
  Story(DemoRandom& random, std::vector<DemoStep>& steps,
        const domain::PolicyRegistry& policies, int child, absl::Time start);

  void Days(int days) { now_ += absl::Hours(24 * days); }

  // Runs as the social worker unless `actor` says otherwise.
  template <typename T>
  T& Step(const v1::Actor* actor = nullptr) {
    auto command = std::make_shared<T>();
    DemoStep step;
    step.when = now_;
    step.order = steps_.size();
    step.actor = actor != nullptr
                     ? *actor
                     : DemoActor(sw_, "social_work", "social_worker");
    step.purpose = "case management";
    step.command = command;
    steps_.push_back(std::move(step));
    return *command;
  }

  // An agency asks whether the child is on the register.
  void Enquiry(const std::string& case_id, const std::string& authority);

  v1::ChildDetails Child(bool unborn);

  void Open(const std::string& case_id, const std::string& authority,
            const v1::ChildDetails& child, const v1::CaseRef& from = {});

  v1::Participant Party(const std::string& id, v1::PartyRole role,
                        const v1::Person& person);

  // Requested (unless a review or reconvening `reconvenes`), scheduled,
  // invited, attended (police absent when `inquorate`) and opened.
  void Conference(const std::string& case_id, const std::string& id,
                  v1::ConferenceKind kind, bool inquorate, bool born,
                  const std::string& reconvenes = "");

  // Views (one professional may change theirs) and the chair's decision.
  void Decide(const std::string& case_id, const std::string& id, bool registers,
              bool inquorate);

  // Registration, enquiries of the register, and the Child's Plan.
  absl::Status Register(const std::string& case_id,
                        const std::string& conference_id,
                        const std::string& authority);

  // A further area of concern beside the registered one.
  absl::Status AmendAreas(const std::string& case_id,
                          const std::string& authority);

  // A stay in `authority`, registered there temporarily for three weeks.
  void StayElsewhere(const std::string& home_case,
                     const std::string& home_authority,
                     const std::string& stay_case, const std::string& authority,
                     const v1::ChildDetails& child);

  // The Core Group named and meeting every few weeks, `meetings` times,
  // with a home visit before each meeting.
  void CoreGroup(const std::string& case_id, int meetings);

  absl::Time now() const { return now_; }

 private:
  DemoRandom& random_;
  std::vector<DemoStep>& steps_;
  const domain::PolicyRegistry& policies_;
  int child_;
  int area_ = 0;  // the registered area of concern
  absl::Time now_;
  v1::Person sw_, hv_, police_, chair_, minutes_;
};

}  // namespace keeper::tools

#endif  // KEEPER_TOOLS_DEMO_STORY_H_
