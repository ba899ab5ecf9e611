// A child's access trail and change trail, and the inspector's view of the
// enquiries made of the register: the audit trails' projections, filtered
// and paged as the AuditService pages them.
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/status_macros.h"
#include "google/protobuf/util/time_util.h"
#include "projections/access_trail.h"
#include "projections/change_trail.h"
#include "projections/register.h"
#include "services/console/html.h"
#include "services/console/pages.h"
#include "services/grpc/status_util.h"

namespace keeper::services::console {
namespace {

using google::protobuf::util::TimeUtil;

// The filters every trail page takes, as the query fields name them.
struct Filters {
  std::string case_id, actor, agency, from, to, page_token;
  int page_size = 100;
};

absl::StatusOr<Filters> ParseFilters(const Params& params) {
  Filters f;
  f.case_id = Param(params, "case_id");
  f.actor = Param(params, "actor");
  f.agency = Param(params, "agency");
  f.from = Param(params, "from");
  f.to = Param(params, "to");
  f.page_token = Param(params, "page_token");
  if (const std::string size = Param(params, "page_size"); !size.empty()) {
    if (!absl::SimpleAtoi(size, &f.page_size) || f.page_size < 1 ||
        f.page_size > 1000) {
      return InvalidField("page_size", "must be 1 to 1000");
    }
  }
  return f;
}

// Sets from_time and to_time (`to` includes its whole day).
template <typename Query>
absl::Status SetTimes(const Params& params, Query& query) {
  ASSIGN_OR_RETURN(std::optional<absl::Time> from, DateParam(params, "from"));
  ASSIGN_OR_RETURN(std::optional<absl::Time> to, DateParam(params, "to"));
  if (from.has_value()) {
    *query.mutable_from_time() =
        TimeUtil::SecondsToTimestamp(absl::ToUnixSeconds(*from));
  }
  if (to.has_value()) {
    *query.mutable_to_time() = TimeUtil::SecondsToTimestamp(
        absl::ToUnixSeconds(*to + absl::Hours(24)));
  }
  return absl::OkStatus();
}

// A trail's token names no field: a bad one is the page_token's fault.
template <typename Page>
absl::StatusOr<Page> TokenChecked(absl::StatusOr<Page> page) {
  if (absl::IsInvalidArgument(page.status())) {
    return InvalidField("page_token", std::string(page.status().message()));
  }
  return page;
}

std::string FilterForm(const std::string& action, const Filters& f,
                       bool with_agency) {
  auto input = [](const char* label, const char* name, const std::string& value,
                  const char* type = "text") {
    return absl::StrCat("<label>", label, " <input type=\"", type, "\" name=\"",
                        name, "\" value=\"", Escape(value), "\"></label> ");
  };
  return absl::StrCat(
      "<form class=\"filters\" method=\"get\" action=\"", action, "\">",
      input("Case", "case_id", f.case_id), input("Actor", "actor", f.actor),
      with_agency ? input("Agency", "agency", f.agency) : "",
      input("From", "from", f.from, "date"), input("To", "to", f.to, "date"),
      "<button>Filter</button></form>");
}

// The link to the next page, keeping the filters.
std::string NextLink(const std::string& action, const Filters& f,
                     const std::string& token) {
  if (token.empty()) return "<p class=\"paging\">Last page.</p>";
  std::string url = absl::StrCat(action, "?page_token=", UrlEncode(token),
                                 "&page_size=", f.page_size);
  for (const auto& [name, value] :
       {std::pair<const char*, const std::string*>{"case_id", &f.case_id},
        {"actor", &f.actor},
        {"agency", &f.agency},
        {"from", &f.from},
        {"to", &f.to}}) {
    if (!value->empty())
      absl::StrAppend(&url, "&", name, "=", UrlEncode(*value));
  }
  return absl::StrCat("<p class=\"paging\">", Link(url, "Next page"), "</p>");
}

std::string CaseLinks(const v1::AccessRecord& record) {
  std::vector<std::string> links;
  for (const std::string& id : record.case_ids()) {
    if (links.size() == 5) {
      links.push_back(
          absl::StrCat("and ", record.case_ids_size() - 5, " more"));
      break;
    }
    links.push_back(
        Link(absl::StrCat("/trail/access?case_id=", UrlEncode(id)), id));
  }
  return absl::StrJoin(links, ", ");
}

// Scopes a trail about one child to its authority.
absl::Status ScopeCase(const Sources& sources, ReadCall& call,
                       const std::string& case_id) {
  if (case_id.empty()) return absl::OkStatus();
  ASSIGN_OR_RETURN(std::optional<std::string> authority,
                   projections::CaseAuthority(*sources.engine, case_id));
  if (authority.has_value()) RETURN_IF_ERROR(call.ScopeTo(*authority));
  return absl::OkStatus();
}

bool IsRegisterEnquiry(const std::string& method) {
  return method == "/keeper.v1.RegisterService/CheckRegister" ||
         method == "/keeper.v1.RegisterService/ListRegister" ||
         method == PageMethod("Register") || method == ExportMethod("Register");
}

}  // namespace

absl::StatusOr<Page> AccessTrailPage(const Sources& sources,
                                     const Caller& caller,
                                     const Params& params) {
  const std::string case_id = Param(params, "case_id");
  return ReadPage(
      sources, caller, "AccessTrail", case_id, "access trail",
      [&](ReadCall& call) -> absl::StatusOr<Page> {
        ASSIGN_OR_RETURN(Filters f, ParseFilters(params));
        RETURN_IF_ERROR(ScopeCase(sources, call, case_id));
        v1::AccessTrailQuery query;
        query.set_case_id(f.case_id);
        query.set_actor_subject(f.actor);
        query.set_agency(f.agency);
        query.set_page_size(f.page_size);
        query.set_page_token(f.page_token);
        RETURN_IF_ERROR(SetTimes(params, query));
        call.record().query = query.ShortDebugString();
        ASSIGN_OR_RETURN(v1::AccessTrailPage trail,
                         TokenChecked(projections::QueryAccessTrail(
                             *sources.engine, query)));
        std::vector<std::vector<std::string>> rows;
        rows.reserve(trail.entries_size());
        for (const v1::AccessTrailEntry& e : trail.entries()) {
          const v1::AccessRecord& r = e.record();
          rows.push_back(
              {absl::StrCat(e.position()), Escape(TimeText(e.recorded_time())),
               Escape(e.actor().subject()), Escape(e.actor().agency()),
               Escape(e.actor().role()), Escape(r.method()),
               r.outcome() == v1::ACCESS_GRANTED ? "granted" : "refused",
               Escape(e.purpose()),
               Escape(r.outcome() == v1::ACCESS_GRANTED ? r.returned()
                                                        : r.reason())});
        }
        call.record().returned = absl::StrCat(
            "access trail page: ", trail.entries_size(), " entries");
        Page page;
        page.title = case_id.empty()
                         ? "Access trail"
                         : absl::StrCat("Access trail of ", case_id);
        page.body = absl::StrCat(
            FilterForm("/trail/access", f, true),
            Table({"Position", "Recorded", "Who", "Agency", "Role", "What",
                   "Outcome", "Purpose", "Returned or reason"},
                  rows, "access-trail"),
            NextLink("/trail/access", f, trail.next_page_token()));
        page.next_page_token = trail.next_page_token();
        return page;
      });
}

absl::StatusOr<Page> ChangeTrailPage(const Sources& sources,
                                     const Caller& caller,
                                     const Params& params) {
  const std::string case_id = Param(params, "case_id");
  return ReadPage(
      sources, caller, "ChangeTrail", case_id, "change trail",
      [&](ReadCall& call) -> absl::StatusOr<Page> {
        ASSIGN_OR_RETURN(Filters f, ParseFilters(params));
        RETURN_IF_ERROR(ScopeCase(sources, call, case_id));
        v1::ChangeTrailQuery query;
        query.set_case_id(f.case_id);
        query.set_actor_subject(f.actor);
        query.set_page_size(f.page_size);
        query.set_page_token(f.page_token);
        RETURN_IF_ERROR(SetTimes(params, query));
        call.record().query = query.ShortDebugString();
        ASSIGN_OR_RETURN(v1::ChangeTrailPage trail,
                         TokenChecked(projections::QueryChangeTrail(
                             *sources.engine, query)));
        std::vector<std::vector<std::string>> rows;
        rows.reserve(trail.entries_size());
        for (const v1::ChangeTrailEntry& e : trail.entries()) {
          rows.push_back({absl::StrCat(e.position()),
                          Escape(TimeText(e.recorded_time())),
                          Escape(e.case_id()), absl::StrCat(e.case_version()),
                          Escape(e.event_type()), Escape(e.actor().subject()),
                          Escape(e.actor().agency()), Escape(e.purpose())});
        }
        call.record().returned = absl::StrCat(
            "change trail page: ", trail.entries_size(), " entries");
        Page page;
        page.title = case_id.empty()
                         ? "Change trail"
                         : absl::StrCat("Change trail of ", case_id);
        page.body =
            absl::StrCat(FilterForm("/trail/change", f, false),
                         Table({"Position", "Recorded", "Case", "Version",
                                "Change", "Who", "Agency", "Purpose"},
                               rows, "change-trail"),
                         NextLink("/trail/change", f, trail.next_page_token()));
        page.next_page_token = trail.next_page_token();
        return page;
      });
}

absl::StatusOr<Page> EnquiriesPage(const Sources& sources, const Caller& caller,
                                   const Params& params) {
  return ReadPage(
      sources, caller, "Enquiries", "", "register enquiries",
      [&](ReadCall& call) -> absl::StatusOr<Page> {
        ASSIGN_OR_RETURN(Filters f, ParseFilters(params));
        v1::AccessTrailQuery query;
        query.set_case_id(f.case_id);
        query.set_actor_subject(f.actor);
        query.set_agency(f.agency);
        query.set_page_size(1000);
        query.set_page_token(f.page_token);
        RETURN_IF_ERROR(SetTimes(params, query));
        call.record().query = query.ShortDebugString();
        // Enquiries are a kind of access record: scan trail pages until a
        // page of them is found, or a bounded amount has been read.
        std::vector<std::vector<std::string>> rows;
        std::string next;
        for (int scanned = 0; scanned < 20; ++scanned) {
          ASSIGN_OR_RETURN(v1::AccessTrailPage trail,
                           TokenChecked(projections::QueryAccessTrail(
                               *sources.engine, query)));
          for (const v1::AccessTrailEntry& e : trail.entries()) {
            if (!IsRegisterEnquiry(e.record().method())) continue;
            const v1::AccessRecord& r = e.record();
            rows.push_back(
                {Escape(TimeText(e.recorded_time())),
                 Escape(e.actor().subject()), Escape(e.actor().agency()),
                 Escape(e.purpose()),
                 Escape(r.method().substr(r.method().rfind('/') + 1)),
                 CaseLinks(r), Escape(r.case_ids().empty() ? r.query() : ""),
                 r.outcome() == v1::ACCESS_GRANTED ? Escape(r.returned())
                                                   : "refused"});
          }
          next = trail.next_page_token();
          if (next.empty() || static_cast<int>(rows.size()) >= f.page_size)
            break;
          query.set_page_token(next);
        }
        call.record().returned = absl::StrCat(
            "register enquiries page: ", rows.size(), " enquiries");
        Page page;
        page.title = "Enquiries of the register";
        page.body =
            absl::StrCat(FilterForm("/enquiries", f, true),
                         Table({"When", "Who", "Agency", "Why", "Enquiry",
                                "Children", "Asked", "Answer"},
                               rows, "enquiries"),
                         NextLink("/enquiries", f, next));
        page.next_page_token = next;
        return page;
      });
}

}  // namespace keeper::services::console
