#include "services/console/pages.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/civil_time.h"
#include "common/status_macros.h"
#include "domain/agency_and_role_names.h"
#include "domain/ids.h"
#include "services/grpc/status_util.h"

namespace keeper::services::console {

std::string PageMethod(const std::string& name) {
  return absl::StrCat("/keeper.console/", name);
}

std::string ExportMethod(const std::string& name) {
  return absl::StrCat("/keeper.v1.ReportService/Export", name);
}

absl::StatusOr<Page> ReadPage(
    const Sources& sources, const Caller& caller, const std::string& name,
    const std::string& case_id, const std::string& query,
    absl::FunctionRef<absl::StatusOr<Page>(ReadCall&)> render) {
  ReadSubject subject;
  // An id the domain would refuse names no child; it stays in the query.
  if (domain::CheckId(case_id, "case_id").ok()) {
    subject.case_ids.push_back(case_id);
  }
  subject.query = query;
  const bool exported = !sources.exported_as.empty();
  return AuditedRead<Page>(
      *sources.gate, caller, exported ? ExportMethod(name) : PageMethod(name),
      std::move(subject), [&](ReadCall& call) -> absl::StatusOr<Page> {
        RETURN_IF_ERROR(CatchUp(*sources.store, *sources.engine));
        absl::StatusOr<Page> page = render(call);
        if (page.ok() && exported) {
          absl::StrAppend(&call.record().returned, ", exported as ",
                          sources.exported_as);
        }
        return page;
      });
}

std::string Param(const Params& params, const std::string& name) {
  auto it = params.find(name);
  return it == params.end() ? "" : it->second;
}

std::string DateText(const v1::Date& date) {
  if (date.year() == 0) return "";
  return absl::StrFormat("%04d-%02d-%02d", date.year(), date.month(),
                         date.day());
}

std::string TimeText(const google::protobuf::Timestamp& time) {
  if (time.seconds() == 0 && time.nanos() == 0) return "";
  return absl::FormatTime("%Y-%m-%d %H:%M:%S UTC",
                          absl::FromUnixSeconds(time.seconds()),
                          absl::UTCTimeZone());
}

std::string PersonText(const v1::Person& person) {
  std::string out = person.name();
  if (!person.job_title().empty())
    absl::StrAppend(&out, ", ", person.job_title());
  return out;
}

absl::StatusOr<std::optional<absl::Time>> DateParam(const Params& params,
                                                    const std::string& name) {
  const std::string text = Param(params, name);
  if (text.empty()) return std::nullopt;
  absl::CivilDay day;
  if (!absl::ParseCivilTime(text, &day)) {
    return InvalidField(name, "must be a date, YYYY-MM-DD");
  }
  return absl::FromCivil(day, absl::UTCTimeZone());
}

}  // namespace keeper::services::console
