#include "tests/domain/domain_fixture.h"

#include <stdlib.h>
#include <unistd.h>

#include <filesystem>

#include "absl/strings/str_cat.h"
#include "domain/command_meta.h"
#include "domain/event_codec.h"
#include "domain/policy/rule_violation.h"
#include "eventstore/uuid.h"

namespace keeper::domain::testing {
namespace {

v1::Actor MakeActor(const std::string& subject, const std::string& agency,
                    const std::string& role) {
  v1::Actor actor;
  actor.set_subject(subject);
  actor.set_agency(agency);
  actor.set_role(role);
  return actor;
}

v1::Person MakePerson(const std::string& name, const std::string& subject,
                      v1::Agency agency, const std::string& title) {
  v1::Person person;
  person.set_name(name);
  person.set_subject(subject);
  person.set_agency(agency);
  person.set_job_title(title);
  return person;
}

}  // namespace

const PolicyRegistry& ShippedPolicies() {
  static const PolicyRegistry* registry = [] {
    absl::StatusOr<PolicyRegistry> loaded =
        PolicyRegistry::LoadDirectory(DefaultPolicyDirectory());
    if (!loaded.ok()) {
      ADD_FAILURE() << loaded.status();
      return new PolicyRegistry();
    }
    return new PolicyRegistry(*std::move(loaded));
  }();
  return *registry;
}

v1::Actor SocialWorker() {
  return MakeActor("sw.jones", "social_work", "social_worker");
}
v1::Actor Chair() { return MakeActor("chair.reid", "social_work", "chair"); }
v1::Actor MinuteTaker() {
  return MakeActor("minutes.lee", "social_work", "minute_taker");
}
v1::Actor HealthVisitor() {
  return MakeActor("hv.khan", "health", "health_visitor");
}
v1::Actor HeadOfService() {
  return MakeActor("hos.grant", "social_work", "head_of_service");
}

v1::Person ChairPerson() {
  return MakePerson("Morag Reid", "chair.reid", v1::AGENCY_SOCIAL_WORK,
                    "Reviewing Officer");
}
v1::Person MinuteTakerPerson() {
  return MakePerson("Sam Lee", "minutes.lee", v1::AGENCY_SOCIAL_WORK,
                    "minute taker");
}
v1::Person SocialWorkerPerson() {
  return MakePerson("Alex Jones", "sw.jones", v1::AGENCY_SOCIAL_WORK,
                    "social worker");
}

v1::Participant Person(const std::string& id) {
  struct Known {
    const char* id;
    const char* name;
    const char* subject;
    v1::PartyRole role;
    v1::Agency agency;
    const char* title;
  };
  static const Known kKnown[] = {
      {"mum", "Kim Smith", "", v1::PARTY_ROLE_PARENT, v1::AGENCY_UNSPECIFIED,
       "mother"},
      {"dad", "Lee Smith", "", v1::PARTY_ROLE_PARENT, v1::AGENCY_UNSPECIFIED,
       "father"},
      {"gran", "Ann Smith", "", v1::PARTY_ROLE_CARER, v1::AGENCY_UNSPECIFIED,
       "grandmother"},
      {"child", "Jamie Smith", "", v1::PARTY_ROLE_CHILD, v1::AGENCY_UNSPECIFIED,
       ""},
      {"friend", "Pat Doyle", "", v1::PARTY_ROLE_SUPPORTER,
       v1::AGENCY_UNSPECIFIED, "friend"},
      {"advocate", "Jo Bell", "", v1::PARTY_ROLE_ADVOCATE, v1::AGENCY_VOLUNTARY,
       "advocate"},
      {"sw", "Alex Jones", "sw.jones", v1::PARTY_ROLE_PROFESSIONAL,
       v1::AGENCY_SOCIAL_WORK, "social worker"},
      {"hv", "Nadia Khan", "hv.khan", v1::PARTY_ROLE_PROFESSIONAL,
       v1::AGENCY_HEALTH, "health visitor"},
      {"police", "Chris Brown", "pc.brown", v1::PARTY_ROLE_PROFESSIONAL,
       v1::AGENCY_POLICE, "police officer"},
      {"teacher", "Robin Ross", "teacher.ross", v1::PARTY_ROLE_PROFESSIONAL,
       v1::AGENCY_EDUCATION, "guidance teacher"},
      {"housing", "Dana Park", "housing.park", v1::PARTY_ROLE_PROFESSIONAL,
       v1::AGENCY_HOUSING, "housing officer"},
  };
  for (const Known& known : kKnown) {
    if (id != known.id) continue;
    v1::Participant participant;
    participant.set_participant_id(id);
    *participant.mutable_person() =
        MakePerson(known.name, known.subject, known.agency, known.title);
    participant.set_role(known.role);
    participant.set_relationship(known.title);
    if (id == "friend") participant.set_supports_participant_id("mum");
    if (id == "advocate") participant.set_supports_participant_id("child");
    return participant;
  }
  ADD_FAILURE() << "no test person " << id;
  return {};
}

v1::Date MakeDate(int year, int month, int day) {
  v1::Date date;
  date.set_year(year);
  date.set_month(month);
  date.set_day(day);
  return date;
}

std::string On(int year, int month, int day) {
  return MakeDate(year, month, day).DebugString();
}

v1::ChildDetails BornChild(const std::string& child_id) {
  v1::ChildDetails child;
  child.set_child_id(child_id);
  child.set_given_name("Jamie");
  child.set_family_name("Smith");
  child.add_other_names("Jay");
  *child.mutable_date_of_birth() = MakeDate(2016, 5, 14);
  child.mutable_address()->add_lines("1 High Street");
  child.mutable_address()->set_postcode("KY1 1AA");
  return child;
}

v1::ChildDetails UnbornBaby(const std::string& child_id, v1::Date due) {
  v1::ChildDetails child;
  child.set_child_id(child_id);
  child.set_family_name("Smith");
  child.set_unborn(true);
  *child.mutable_expected_delivery_date() = due;
  return child;
}

std::vector<v1::ReportPart> FiveParts() {
  const std::pair<v1::ReportSection, const char*> kParts[] = {
      {v1::REPORT_SECTION_HISTORY_OF_INVOLVEMENT, "Known since 2022."},
      {v1::REPORT_SECTION_PURPOSE_OF_INVOLVEMENT, "Support to the family."},
      {v1::REPORT_SECTION_FACTUAL_INFORMATION, "Missed three appointments."},
      {v1::REPORT_SECTION_ANALYSIS, "Concern about neglect."},
      {v1::REPORT_SECTION_RISKS_AND_STRENGTHS, "Warm relationship with gran."},
  };
  std::vector<v1::ReportPart> parts;
  for (const auto& [section, text] : kParts) {
    v1::ReportPart part;
    part.set_section(section);
    part.set_text(text);
    parts.push_back(part);
  }
  return parts;
}

v1::Command Wrap(const google::protobuf::Message& body) {
  absl::StatusOr<v1::Command> command = WrapCommand(body);
  EXPECT_TRUE(command.ok()) << command.status();
  return command.value_or(v1::Command());
}

namespace {

// A store on tmpfs opens in a fraction of the time: these tests measure
// rules, not disks.
std::string ScratchRoot() {
  if (getenv("TEST_TMPDIR") == nullptr && access("/dev/shm", W_OK) == 0) {
    return "/dev/shm";
  }
  return ::testing::TempDir();
}

}  // namespace

void DomainTest::SetUp() {
  std::string pattern = ScratchRoot() + "/keeper_domain_XXXXXX";
  ASSERT_NE(mkdtemp(pattern.data()), nullptr);
  dir_ = pattern;
  eventstore::EventStore::Options options;
  options.data_dir = dir_;
  options.sync = false;  // nothing here measures durability
  absl::StatusOr<std::unique_ptr<eventstore::EventStore>> store =
      eventstore::EventStore::Open(options);
  ASSERT_TRUE(store.ok()) << store.status();
  store_ = *std::move(store);
  commands_ = std::make_unique<CaseCommands>(store_.get(), &ShippedPolicies());
  SetDay(2024, 3, 4);  // a Monday
}

void DomainTest::TearDown() {
  commands_.reset();
  store_.reset();
  std::error_code ignored;
  std::filesystem::remove_all(dir_, ignored);
}

void DomainTest::SetDay(int year, int month, int day) {
  absl::TimeZone london;
  ASSERT_TRUE(absl::LoadTimeZone("Europe/London", &london));
  now_ = absl::FromCivil(absl::CivilHour(year, month, day, 10), london);
}

absl::StatusOr<v1::CommandResult> DomainTest::Run(
    google::protobuf::Message& body, const v1::Actor& actor) {
  const auto* key_field =
      body.GetDescriptor()->FindFieldByName("idempotency_key");
  if (key_field != nullptr &&
      body.GetReflection()->GetString(body, key_field).empty()) {
    body.GetReflection()->SetString(&body, key_field, eventstore::NewUuid());
  }
  CallContext call;
  call.actor = actor;
  call.purpose = "case management";
  call.now = now_;
  return commands_->Execute(Wrap(body), call);
}

std::vector<std::string> DomainTest::Ok(google::protobuf::Message& body,
                                        const v1::Actor& actor) {
  absl::StatusOr<v1::CommandResult> result = Run(body, actor);
  EXPECT_TRUE(result.ok()) << body.GetDescriptor()->name() << ": "
                           << result.status();
  std::vector<std::string> types;
  if (!result.ok()) return types;
  for (const auto& event : result->events())
    types.push_back(event.event_type());
  return types;
}

std::string DomainTest::Refused(google::protobuf::Message& body,
                                const v1::Actor& actor, absl::StatusCode code,
                                const std::string& rule) {
  const uint64_t before = Head();
  absl::StatusOr<v1::CommandResult> result = Run(body, actor);
  EXPECT_EQ(result.status().code(), code) << result.status();
  std::optional<v1::RuleViolation> violation =
      RuleViolationFromStatus(result.status());
  EXPECT_TRUE(violation.has_value()) << result.status();
  if (violation.has_value()) {
    EXPECT_EQ(violation->rule(), rule);
  }
  EXPECT_EQ(Head(), before) << "a refused command wrote events";
  return std::string(result.status().message());
}

std::vector<v1::EventEnvelope> DomainTest::Stream(const std::string& stream) {
  eventstore::ReadStreamOptions options;
  options.stream_id = stream;
  options.from_version = 1;
  absl::StatusOr<std::vector<v1::EventEnvelope>> events =
      store_->ReadStream(options);
  EXPECT_TRUE(events.ok()) << events.status();
  return events.value_or(std::vector<v1::EventEnvelope>{});
}

v1::DomainEvent DomainTest::LastEvent(const std::string& stream) {
  std::vector<v1::EventEnvelope> events = Stream(stream);
  if (events.empty()) {
    ADD_FAILURE() << "stream " << stream << " is empty";
    return {};
  }
  absl::StatusOr<v1::DomainEvent> event = UnpackEvent(events.back());
  EXPECT_TRUE(event.ok()) << event.status();
  return event.value_or(v1::DomainEvent());
}

CaseState DomainTest::Case(const std::string& case_id) {
  absl::StatusOr<CaseState> state = commands_->LoadCase(case_id);
  EXPECT_TRUE(state.ok()) << state.status();
  return state.value_or(CaseState());
}

}  // namespace keeper::domain::testing
