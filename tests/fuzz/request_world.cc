#include "tests/fuzz/request_world.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "common/files.h"
#include "common/status_macros.h"
#include "domain/command_meta.h"
#include "domain/event_ids.h"
#include "domain/ids.h"
#include "domain/policy/rule_violation.h"
#include "eventstore/uuid.h"
#include "google/protobuf/text_format.h"
#include "google/protobuf/util/json_util.h"

namespace keeper::fuzz {
namespace {

using domain::CaseState;
using domain::NewEvent;

v1::Actor MakeActor(const char* subject, const char* agency, const char* role) {
  v1::Actor actor;
  actor.set_subject(subject);
  actor.set_agency(agency);
  actor.set_role(role);
  return actor;
}

// Indices into Actors().
enum Who { kSocialWorker, kChair, kMinuteTaker, kHealthVisitor };

// The professionals invited to the story's conferences, in text format.
constexpr const char* kProfessionals[] = {
    R"(participant_id: "sw" role: PARTY_ROLE_PROFESSIONAL
       person { name: "Alex Jones" subject: "sw.jones"
                agency: AGENCY_SOCIAL_WORK job_title: "social worker" })",
    R"(participant_id: "hv" role: PARTY_ROLE_PROFESSIONAL
       person { name: "Nadia Khan" subject: "hv.khan" agency: AGENCY_HEALTH
                job_title: "health visitor" })",
    R"(participant_id: "police" role: PARTY_ROLE_PROFESSIONAL
       person { name: "Chris Brown" subject: "pc.brown" agency: AGENCY_POLICE
                job_title: "police officer" })"};

struct Step {
  Who who;
  std::string command;  // a v1.Command in text format
};

std::vector<Step> OpenCase(const std::string& id) {
  return {
      {kSocialWorker, absl::StrFormat(
                          R"(open_case { case_id: "%s" local_authority: "fife"
                  reason: "Referral from the health visitor"
                  child { child_id: "child-%s" given_name: "Jamie"
                    family_name: "Smith"
                    date_of_birth { year: 2016 month: 5 day: 14 }
                    address { lines: "1 High Street" postcode: "KY1 1AA" } } })",
                          id, id.substr(1))}};
}

// An initial conference up to every view given, not yet decided.
std::vector<Step> Conference(const std::string& id) {
  const std::string k = id + "-icpc";
  std::vector<Step> steps = {
      {kHealthVisitor, absl::StrFormat(R"(request_conference { case_id: "%s"
                          request_id: "%s-request"
                          kind: CONFERENCE_KIND_INITIAL
                          reasons: "Concerns about neglect" })",
                                       id, k)},
      {kSocialWorker,
       absl::StrFormat(
           R"(schedule_conference { case_id: "%s" conference_id: "%s"
              kind: CONFERENCE_KIND_INITIAL request_id: "%s-request"
              starts_at { seconds: 1710756000 }
              location: "Council Building, Room 2"
              chair { name: "Morag Reid" subject: "chair.reid"
                      agency: AGENCY_SOCIAL_WORK job_title: "Reviewing Officer" }
              minute_taker { name: "Sam Lee" subject: "minutes.lee"
                      agency: AGENCY_SOCIAL_WORK job_title: "minute taker" } })",
           id, k, k)}};
  for (const char* participant : kProfessionals) {
    steps.push_back(
        {kSocialWorker, absl::StrFormat(R"(invite_participant { case_id: "%s"
                            conference_id: "%s" participant { %s } })",
                                        id, k, participant)});
  }
  for (const char* who : {"sw", "hv", "police"}) {
    steps.push_back({kMinuteTaker, absl::StrFormat(
                                       R"(record_attendance { case_id: "%s"
                                          conference_id: "%s"
                                          participant_id: "%s"
                                          attendance: ATTENDANCE_ATTENDED })",
                                       id, k, who)});
  }
  steps.push_back(
      {kHealthVisitor, absl::StrFormat(
                           R"(submit_report { case_id: "%s" conference_id: "%s"
              report_id: "hv-report" title: "Health visitor's report"
              author { name: "Nadia Khan" subject: "hv.khan"
                       agency: AGENCY_HEALTH job_title: "health visitor" }
              parts { section: REPORT_SECTION_HISTORY_OF_INVOLVEMENT
                      text: "Known since 2022." }
              parts { section: REPORT_SECTION_PURPOSE_OF_INVOLVEMENT
                      text: "Support to the family." }
              parts { section: REPORT_SECTION_FACTUAL_INFORMATION
                      text: "Missed three appointments." }
              parts { section: REPORT_SECTION_ANALYSIS
                      text: "Concern about neglect." }
              parts { section: REPORT_SECTION_RISKS_AND_STRENGTHS
                      text: "Warm relationship with gran." } })",
                           id, k)});
  steps.push_back({kChair, absl::StrFormat(R"(open_conference {
                                              case_id: "%s"
                                              conference_id: "%s" })",
                                           id, k)});
  for (const char* who : {"sw", "hv", "police"}) {
    steps.push_back(
        {kMinuteTaker, absl::StrFormat(R"(give_registration_view { case_id: "%s"
                            conference_id: "%s" participant_id: "%s"
                            view: REGISTRATION_VIEW_REGISTER
                            reasons: "From what I know of the family" })",
                                       id, k, who)});
  }
  return steps;
}

