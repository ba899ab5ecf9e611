#include "services/console/report_service.h"

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/status_macros.h"
#include "services/console/html.h"
#include "services/grpc/status_util.h"

namespace keeper::services::console {
namespace {

// The trail filters, named as the console's query parameters.
Params TrailParams(const v1::ExportTrailRequest& r) {
  Params params{{"case_id", r.case_id()}, {"actor", r.actor()},
                {"agency", r.agency()},   {"from", r.from()},
                {"to", r.to()},           {"page_token", r.page_token()}};
  if (r.page_size() != 0) params["page_size"] = absl::StrCat(r.page_size());
  return params;
}

// Who exported the document, when and why: the answer to "where did this
// come from?" when it is read in a bundle.
std::string Provenance(const Caller& caller) {
  return absl::StrCat("Exported from Keeper on ",
                      absl::FormatTime("%Y-%m-%d %H:%M:%S UTC", absl::Now(),
                                       absl::UTCTimeZone()),
                      " by ", caller.subject, " (", caller.role, ", ",
                      caller.agency, ", ", caller.authority,
                      ") for the purpose: ", caller.purpose,
                      ". The export is recorded in the access trail.");
}

}  // namespace

ReportService::ReportService(const Sources& sources, HandlerPool& pool)
    : PooledService(pool, *sources.gate), sources_(sources) {
  Serve("ExportRegister", &ReportService::HandleRegister);
  Serve("ExportDecisionRecord", &ReportService::HandleDecisionRecord);
  Serve("ExportAccessTrail", &ReportService::HandleAccessTrail);
  Serve("ExportChangeTrail", &ReportService::HandleChangeTrail);
  Serve("ExportTimescales", &ReportService::HandleTimescales);
}

absl::StatusOr<v1::ExportedPage> ReportService::Export(
    grpc::ServerContextBase& context, const google::protobuf::Message& request,
    const std::string& name, PageFn render, const Params& params,
    v1::ExportFormat format, absl::Status valid) {
  const std::string method = ExportMethod(name);
  const ReadSubject subject = SubjectOf(request);
  ASSIGN_OR_RETURN(Caller caller, gate_.Admit(context, method, subject));
  if (valid.ok() && !v1::ExportFormat_IsValid(format)) {
    valid = InvalidField("format", "must be EXPORT_FORMAT_HTML or _PDF");
  }
  if (!valid.ok()) return gate_.RecordRefusal(caller, method, subject, valid);
  Sources sources = sources_;
  sources.exported_as = format == v1::EXPORT_FORMAT_PDF ? "PDF" : "HTML";
  ASSIGN_OR_RETURN(Page page, render(sources, caller, params));
  v1::ExportedPage exported;
  exported.set_title(page.title);
  exported.set_html(ExportDocument(page.title, page.body, Provenance(caller)));
  exported.set_next_page_token(page.next_page_token);
  return exported;
}

absl::StatusOr<v1::ExportedPage> ReportService::HandleRegister(
    grpc::ServerContextBase& context, const v1::ExportRegisterRequest& r) {
  return Export(context, r, "Register", &RegisterPage,
                {{"authority", r.authority()}, {"as_of", r.as_of()}},
                r.format());
}

absl::StatusOr<v1::ExportedPage> ReportService::HandleDecisionRecord(
    grpc::ServerContextBase& context,
    const v1::ExportDecisionRecordRequest& r) {
  return Export(
      context, r, "DecisionRecord", &DecisionRecordPage,
      {{"case_id", r.case_id()}, {"conference_id", r.conference_id()}},
      r.format());
}

absl::StatusOr<v1::ExportedPage> ReportService::HandleAccessTrail(
    grpc::ServerContextBase& context, const v1::ExportTrailRequest& r) {
  return Export(context, r, "AccessTrail", &AccessTrailPage, TrailParams(r),
                r.format());
}

absl::StatusOr<v1::ExportedPage> ReportService::HandleChangeTrail(
    grpc::ServerContextBase& context, const v1::ExportTrailRequest& r) {
  return Export(
      context, r, "ChangeTrail", &ChangeTrailPage, TrailParams(r), r.format(),
      r.agency().empty() ? absl::OkStatus()
                         : InvalidField("agency",
                                        "the change trail is not filtered by "
                                        "agency"));
}

absl::StatusOr<v1::ExportedPage> ReportService::HandleTimescales(
    grpc::ServerContextBase& context, const v1::ExportTimescalesRequest& r) {
  return Export(context, r, "Timescales", &TimescalesPage,
                {{"authority", r.authority()}, {"period", r.period()}},
                r.format());
}

}  // namespace keeper::services::console
