#include "tools/demo_story.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "google/protobuf/util/time_util.h"

namespace keeper::tools {
namespace {

constexpr const char* kGiven[] = {"Jamie",  "Morgan", "Skye",  "Rory", "Isla",
                                  "Callum", "Ava",    "Lewis", "Erin", "Kai"};
constexpr const char* kFamily[] = {"Smith",    "Brown",   "Wilson",
                                   "Campbell", "Stewart", "Robertson",
                                   "Thomson",  "Reid"};

v1::Person Worker(const std::string& subject, v1::Agency agency,
                  const std::string& name, const std::string& title) {
  v1::Person person;
  person.set_name(name);
  person.set_subject(subject);
  person.set_agency(agency);
  person.set_job_title(title);
  if (!subject.empty()) person.set_contact(subject + "@example.org");
  return person;
}

}  // namespace

v1::Date DemoDate(absl::Time t) {
  const absl::CivilDay day = absl::ToCivilDay(t, absl::UTCTimeZone());
  v1::Date date;
  date.set_year(static_cast<int>(day.year()));
  date.set_month(day.month());
  date.set_day(day.day());
  return date;
}

v1::Actor DemoActor(const v1::Person& person, const std::string& agency,
                    const std::string& role) {
  v1::Actor actor;
  actor.set_subject(person.subject());
  actor.set_agency(agency);
  actor.set_role(role);
  return actor;
}

Story::Story(DemoRandom& random, std::vector<DemoStep>& steps,
             const domain::PolicyRegistry& policies, int child,
             absl::Time start)
    : random_(random),
      steps_(steps),
      policies_(policies),
      child_(child),
      now_(start) {
  const std::string a = absl::StrCat("-", child % 7);
  sw_ = Worker("sw" + a, v1::AGENCY_SOCIAL_WORK, "Alex Jones" + a,
               "social worker");
  hv_ = Worker("hv" + a, v1::AGENCY_HEALTH, "Nadia Khan" + a, "health visitor");
  police_ =
      Worker("pc" + a, v1::AGENCY_POLICE, "Chris Brown" + a, "police officer");
  chair_ = Worker("chair" + a, v1::AGENCY_SOCIAL_WORK, "Morag Reid" + a,
                  "Reviewing Officer");
  minutes_ = Worker("minutes" + a, v1::AGENCY_SOCIAL_WORK, "Sam Lee" + a,
                    "minute taker");
}

void Story::Enquiry(const std::string& case_id, const std::string& authority) {
  const char* agencies[] = {"police", "health", "education"};
  const std::string agency = agencies[random_.Below(3)];
  DemoStep step;
  step.when = now_ + absl::Hours(1);
  step.order = steps_.size();
  step.actor.set_subject(absl::StrCat(agency, "-", random_.Below(40)));
  step.actor.set_agency(agency);
  step.actor.set_role("enquirer");
  step.purpose = "child protection enquiry";
  step.method = "/keeper.v1.RegisterService/CheckRegister";
  step.read.case_ids = {case_id};
  step.read.returned = "on register: yes";
  step.read.notify_authorities = {authority};
  steps_.push_back(std::move(step));
}

v1::ChildDetails Story::Child(bool unborn) {
  v1::ChildDetails child;
  child.set_child_id(absl::StrFormat("chi-%06d", child_));
  child.set_family_name(kFamily[random_.Below(8)]);
  if (unborn) {
    child.set_unborn(true);
    *child.mutable_expected_delivery_date() =
        DemoDate(now_ + absl::Hours(24 * (100 + random_.Below(60))));
  } else {
    child.set_given_name(kGiven[random_.Below(10)]);
    if (random_.Below(3) == 0) child.add_other_names(kGiven[random_.Below(10)]);
    *child.mutable_date_of_birth() =
        DemoDate(now_ - absl::Hours(24 * (400 + random_.Below(5000))));
  }
  child.mutable_address()->add_lines(
      absl::StrCat(1 + random_.Below(90), " High Street"));
  child.mutable_address()->set_postcode("KY1 1AA");
  return child;
}

void Story::Open(const std::string& case_id, const std::string& authority,
                 const v1::ChildDetails& child, const v1::CaseRef& from) {
  auto& open = Step<v1::OpenCase>();
  open.set_case_id(case_id);
  open.set_local_authority(authority);
  *open.mutable_child() = child;
  *open.mutable_from_case() = from;
  open.set_reason(from.case_id().empty() ? "Referral from the health visitor"
                                         : "The family moved here");
}

v1::Participant Story::Party(const std::string& id, v1::PartyRole role,
                             const v1::Person& person) {
  v1::Participant participant;
  participant.set_participant_id(id);
  *participant.mutable_person() = person;
  participant.set_role(role);
  participant.set_relationship(person.job_title());
  return participant;
}

void Story::Conference(const std::string& case_id, const std::string& id,
                       v1::ConferenceKind kind, bool inquorate, bool born,
                       const std::string& reconvenes) {
  std::string request_id;
  if (kind != v1::CONFERENCE_KIND_REVIEW && reconvenes.empty()) {
    request_id = id + "-request";
    v1::Actor hv = DemoActor(hv_, "health", "health_visitor");
    auto& request = Step<v1::RequestConference>(&hv);
    request.set_case_id(case_id);
    request.set_request_id(request_id);
    request.set_kind(kind);
    request.set_reasons("Concerns about neglect and missed appointments");
    // Now and then the conference is held late.
    Days(random_.Below(5) == 0 ? 20 + random_.Below(15) : 3);
  }
  auto& schedule = Step<v1::ScheduleConference>();
  schedule.set_case_id(case_id);
  schedule.set_conference_id(id);
  schedule.set_kind(kind);
  schedule.set_request_id(request_id);
  schedule.set_reconvenes_conference_id(reconvenes);
  *schedule.mutable_starts_at() =
      google::protobuf::util::TimeUtil::SecondsToTimestamp(
          absl::ToUnixSeconds(now_ + absl::Hours(24 * 10)));
  schedule.set_location("Council Building, Room 2");
  *schedule.mutable_chair() = chair_;
  *schedule.mutable_minute_taker() = minutes_;
  std::vector<v1::Participant> people = {
      Party("mum", v1::PARTY_ROLE_PARENT, Worker("", {}, "Kim", "mother")),
      Party("sw", v1::PARTY_ROLE_PROFESSIONAL, sw_),
      Party("hv", v1::PARTY_ROLE_PROFESSIONAL, hv_),
      Party("police", v1::PARTY_ROLE_PROFESSIONAL, police_)};
  for (const v1::Participant& person : people) {
    auto& invite = Step<v1::InviteParticipant>();
    invite.set_case_id(case_id);
    invite.set_conference_id(id);
    *invite.mutable_participant() = person;
  }
  Days(7);
  auto& report = Step<v1::SubmitReport>();
  report.set_case_id(case_id);
  report.set_conference_id(id);
  report.set_report_id(id + "-sw-report");
  *report.mutable_author() = sw_;
  report.set_title("Child Protection Assessment Report");
  const char* texts[] = {
      "Known to the service since last year.", "Support to the family.",
      "Three missed health appointments.", "Concern about neglect.",
      "Warm relationship with a grandparent."};
  for (int section = 1; section <= 5; ++section) {
    v1::ReportPart& part = *report.add_parts();
    part.set_section(static_cast<v1::ReportSection>(section));
    part.set_text(texts[section - 1]);
  }
  int version = 1;
  if (random_.Below(3) == 0) {
    auto& correct = Step<v1::CorrectReport>();
    correct.set_case_id(case_id);
    correct.set_report_id(id + "-sw-report");
    correct.set_title(report.title());
    *correct.mutable_parts() = report.parts();
    correct.mutable_parts(2)->set_text("Two missed health appointments.");
    correct.set_reason("One appointment was rearranged, not missed");
    version = 2;
  }
  if (kind == v1::CONFERENCE_KIND_INITIAL) {
    // A grandparent's name is third-party information (NG 3.167).
    auto& restrict = Step<v1::RestrictReportPart>();
    restrict.set_case_id(case_id);
    restrict.set_report_id(id + "-sw-report");
    restrict.set_version(version);
    restrict.set_part_index(4);
    restrict.set_reason("Names a relative who has not agreed to be named");
  }
  auto& share = Step<v1::ShareReport>();
  share.set_case_id(case_id);
  share.set_report_id(id + "-sw-report");
  share.set_version(version);
  share.set_participant_id("mum");
  Days(1);
  auto& signed_for = Step<v1::AcknowledgeReport>();
  signed_for.set_case_id(case_id);
  signed_for.set_report_id(id + "-sw-report");
  signed_for.set_version(version);
  signed_for.set_participant_id("mum");
  if (random_.Below(2) == 0) {
    auto& disagree = Step<v1::RecordDisagreement>();
    disagree.set_case_id(case_id);
    disagree.set_disagreement_id(id + "-disagreement");
    disagree.set_report_id(id + "-sw-report");
    disagree.set_version(version);
    disagree.set_section(v1::REPORT_SECTION_ANALYSIS);
    disagree.set_reason("The home is not neglected; we had a hard month");
    disagree.set_participant_id("mum");
  }
  if (born) {
    auto& views = Step<v1::RecordChildViews>();
    views.set_case_id(case_id);
    views.set_views_id(id + "-views");
    views.set_conference_id(id);
    views.set_channel(v1::CHILD_VIEW_CHANNEL_SOCIAL_WORKER);
    *views.mutable_conveyed_by() = sw_;
    views.set_good_things("Playing football with my brother");
    views.set_who_helps_most("My gran");
  }
  Days(2);
  v1::Actor minute_taker = DemoActor(minutes_, "social_work", "minute_taker");
  for (const char* who : {"mum", "sw", "hv", "police"}) {
    auto& attend = Step<v1::RecordAttendance>(&minute_taker);
    attend.set_case_id(case_id);
    attend.set_conference_id(id);
    attend.set_participant_id(who);
    if (inquorate && std::string(who) == "police") {
      attend.set_attendance(v1::ATTENDANCE_ABSENT);
      attend.set_absence_reason("Called to an emergency");
    } else {
      attend.set_attendance(v1::ATTENDANCE_ATTENDED);
    }
  }
  v1::Actor chair = DemoActor(chair_, "social_work", "chair");
  auto& open = Step<v1::OpenConference>(&chair);
  open.set_case_id(case_id);
  open.set_conference_id(id);
  if (inquorate) {
    open.set_inquorate_reason("Police report received in writing");
  }
}

void Story::Decide(const std::string& case_id, const std::string& id,
                   bool registers, bool inquorate) {
  v1::Actor minute_taker = DemoActor(minutes_, "social_work", "minute_taker");
  const bool split = !inquorate && random_.Below(4) == 0;
  std::vector<std::string> professionals = {"sw", "hv"};
  if (!inquorate) professionals.push_back("police");
  for (const std::string& who : professionals) {
    const bool against = split && who == "hv";
    auto& view = Step<v1::GiveRegistrationView>(&minute_taker);
    view.set_case_id(case_id);
    view.set_conference_id(id);
    view.set_participant_id(who);
    view.set_view(registers != against ? v1::REGISTRATION_VIEW_REGISTER
                                       : v1::REGISTRATION_VIEW_DO_NOT_REGISTER);
    view.set_reasons("From what I know of the family");
  }
  v1::Actor chair = DemoActor(chair_, "social_work", "chair");
  auto& decision = Step<v1::RecordDecision>(&chair);
  decision.set_case_id(case_id);
  decision.set_conference_id(id);
  decision.add_outcomes(registers ? v1::OUTCOME_REGISTER
                                  : v1::OUTCOME_NOT_REGISTER);
  if (!registers) decision.add_outcomes(v1::OUTCOME_SINGLE_AGENCY_SUPPORT);
  if (split) decision.set_reasons("The risks outweigh the strengths for now");
  Days(random_.Below(4) == 0 ? 16 : 9);
  auto& minutes = Step<v1::IssueMinutes>(&minute_taker);
  minutes.set_case_id(case_id);
  minutes.set_conference_id(id);
  minutes.set_document_ref("minutes/" + id);
}

absl::Status Story::Register(const std::string& case_id,
                             const std::string& conference_id,
                             const std::string& authority) {
  absl::StatusOr<const domain::Policy*> policy =
      policies_.ForAuthority(authority, now_);
  if (!policy.ok()) return policy.status();
  const auto& areas = (*policy)->proto().areas_of_concern();
  auto& registered = Step<v1::RegisterChild>();
  registered.set_case_id(case_id);
  registered.set_conference_id(conference_id);
  area_ = random_.Below(areas.size());
  registered.add_areas_of_concern(areas[area_]);
  *registered.mutable_lead_professional() = sw_;
  for (int i = random_.Below(3); i > 0; --i) Enquiry(case_id, authority);
  auto& plan = Step<v1::RecordChildsPlan>();
  plan.set_case_id(case_id);
  plan.set_conference_id(conference_id);
  plan.set_summary("Safe care at home, with support for the parents");
  auto& task = Step<v1::AddPlanTask>();
  task.set_case_id(case_id);
  task.set_task_id(case_id + "-task1");
  *task.mutable_who() = hv_;
  task.set_what("Weekly health visits and weight checks");
  *task.mutable_by_when() = DemoDate(now_ + absl::Hours(24 * 28));
  return absl::OkStatus();
}

absl::Status Story::AmendAreas(const std::string& case_id,
                               const std::string& authority) {
  absl::StatusOr<const domain::Policy*> policy =
      policies_.ForAuthority(authority, now_);
  if (!policy.ok()) return policy.status();
  const auto& areas = (*policy)->proto().areas_of_concern();
  auto& amend = Step<v1::AmendRegistration>();
  amend.set_case_id(case_id);
  amend.add_areas_of_concern(areas[area_ % areas.size()]);
  amend.add_areas_of_concern(areas[(area_ + 1) % areas.size()]);
  *amend.mutable_lead_professional() = sw_;
  amend.set_reason("The Core Group found a further concern");
  return absl::OkStatus();
}

void Story::StayElsewhere(const std::string& home_case,
                          const std::string& home_authority,
                          const std::string& stay_case,
                          const std::string& authority,
                          const v1::ChildDetails& child) {
  v1::CaseRef from;
  from.set_case_id(home_case);
  from.set_local_authority(home_authority);
  Open(stay_case, authority, child, from);
  auto& made = Step<v1::RegisterTemporarily>();
  made.set_case_id(stay_case);
  *made.mutable_ends_on() = DemoDate(now_ + absl::Hours(24 * 28));
  made.set_reason("Staying with grandparents for the school holidays");
  *made.mutable_lead_professional() = sw_;
  Days(21);
  auto& ended = Step<v1::EndTemporaryRegistration>();
  ended.set_case_id(stay_case);
  ended.set_reason("Back home");
}

void Story::CoreGroup(const std::string& case_id, int meetings) {
  auto& named = Step<v1::NameCoreGroup>();
  named.set_case_id(case_id);
  *named.add_members() = Party("sw", v1::PARTY_ROLE_PROFESSIONAL, sw_);
  *named.add_members() = Party("hv", v1::PARTY_ROLE_PROFESSIONAL, hv_);
  for (int i = 0; i < meetings; ++i) {
    Days(random_.Below(5) == 0 ? 35 : 20 + random_.Below(6));
    auto& meeting = Step<v1::RecordCoreGroupMeeting>();
    meeting.set_case_id(case_id);
    meeting.set_meeting_id(absl::StrCat(case_id, "-cg", i + 1));
    meeting.add_attendee_participant_ids("sw");
    meeting.add_attendee_participant_ids("hv");
    // The social worker's visit between meetings; now and then the child
    // is out, or seen with a parent present.
    auto& visit = Step<v1::RecordHomeVisit>();
    visit.set_case_id(case_id);
    visit.set_visit_id(absl::StrCat(case_id, "-visit", i + 1));
    *visit.mutable_visited_on() = DemoDate(now_ - absl::Hours(24 * 7));
    visit.set_announced(i % 2 == 0);
    visit.set_child_seen(i != 1);
    visit.set_child_seen_alone(i % 3 == 0);
    if (i == 1) visit.set_child_not_seen_reason("The child was at school");
    *visit.mutable_visitor() = sw_;
  }
}

}  // namespace keeper::tools