// The conference's decision to register, the registration and a plan.
std::vector<Step> Registration(const std::string& id) {
  const std::string k = id + "-icpc";
  return {
      {kChair, absl::StrFormat(R"(record_decision { case_id: "%s"
                                  conference_id: "%s"
                                  outcomes: OUTCOME_REGISTER })",
                               id, k)},
      {kSocialWorker, absl::StrFormat(
                          R"(register_child { case_id: "%s" conference_id: "%s"
              areas_of_concern: "Domestic Abuse"
              lead_professional { name: "Alex Jones" subject: "sw.jones"
                agency: AGENCY_SOCIAL_WORK job_title: "social worker" } })",
                          id, k)},
      {kSocialWorker, absl::StrFormat(R"(record_childs_plan { case_id: "%s"
                          conference_id: "%s"
                          summary: "Weekly visits; the parenting course" })",
                                      id, k)}};
}

template <typename... Lists>
std::vector<Step> Story(Lists... lists) {
  std::vector<Step> steps;
  (steps.insert(steps.end(), lists.begin(), lists.end()), ...);
  return steps;
}

[[noreturn]] void Die(const std::string& what, const absl::Status& status) {
  std::fprintf(stderr, "the fuzz world's seed story fails: %s: %s\n",
               what.c_str(), status.ToString().c_str());
  std::abort();
}

World* BuildSeedWorld() {
  auto* world = new World();
  const std::string source = KEEPER_SOURCE_DIR;
  absl::StatusOr<domain::PolicyRegistry> policies =
      domain::PolicyRegistry::LoadDirectory(source + "/domain/policies");
  if (!policies.ok()) Die("policies", policies.status());
  world->policies = *std::move(policies);
  // As keeperd loads it (services/access/access_gate.cc).
  absl::StatusOr<std::string> json =
      ReadFileToString(source + "/services/access/access_policy.json");
  if (!json.ok()) Die("access policy", json.status());
  v1::AccessPolicy access;
  if (auto parsed = google::protobuf::util::JsonStringToMessage(*json, &access);
      !parsed.ok()) {
    Die("access policy", absl::InvalidArgumentError(parsed.ToString()));
  }
  world->limits = access.input_limits();
  absl::TimeZone london;
  if (!absl::LoadTimeZone("Europe/London", &london)) std::abort();
  // 10:00 on Monday 4 March 2024.
  world->now = absl::FromCivil(absl::CivilHour(2024, 3, 4, 10), london);

  for (const StoryStep& step : SeedStory()) {
    absl::StatusOr<std::vector<NewEvent>> events =
        DecideIn(*world, step.command, Actors()[step.actor], world->now);
    if (!events.ok()) Die(step.command.ShortDebugString(), events.status());
    absl::StatusOr<Folded> folded = FoldInto(*world, step.command, *events);
    if (!folded.ok()) Die(step.command.ShortDebugString(), folded.status());
    const std::string case_id = domain::GetCommandMeta(step.command)->case_id;
    world->cases[case_id] = folded->state;
    if (folded->entry.version > 0) {
      world->entries[domain::RegisterStreamId(folded->state.local_authority,
                                              folded->state.child.child_id())] =
          folded->entry;
    }
  }
  return world;
}

}  // namespace

const std::vector<StoryStep>& SeedStory() {
  static const auto* story = [] {
    auto* steps = new std::vector<StoryStep>();
    int n = 0;
    for (const Step& step :
         Story(OpenCase("c1"), OpenCase("c2"), Conference("c2"), OpenCase("c3"),
               Conference("c3"), Registration("c3"))) {
      v1::Command command;
      if (!google::protobuf::TextFormat::ParseFromString(step.command,
                                                         &command)) {
        Die(step.command, absl::InvalidArgumentError("not a v1.Command"));
      }
      domain::SetIdempotencyKey(
          command, absl::StrFormat("00000000-0000-4000-8000-%012d", ++n));
      steps->push_back({step.who, std::move(command)});
    }
    return steps;
  }();
  return *story;
}

