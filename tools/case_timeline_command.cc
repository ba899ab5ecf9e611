// keeper case timeline: a case's dated history through a running keeperd
// (CaseService.GetCase), with the day each thing happened apart from the
// time it was recorded.
#include <iostream>

#include "absl/flags/flag.h"
#include "absl/strings/match.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/message.h"
#include "keeper/v1/case_service.grpc.pb.h"
#include "tools/client.h"
#include "tools/client_commands.h"
#include "tools/labels.h"
#include "tools/local_time.h"
#include "tools/markers.h"
#include "tools/read_commands.h"

namespace keeper::tools {
namespace {

using google::protobuf::FieldDescriptor;

// The day the event's payload says the thing happened: its first set
// Date or Timestamp field named *_on, *_at or *_date (a due date, *_by or
// *_due, is not when anything happened). "" when it names none.
std::string BusinessDate(const v1::EventEnvelope& event, absl::TimeZone zone) {
  const std::string& url = event.payload().type_url();
  const auto* type =
      google::protobuf::DescriptorPool::generated_pool()->FindMessageTypeByName(
          url.substr(url.rfind('/') + 1));
  if (type == nullptr) return "";
  std::unique_ptr<google::protobuf::Message> payload(
      google::protobuf::MessageFactory::generated_factory()
          ->GetPrototype(type)
          ->New());
  if (!payload->ParseFromString(event.payload().value())) return "";
  const auto* reflection = payload->GetReflection();
  for (int i = 0; i < type->field_count(); ++i) {
    const FieldDescriptor* field = type->field(i);
    if (field->is_repeated() ||
        field->type() != FieldDescriptor::TYPE_MESSAGE ||
        !reflection->HasField(*payload, field)) {
      continue;
    }
    const std::string& name = field->name();
    if (!absl::EndsWith(name, "_on") && !absl::EndsWith(name, "_at") &&
        !absl::EndsWith(name, "_date")) {
      continue;
    }
    const google::protobuf::Message& value =
        reflection->GetMessage(*payload, field);
    if (const auto* date = dynamic_cast<const v1::Date*>(&value)) {
      return DateText(*date);
    }
    if (const auto* time =
            dynamic_cast<const google::protobuf::Timestamp*>(&value)) {
      return MinuteText(*time, zone).substr(0, 10);
    }
  }
  return "";
}

}  // namespace

int RunCaseTimeline(const Args&) {
  v1::GetCaseRequest request;
  request.set_case_id(absl::GetFlag(FLAGS_case_id));
  if (request.case_id().empty()) {
    return Fail(absl::InvalidArgumentError("give --case_id"));
  }
  auto channel = ConnectFromFlags();
  if (!channel.ok()) return Fail(channel.status());
  grpc::ClientContext context;
  AddCallMetadata(context, kReadDeadline);
  v1::CaseView view;
  const grpc::Status status =
      v1::CaseService::NewStub(*channel)->GetCase(&context, request, &view);
  if (!status.ok()) return FailRpc(status);
  const absl::TimeZone zone =
      ZoneFor(DisplayPolicies(), view.local_authority());
  Table table({{"case_version", "version"},
               {"business_date", "happened"},
               {"recorded_time", "recorded"},
               {"event", "what"},
               {"actor", "by"},
               {"purpose", "purpose"}});
  for (const v1::EventEnvelope& event : view.history()) {
    table.AddRow({std::to_string(event.stream_version()),
                  BusinessDate(event, zone),
                  RecordedText(event.recorded_time(), zone),
                  EventTypeLabel(event.event_type()) +
                      MarkerTags(view.markers(), event.position()),
                  event.actor().subject(), event.purpose()});
  }
  if (OutputFormat() == Format::kText) {
    Fields about;
    about.Add("case", view.case_id());
    about.Add("authority", view.local_authority());
    about.Add("child", ChildName(view.child()));
    about.Add("born", BirthText(view.child()));
    about.Add(
        "registered",
        view.registration().registered()
            ? (view.registration().temporary() ? "yes, temporarily" : "yes")
            : "no");
    std::cout << about.Text() << "\n";
    if (view.restricted_parts_withheld()) {
      std::cout << "(restricted report parts are withheld from you)\n\n";
    }
    if (const std::string text = MarkersText(view.markers()); !text.empty()) {
      std::cout << text << "\n";
    }
  }
  return PrintListing(table, "(no events)");
}

}  // namespace keeper::tools
