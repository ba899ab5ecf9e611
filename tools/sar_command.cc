#include "tools/sar_command.h"

#include <fstream>
#include <iostream>
#include <string>

#include "absl/flags/flag.h"
#include "absl/strings/str_cat.h"
#include "common/files.h"
#include "common/html_escape.h"
#include "domain/rectification.h"
#include "keeper/v1/privacy_service.grpc.pb.h"
#include "tools/client.h"
#include "tools/read_commands.h"

ABSL_FLAG(std::string, request_id, "", "sar: the subject access request");
ABSL_FLAG(std::string, released_to, "", "sar: to whom the bundle is released");
ABSL_FLAG(std::string, out, "",
          "sar: writes OUT.json and OUT.html; report: writes the document "
          "to OUT (- for standard output)");

namespace keeper::tools {
namespace {

constexpr absl::Duration kDeadline = absl::Seconds(60);

std::string Cell(absl::string_view text) {
  return absl::StrCat("<td>", HtmlEscape(text), "</td>");
}

std::string Html(const v1::DisclosureBundle& bundle, const std::string& to) {
  std::string page = absl::StrCat(
      "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
      "<title>Subject access bundle ",
      HtmlEscape(bundle.request_id()), "</title></head><body>\n<h1>",
      "Subject access bundle: ", HtmlEscape(bundle.subject_name()),
      "</h1>\n<p>Case ", HtmlEscape(bundle.case_id()), ", request ",
      HtmlEscape(bundle.request_id()), ", released to ", HtmlEscape(to),
      ". Every released event is proved against the signed checkpoint of "
      "tree size ",
      bundle.checkpoint().tree_size(), "; the release is recorded at position ",
      bundle.disclosure_position(), ".</p>\n<h2>Released</h2>\n<table>\n",
      "<tr><th>Position</th><th>Event</th><th>Recorded</th><th>By</th>"
      "<th>Released</th><th>Content</th></tr>\n");
  for (const v1::DisclosedEvent& item : bundle.events()) {
    const v1::EventEnvelope& event = item.event();
    absl::StrAppend(
        &page, "<tr>", Cell(absl::StrCat(event.position())),
        Cell(event.event_type()), Cell(ToJsonLine(event.recorded_time())),
        Cell(absl::StrCat(event.actor().subject(), " (", event.actor().role(),
                          ")")),
        Cell(item.complete() ? "complete" : "with parts withheld"), "<td><pre>",
        HtmlEscape(ToJsonLine(event.payload())), "</pre>");
    for (const v1::ContentMarker& marker :
         domain::MarkersAt(bundle.markers(), event.position())) {
      absl::StrAppend(&page, "<p class=\"marker\">",
                      HtmlEscape(domain::MarkerText(marker)), "</p>");
    }
    page += "</td></tr>\n";
  }
  absl::StrAppend(&page,
                  "</table>\n<h2>Withheld</h2>\n<table>\n<tr><th>Position</th>"
                  "<th>Event</th><th>Part</th><th>Exemption</th></tr>\n");
  for (const v1::WithheldItem& item : bundle.withheld()) {
    absl::StrAppend(
        &page, "<tr>", Cell(absl::StrCat(item.position())),
        Cell(item.event_type()),
        Cell(item.part_index() < 0 ? std::string("whole event")
                                   : absl::StrCat(item.part_index())),
        Cell(v1::Exemption_Name(item.exemption())), "</tr>\n");
  }
  absl::StrAppend(&page, "</table>\n<h2>Checkpoint</h2>\n<pre>",
                  HtmlEscape(bundle.checkpoint().note()),
                  "</pre>\n</body></html>\n");
  return page;
}

}  // namespace

int RunSar(const Args&) {
  v1::ProduceDisclosureBundleRequest request;
  request.set_case_id(absl::GetFlag(FLAGS_case_id));
  request.set_request_id(absl::GetFlag(FLAGS_request_id));
  request.mutable_released_to()->set_name(absl::GetFlag(FLAGS_released_to));
  const std::string out = absl::GetFlag(FLAGS_out);
  if (out.empty()) {
    return Fail(absl::InvalidArgumentError(
        "--out must name where to write OUT.json and OUT.html"));
  }
  auto channel = ConnectFromFlags();
  if (!channel.ok()) return Fail(channel.status());
  grpc::ClientContext context;
  AddCallMetadata(context, kDeadline);
  v1::DisclosureBundle bundle;
  const grpc::Status status =
      v1::SubjectAccessService::NewStub(*channel)->ProduceDisclosureBundle(
          &context, request, &bundle);
  if (!status.ok()) return FailRpc(status);
  if (absl::Status s =
          WriteStringToFile(out + ".json", ToJsonLine(bundle) + "\n");
      !s.ok()) {
    return Fail(s);
  }
  if (absl::Status s = WriteStringToFile(
          out + ".html", Html(bundle, request.released_to().name()));
      !s.ok()) {
    return Fail(s);
  }
  std::cout << "bundle for " << bundle.subject_name() << ": "
            << bundle.events_size() << " events released, "
            << bundle.withheld_size() << " items withheld, checkpoint "
            << bundle.checkpoint().tree_size() << ", disclosure at position "
            << bundle.disclosure_position() << "\n";
  return 0;
}

}  // namespace keeper::tools
