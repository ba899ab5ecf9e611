#include "tools/report_command.h"

#include <algorithm>
#include <iostream>

#include "absl/flags/flag.h"
#include "absl/strings/str_cat.h"
#include "common/files.h"
#include "keeper/v1/report_service.grpc.pb.h"
#include "tools/client.h"
#include "tools/print_pdf.h"
#include "tools/read_commands.h"

ABSL_DECLARE_FLAG(std::string, as_of);
ABSL_DECLARE_FLAG(std::string, conference_id);
ABSL_DECLARE_FLAG(std::string, actor);
ABSL_DECLARE_FLAG(std::string, agency);
ABSL_DECLARE_FLAG(std::string, period);
ABSL_DECLARE_FLAG(std::string, out);

ABSL_FLAG(std::string, trail, "access",
          "report trail: which trail, access or change");
ABSL_FLAG(int32_t, page_size, 0,
          "report trail: entries on the page, 1 to 1000; 0: 100");
ABSL_FLAG(std::string, page_token, "",
          "report trail: the page after the one that printed this token");
ABSL_FLAG(bool, pdf, false,
          "report: print the document to PDF with headless Chromium");
ABSL_FLAG(std::string, chromium, "chromium",
          "report --pdf: the Chromium to print with (a path, or a name in "
          "PATH)");

namespace keeper::tools {
namespace {

// Exports can prove a decision's inclusion first: more than a plain read.
constexpr absl::Duration kExportDeadline = absl::Seconds(60);

using Stub = v1::ReportService::Stub;

constexpr const char* kKinds[] = {"register", "decision", "trail",
                                  "timescales"};

// Calls the export of page `kind` (one of kKinds) with the page's flags.
grpc::Status Export(Stub& stub, const std::string& kind,
                    v1::ExportFormat format, v1::ExportedPage* page) {
  grpc::ClientContext context;
  AddCallMetadata(context, kExportDeadline);
  if (kind == "register") {
    v1::ExportRegisterRequest r;
    r.set_authority(absl::GetFlag(FLAGS_authority));
    r.set_as_of(absl::GetFlag(FLAGS_as_of));
    r.set_format(format);
    return stub.ExportRegister(&context, r, page);
  }
  if (kind == "decision") {
    v1::ExportDecisionRecordRequest r;
    r.set_case_id(absl::GetFlag(FLAGS_case_id));
    r.set_conference_id(absl::GetFlag(FLAGS_conference_id));
    r.set_format(format);
    return stub.ExportDecisionRecord(&context, r, page);
  }
  if (kind == "trail") {
    v1::ExportTrailRequest r;
    r.set_case_id(absl::GetFlag(FLAGS_case_id));
    r.set_actor(absl::GetFlag(FLAGS_actor));
    r.set_agency(absl::GetFlag(FLAGS_agency));
    r.set_from(absl::GetFlag(FLAGS_from));
    r.set_to(absl::GetFlag(FLAGS_to));
    r.set_page_size(absl::GetFlag(FLAGS_page_size));
    r.set_page_token(absl::GetFlag(FLAGS_page_token));
    r.set_format(format);
    return absl::GetFlag(FLAGS_trail) == "change"
               ? stub.ExportChangeTrail(&context, r, page)
               : stub.ExportAccessTrail(&context, r, page);
  }
  v1::ExportTimescalesRequest r;
  r.set_authority(absl::GetFlag(FLAGS_authority));
  r.set_period(absl::GetFlag(FLAGS_period));
  r.set_format(format);
  return stub.ExportTimescales(&context, r, page);
}

}  // namespace

int RunReport(const Args& args) {
  if (args.size() != 1 || std::find(std::begin(kKinds), std::end(kKinds),
                                    args[0]) == std::end(kKinds)) {
    return Fail(absl::InvalidArgumentError(
        "give the page: report register|decision|trail|timescales"));
  }
  const std::string trail = absl::GetFlag(FLAGS_trail);
  if (trail != "access" && trail != "change") {
    return Fail(absl::InvalidArgumentError("--trail must be access or change"));
  }
  const std::string out = absl::GetFlag(FLAGS_out);
  const bool pdf = absl::GetFlag(FLAGS_pdf);
  if (out.empty() || (pdf && out == "-")) {
    return Fail(absl::InvalidArgumentError(
        pdf ? "--out must name the PDF file to write"
            : "--out must name the file to write, or - for standard output"));
  }
  auto channel = ConnectFromFlags();
  if (!channel.ok()) return Fail(channel.status());
  auto stub = v1::ReportService::NewStub(*channel);
  v1::ExportedPage page;
  const grpc::Status status =
      Export(*stub, args[0],
             pdf ? v1::EXPORT_FORMAT_PDF : v1::EXPORT_FORMAT_HTML, &page);
  if (!status.ok()) return FailRpc(status);
  if (out == "-") {
    std::cout << page.html();
    return 0;
  }
  absl::Status written =
      pdf ? PrintToPdf(page.html(), out, absl::GetFlag(FLAGS_chromium))
          : WriteStringToFile(out, page.html());
  if (!written.ok()) return Fail(written);
  std::cout << "wrote " << out << ": " << page.title();
  if (!page.next_page_token().empty()) {
    std::cout << "; the next page: --page_token " << page.next_page_token();
  }
  std::cout << "\n";
  return 0;
}

}  // namespace keeper::tools