const World& SeedWorld() {
  static const World* world = BuildSeedWorld();
  return *world;
}

const std::vector<v1::Actor>& Actors() {
  static const auto* actors = new std::vector<v1::Actor>{
      MakeActor("sw.jones", "social_work", "social_worker"),
      MakeActor("chair.reid", "social_work", "chair"),
      MakeActor("minutes.lee", "social_work", "minute_taker"),
      MakeActor("hv.khan", "health", "health_visitor"),
      MakeActor("hos.grant", "social_work", "head_of_service"),
      MakeActor("pc.brown", "police", "police_officer")};
  return *actors;
}

absl::StatusOr<std::vector<NewEvent>> DecideIn(const World& world,
                                               const v1::Command& command,
                                               const v1::Actor& actor,
                                               absl::Time now) {
  ASSIGN_OR_RETURN(domain::CommandMeta meta, domain::GetCommandMeta(command));
  RETURN_IF_ERROR(domain::CheckId(meta.case_id, "case_id"));
  if (!eventstore::IsUuid(meta.idempotency_key)) {
    return domain::Invalid("idempotency_key", "must be a UUID");
  }
  static const CaseState kNoCase;
  auto found = world.cases.find(meta.case_id);
  const CaseState& state = found == world.cases.end() ? kNoCase : found->second;
  if (meta.expected_version.has_value() &&
      *meta.expected_version != state.version) {
    return absl::AbortedError("expected version");
  }
  RETURN_IF_ERROR(domain::CheckTarget(state, command));
  const domain::StreamsNeeded needs = domain::Needs(state, command);
  static const domain::RegisterEntryState kNoEntry;
  domain::CommandContext context;
  context.actor = actor;
  context.now = now;
  if (needs.register_entry) {
    auto entry = world.entries.find(domain::RegisterStreamId(
        state.local_authority, state.child.child_id()));
    context.register_entry =
        entry == world.entries.end() ? &kNoEntry : &entry->second;
  }
  if (!needs.other_case_id.empty()) {
    auto other = world.cases.find(needs.other_case_id);
    if (other != world.cases.end()) context.other_case = &other->second;
  }
  const std::string authority = domain::AuthorityOf(state, command);
  RETURN_IF_ERROR(domain::CheckAuthority(authority, "local_authority"));
  ASSIGN_OR_RETURN(context.policy, world.policies.ForAuthority(authority, now));
  return domain::DecideOnCheckedTarget(state, command, context);
}

absl::StatusOr<Folded> FoldInto(const World& world, const v1::Command& command,
                                const std::vector<NewEvent>& events) {
  ASSIGN_OR_RETURN(domain::CommandMeta meta, domain::GetCommandMeta(command));
  Folded folded;
  if (auto found = world.cases.find(meta.case_id); found != world.cases.end()) {
    folded.state = found->second;
  }
  const std::string case_stream = domain::CaseStreamId(meta.case_id);
  // The register stream is the one the case's child is on, as the case was
  // before the command (or, for a new case, as it opened).
  std::string register_stream;
  // Ids follow the order the store returns events in: by stream, then event.
  std::vector<std::string> streams;
  for (const NewEvent& event : events) {
    if (std::find(streams.begin(), streams.end(), event.stream_id) ==
        streams.end()) {
      streams.push_back(event.stream_id);
    }
  }
  const std::string key = eventstore::CanonicalUuid(meta.idempotency_key);
  size_t index = 0;
  for (const std::string& stream : streams) {
    for (const NewEvent& event : events) {
      if (event.stream_id != stream) continue;
      const domain::RecordedEvent recorded{domain::DerivedEventId(key, index++),
                                           event.event};
      if (stream == case_stream) {
        RETURN_IF_ERROR(domain::Evolve(folded.state, recorded));
        continue;
      }
      if (register_stream.empty()) {
        register_stream = domain::RegisterStreamId(
            folded.state.local_authority, folded.state.child.child_id());
        if (auto entry = world.entries.find(register_stream);
            entry != world.entries.end()) {
          folded.entry = entry->second;
        }
      }
      if (stream != register_stream) {
        return absl::DataLossError(
            absl::StrCat("a decision wrote to unread stream ", stream));
      }
      RETURN_IF_ERROR(domain::EvolveRegisterEntry(folded.entry, recorded));
    }
  }
  return folded;
}

}  // namespace keeper::fuzz
