#include "tests/fuzz/seed_requests.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <memory>

#include "absl/strings/str_format.h"
#include "domain/command_meta.h"
#include "google/protobuf/message.h"
#include "google/protobuf/text_format.h"
#include "keeper/v1/commands.pb.h"
#include "tests/fuzz/request_fuzz.h"
#include "tests/fuzz/request_world.h"

namespace keeper::fuzz {
namespace {

using google::protobuf::FieldDescriptor;
using google::protobuf::Message;

// A string field's value, by its name, naming what the story holds on case
// `case_id`.
std::string ValueFor(const std::string& field, const std::string& case_id,
                     int serial) {
  if (field == "case_id") return case_id;
  if (field == "conference_id") return case_id + "-icpc";
  if (field == "request_id") return case_id + "-icpc-request";
  if (field == "report_id") return "hv-report";
  if (field == "participant_id" || field == "supports_participant_id") {
    return "hv";
  }
  if (field == "child_id") return "child-" + case_id.substr(1);
  if (field == "local_authority" || field == "authority") return "fife";
  if (field == "subject") return "hv.khan";
  if (field == "areas_of_concern") return "Domestic Abuse";
  if (field == "idempotency_key") {
    return absl::StrFormat("00000000-0000-4000-9000-%012d", serial);
  }
  if (field.ends_with("_id")) return "x1";
  return "Seen at home";
}

void Fill(Message& message, const std::string& case_id, int serial, int depth) {
  const auto* descriptor = message.GetDescriptor();
  const auto* reflection = message.GetReflection();
  for (int i = 0; i < descriptor->field_count(); ++i) {
    const FieldDescriptor* field = descriptor->field(i);
    // One member of a oneof; no expected_version (it would only conflict).
    if (field->containing_oneof() != nullptr && field->index_in_oneof() != 0) {
      continue;
    }
    if (field->name() == "expected_version") continue;
    const bool repeated = field->is_repeated();
    switch (field->cpp_type()) {
      case FieldDescriptor::CPPTYPE_STRING: {
        const std::string value = ValueFor(field->name(), case_id, serial);
        repeated ? reflection->AddString(&message, field, value)
                 : reflection->SetString(&message, field, value);
        break;
      }
      case FieldDescriptor::CPPTYPE_ENUM: {
        const auto* values = field->enum_type();
        const int number =
            values->value(std::min(1, values->value_count() - 1))->number();
        repeated ? reflection->AddEnumValue(&message, field, number)
                 : reflection->SetEnumValue(&message, field, number);
        break;
      }
      case FieldDescriptor::CPPTYPE_INT32:
        repeated ? reflection->AddInt32(&message, field, 1)
                 : reflection->SetInt32(&message, field, 1);
        break;
      case FieldDescriptor::CPPTYPE_UINT32:
        repeated ? reflection->AddUInt32(&message, field, 1)
                 : reflection->SetUInt32(&message, field, 1);
        break;
      case FieldDescriptor::CPPTYPE_INT64:
        repeated ? reflection->AddInt64(&message, field, 1)
                 : reflection->SetInt64(&message, field, 1);
        break;
      case FieldDescriptor::CPPTYPE_UINT64:
        repeated ? reflection->AddUInt64(&message, field, 1)
                 : reflection->SetUInt64(&message, field, 1);
        break;
      case FieldDescriptor::CPPTYPE_MESSAGE:
        if (depth < 3) {
          Fill(repeated ? *reflection->AddMessage(&message, field)
                        : *reflection->MutableMessage(&message, field),
               case_id, serial, depth + 1);
        }
        break;
      default:  // bools and floats stay unset
        break;
    }
  }
}

std::string Input(int method, int actor, const Message& body) {
  std::string input = {static_cast<char>(method), static_cast<char>(actor), 0};
  return input + body.SerializeAsString();
}

int MethodTaking(const google::protobuf::Descriptor* type) {
  const auto& methods = RequestMethods();
  for (size_t i = 0; i < methods.size(); ++i) {
    if (methods[i]->input_type() == type) return static_cast<int>(i);
  }
  return -1;
}

// Next steps of the story, as v1.Command text: each worth deciding on the
// seed world (by the actor at its index in Actors()).
constexpr std::pair<int, const char*> kNextSteps[] = {
    {1, R"(record_dissent { case_id: "c3" conference_id: "c3-icpc"
           participant_id: "police" statement: "Not yet" })"},
    {0, R"(share_report { case_id: "c2" report_id: "hv-report" version: 1
           participant_id: "hv" })"},
    {0, R"(add_plan_task { case_id: "c3" task_id: "t1" what: "Weekly visits"
           who { name: "Alex Jones" subject: "sw.jones"
                 agency: AGENCY_SOCIAL_WORK job_title: "social worker" }
           by_when { year: 2024 month: 4 day: 1 } })"},
    {0, R"(name_core_group { case_id: "c3" conference_id: "c3-icpc"
           members { participant_id: "hv" role: PARTY_ROLE_PROFESSIONAL
             person { name: "Nadia Khan" subject: "hv.khan"
                      agency: AGENCY_HEALTH job_title: "health visitor" } } })"},
    {0, R"(record_core_group_meeting { case_id: "c3" meeting_id: "m1"
           held_on { year: 2024 month: 3 day: 4 }
           attendee_participant_ids: "sw" attendee_participant_ids: "hv" })"},
    {0,
     R"(deregister_child { case_id: "c3" reason: DEREGISTRATION_REASON_REDUCED_RISK
           details: "Home situation improved" conference_id: "c3-icpc" })"},
    {0, R"(request_decision_review { case_id: "c3" request_id: "r1"
           conference_id: "c3-icpc" participant_id: "hv"
           grounds: "The views were not heard" })"},
    {0, R"(record_home_visit { case_id: "c3" visit_id: "v1"
           visited_on { year: 2024 month: 3 day: 4 } })"},
};

}  // namespace

