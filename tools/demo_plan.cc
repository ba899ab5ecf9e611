#include "tools/demo_plan.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "common/status_macros.h"
#include "tools/demo_story.h"

namespace keeper::tools {

std::string DemoRandom::Uuid() {
  const uint64_t hi = (Next() & ~0xf000ull) | 0x4000ull;
  const uint64_t lo = (Next() & ~(3ull << 62)) | (2ull << 62);
  return absl::StrFormat("%08x-%04x-%04x-%04x-%012x", hi >> 32,
                         (hi >> 16) & 0xffff, hi & 0xffff, lo >> 48,
                         lo & 0xffffffffffffull);
}

namespace {

// Scottish authorities under the national guidance, and one English one.
constexpr const char* kAuthorities[] = {"fife", "glasgow-city", "dundee-city",
                                        "perth-and-kinross", "camden"};

absl::Status TellStory(Story& story, int child, DemoRandom& random,
                       const std::string& only_authority) {
  // Drawn either way, so that the other choices stay the same.
  const std::string drawn = kAuthorities[random.Below(5)];
  const std::string& authority =
      only_authority.empty() ? drawn : only_authority;
  const std::string id = absl::StrFormat("demo-%05d", child);
  const int kind = random.Below(100);
  if (kind < 15) {  // an unborn baby: pre-birth conference, then the birth
    v1::ChildDetails child_details = story.Child(true);
    story.Open(id, authority, child_details);
    story.Conference(id, id + "-pbc", v1::CONFERENCE_KIND_PRE_BIRTH, false,
                     false);
    story.Decide(id, id + "-pbc", true, false);
    RETURN_IF_ERROR(story.Register(id, id + "-pbc", authority));
    story.Days(90);
    auto& born = story.Step<v1::AmendChildDetails>();
    born.set_case_id(id);
    child_details.set_unborn(false);
    child_details.set_given_name("Baby");
    *child_details.mutable_date_of_birth() =
        DemoDate(story.now() - absl::Hours(48));
    child_details.clear_expected_delivery_date();
    *born.mutable_child() = child_details;
    born.set_reason("Birth recorded");
    return absl::OkStatus();
  }
  const v1::ChildDetails child_details = story.Child(false);
  story.Open(id, authority, child_details);
  bool inquorate = kind < 30;
  const bool registers = kind >= 45;
  std::string icpc = id + "-icpc";
  story.Conference(id, icpc, v1::CONFERENCE_KIND_INITIAL, inquorate, true);
  if (inquorate && random.Below(2) == 0) {  // reconvened, now quorate
    story.Days(random.Below(3) == 0 ? 16 : 6);
    story.Conference(id, id + "-icpc2", v1::CONFERENCE_KIND_INITIAL, false,
                     true, icpc);
    icpc = id + "-icpc2";
    inquorate = false;
  }
  story.Decide(id, icpc, registers, inquorate);
  if (!registers) {  // the family contests the decision
    auto& dissent = story.Step<v1::RecordDissent>();
    dissent.set_case_id(id);
    dissent.set_conference_id(icpc);
    dissent.set_participant_id("mum");
    dissent.set_statement("I do not agree with single agency support");
    auto& review = story.Step<v1::RequestDecisionReview>();
    review.set_case_id(id);
    review.set_request_id(id + "-review-request");
    review.set_conference_id(icpc);
    review.set_participant_id("mum");
    review.set_grounds("The reports were not accurate");
    return absl::OkStatus();
  }
  RETURN_IF_ERROR(story.Register(id, icpc, authority));
  story.CoreGroup(id, 2 + random.Below(3));
  if (kind < 60) return absl::OkStatus();  // still registered, awaiting review
  RETURN_IF_ERROR(story.AmendAreas(id, authority));
  story.Days(60);
  story.Conference(id, id + "-rcpc1", v1::CONFERENCE_KIND_REVIEW, false, true);
  const bool stays = kind < 80;
  story.Decide(id, id + "-rcpc1", stays, false);
  if (stays) {  // a holiday elsewhere, registered there for the time
    story.Days(10);
    story.StayElsewhere(id, authority, id + "-stay",
                        authority == "fife" ? "perth-and-kinross" : "fife",
                        child_details);
    return absl::OkStatus();
  }
  if (kind < 90) {  // improved: off the register after the review
    auto& off = story.Step<v1::DeregisterChild>();
    off.set_case_id(id);
    off.set_reason(v1::DEREGISTRATION_REASON_REDUCED_RISK);
    off.set_conference_id(id + "-rcpc1");
    return absl::OkStatus();
  }
  // The family moves: the new authority holds a transfer conference and
  // registers the child; then the old one deregisters.
  const std::string to = authority == "fife" ? "dundee-city" : "fife";
  const std::string moved = id + "-moved";
  v1::CaseRef from;
  from.set_case_id(id);
  from.set_local_authority(authority);
  story.Open(moved, to, child_details, from);
  story.Conference(moved, moved + "-tcpc", v1::CONFERENCE_KIND_TRANSFER, false,
                   true);
  story.Decide(moved, moved + "-tcpc", true, false);
  RETURN_IF_ERROR(story.Register(moved, moved + "-tcpc", to));
  auto& off = story.Step<v1::DeregisterChild>();
  off.set_case_id(id);
  off.set_reason(v1::DEREGISTRATION_REASON_TRANSFERRED);
  off.set_transferred_to_case_id(moved);
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<std::vector<DemoStep>> PlanDemo(
    int children, DemoRandom& random, const domain::PolicyRegistry& policies,
    const std::string& authority) {
  std::vector<DemoStep> steps;
  // Stories start a few days apart from Monday 8 January 2024, at 10:00.
  const absl::Time start = absl::FromUnixSeconds(1704708000);
  for (int child = 0; child < children; ++child) {
    Story story(random, steps, policies, child,
                start + absl::Hours(24 * (child * 3 % 200)) +
                    absl::Minutes(child % 60));
    RETURN_IF_ERROR(TellStory(story, child, random, authority));
  }
  std::stable_sort(
      steps.begin(), steps.end(), [](const DemoStep& a, const DemoStep& b) {
        return a.when < b.when || (a.when == b.when && a.order < b.order);
      });
  return steps;
}

}  // namespace keeper::tools