std::vector<std::string> SeedRequests() {
  std::vector<std::string> seeds;
  for (const StoryStep& step : SeedStory()) {
    const auto* reflection = step.command.GetReflection();
    const auto* oneof = step.command.GetDescriptor()->oneof_decl(0);
    const FieldDescriptor* field =
        reflection->GetOneofFieldDescriptor(step.command, oneof);
    const Message& body = reflection->GetMessage(step.command, field);
    const int method = MethodTaking(body.GetDescriptor());
    if (method >= 0) seeds.push_back(Input(method, step.actor, body));
  }
  int next = 0;
  for (const auto& [actor, text] : kNextSteps) {
    v1::Command command;
    if (!google::protobuf::TextFormat::ParseFromString(text, &command)) {
      std::fprintf(stderr, "not a v1.Command: %s\n", text);
      std::abort();
    }
    const auto* field = command.GetReflection()->GetOneofFieldDescriptor(
        command, command.GetDescriptor()->oneof_decl(0));
    v1::Command keyed = command;
    domain::SetIdempotencyKey(
        keyed, absl::StrFormat("00000000-0000-4000-a000-%012d", ++next));
    const Message& body = keyed.GetReflection()->GetMessage(keyed, field);
    seeds.push_back(Input(MethodTaking(body.GetDescriptor()), actor, body));
  }
  // As the chair on c2 (deciding), the social worker on c3 (registered),
  // the minute taker on c1 (just opened).
  const std::pair<const char*, int> kCases[] = {
      {"c2", 1}, {"c3", 0}, {"c1", 2}};
  int serial = 0;
  const auto& methods = RequestMethods();
  for (size_t i = 0; i < methods.size(); ++i) {
    for (const auto& [case_id, actor] : kCases) {
      std::unique_ptr<Message> body(
          google::protobuf::MessageFactory::generated_factory()
              ->GetPrototype(methods[i]->input_type())
              ->New());
      Fill(*body, case_id, ++serial, 0);
      seeds.push_back(Input(static_cast<int>(i), actor, *body));
    }
  }
  return seeds;
}

}  // namespace keeper::fuzz
