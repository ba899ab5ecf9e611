// The register and a child's record.
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/status_macros.h"
#include "domain/event_codec.h"
#include "google/protobuf/util/time_util.h"
#include "projections/case_view.h"
#include "projections/register.h"
#include "services/console/html.h"
#include "services/console/markers.h"
#include "services/console/pages.h"
#include "services/grpc/status_util.h"

namespace keeper::services::console {
namespace {

std::string CaseLink(const std::string& case_id, const std::string& text) {
  return Link(absl::StrCat("/case?case_id=", UrlEncode(case_id)), text);
}

std::string ChildName(const v1::ChildDetails& child) {
  std::string name = absl::StrCat(child.given_name(), " ", child.family_name());
  if (child.unborn()) absl::StrAppend(&name, " (unborn)");
  return name;
}

std::string BirthText(const v1::ChildDetails& child) {
  return child.unborn() ? absl::StrCat("expected ",
                                       DateText(child.expected_delivery_date()))
                        : DateText(child.date_of_birth());
}

// The register as of the end of `day`: up to the event before the first
// recorded after it.
absl::StatusOr<std::optional<uint64_t>> PositionAtEndOf(
    const eventstore::EventStore& store, std::optional<absl::Time> day) {
  if (!day.has_value()) return std::nullopt;
  ASSIGN_OR_RETURN(auto later, store.ReadTimeRange(*day + absl::Hours(24),
                                                   absl::InfiniteFuture(), 1));
  if (later.empty()) return store.GetHead().position;
  return later.front().position() - 1;
}

}  // namespace

absl::StatusOr<Page> RegisterPage(const Sources& sources, const Caller& caller,
                                  const Params& params) {
  std::string authority = Param(params, "authority");
  if (authority.empty()) authority = caller.authority;
  const std::string as_of_text = Param(params, "as_of");
  return ReadPage(
      sources, caller, "Register", "",
      absl::StrCat("register of ", authority, " as of ",
                   as_of_text.empty() ? "now" : as_of_text),
      [&](ReadCall& call) -> absl::StatusOr<Page> {
        if (authority.empty()) {
          return InvalidField("authority", "must name an authority");
        }
        ASSIGN_OR_RETURN(std::optional<absl::Time> as_of_day,
                         DateParam(params, "as_of"));
        RETURN_IF_ERROR(call.ScopeTo(authority));
        ASSIGN_OR_RETURN(std::optional<uint64_t> as_of,
                         PositionAtEndOf(*sources.store, as_of_day));
        ASSIGN_OR_RETURN(
            v1::RegisterListing listing,
            projections::ListRegister(*sources.engine, authority, as_of));
        std::vector<std::vector<std::string>> rows;
        rows.reserve(listing.entries_size());
        for (const v1::RegisterEntry& entry : listing.entries()) {
          call.record().case_ids.push_back(entry.case_id());
          rows.push_back({CaseLink(entry.case_id(), entry.case_id()),
                          Escape(ChildName(entry.child())),
                          Escape(BirthText(entry.child())),
                          Escape(absl::StrJoin(entry.areas_of_concern(), ", ")),
                          Escape(DateText(entry.registered_on())),
                          Escape(DateText(entry.next_review_due())),
                          Escape(PersonText(entry.lead_professional())),
                          entry.temporary() ? "temporary" : ""});
        }
        call.record().returned =
            absl::StrCat("register page: ", listing.entries_size(),
                         " entries as of position ", listing.as_of_position());
        Page page;
        page.title = absl::StrCat("Register of ", authority);
        page.body = absl::StrCat(
            "<form class=\"filters\" method=\"get\" action=\"/register\">"
            "<label>Authority <input name=\"authority\" value=\"",
            Escape(authority),
            "\"></label> <label>As of <input type=\"date\" name=\"as_of\" "
            "value=\"",
            Escape(as_of_text), "\"></label> <button>Show</button></form><p>",
            listing.entries_size(), " children on the register ",
            as_of_text.empty()
                ? "now"
                : absl::StrCat("at the end of ", Escape(as_of_text)),
            " (log position ", listing.as_of_position(), ").</p>",
            Table({"Case", "Child", "Born", "Areas of concern", "Registered",
                   "Next review due", "Lead professional", ""},
                  rows, "register"));
        return page;
      });
}

absl::StatusOr<Page> CaseRecordPage(const Sources& sources,
                                    const Caller& caller,
                                    const Params& params) {
  const std::string case_id = Param(params, "case_id");
  return ReadPage(
      sources, caller, "CaseRecord", case_id, absl::StrCat("case ", case_id),
      [&](ReadCall& call) -> absl::StatusOr<Page> {
        if (case_id.empty())
          return InvalidField("case_id", "must name the case");
        absl::StatusOr<v1::CaseView> view = projections::ReadCaseView(
            *sources.engine, case_id, call.family_facing());
        // Whether a case exists is itself case data: record the look.
        if (absl::IsNotFound(view.status())) return AnsweredWith(view.status());
        RETURN_IF_ERROR(view.status());
        RETURN_IF_ERROR(call.ScopeTo(view->local_authority()));
        const std::string id = UrlEncode(case_id);
        std::string body = absl::StrCat(
            "<p><strong>", Escape(ChildName(view->child())), "</strong>, born ",
            Escape(BirthText(view->child())), "; ",
            Escape(view->local_authority()), "; record version ",
            view->version(), ". ",
            Link(absl::StrCat("/trail/access?case_id=", id), "Access trail"),
            " · ",
            Link(absl::StrCat("/trail/change?case_id=", id), "Change trail"),
            "</p>");
        if (view->restricted_parts_withheld()) {
          body +=
              "<p class=\"withheld\">Restricted report parts are withheld.</p>";
        }
        const v1::CaseView::Registration& reg = view->registration();
        absl::StrAppend(
            &body, "<h2>Registration</h2><p id=\"registration\">",
            reg.registered()
                ? absl::StrCat(
                      "On the register since ",
                      Escape(DateText(reg.registered_on())),
                      "; areas of concern: ",
                      Escape(absl::StrJoin(reg.areas_of_concern(), ", ")),
                      "; next review due ",
                      Escape(DateText(reg.next_review_due())),
                      "; lead professional ",
                      Escape(PersonText(reg.lead_professional())))
                : "Not on the register.",
            "</p>");
        std::vector<std::vector<std::string>> conferences;
        for (const v1::CaseView::Conference& c : view->conferences()) {
          std::vector<std::string> outcomes;
          for (int o : c.outcomes()) outcomes.push_back(v1::Outcome_Name(o));
          conferences.push_back(
              {Escape(c.conference_id()),
               Escape(v1::ConferenceKind_Name(c.kind())),
               Escape(PersonText(c.chair())),
               c.decided() ? Escape(absl::StrJoin(outcomes, ", "))
                           : "not decided",
               c.decided() ? Link(absl::StrCat("/decision?case_id=", id,
                                               "&conference_id=",
                                               UrlEncode(c.conference_id())),
                                  "decision record")
                           : ""});
        }
        std::vector<std::vector<std::string>> reports;
        for (const v1::CaseView::Report& r : view->reports()) {
          reports.push_back({Escape(r.report_id()), Escape(r.conference_id()),
                             Escape(PersonText(r.author())),
                             absl::StrCat(r.current_version())});
        }
        std::vector<std::vector<std::string>> timeline;
        for (const v1::EventEnvelope& event : view->history()) {
          absl::StatusOr<v1::DomainEvent> unpacked = domain::UnpackEvent(event);
          const google::protobuf::Message* payload =
              unpacked.ok() ? domain::EventPayload(*unpacked) : nullptr;
          timeline.push_back(
              {absl::StrCat(event.stream_version()),
               Escape(TimeText(event.recorded_time())),
               absl::StrCat(Escape(event.event_type()),
                            MarkerNotes(view->markers(), event.position())),
               Escape(event.actor().subject()),
               Escape(payload == nullptr ? "" : payload->ShortDebugString())});
        }
        absl::StrAppend(&body, "<h2>Conferences</h2>",
                        Table({"Conference", "Kind", "Chair", "Outcomes", ""},
                              conferences, "conferences"),
                        "<h2>Reports</h2>",
                        Table({"Report", "Conference", "Author", "Version"},
                              reports, "reports"),
                        "<h2>Plan and Core Group</h2><p>Child's Plan version ",
                        view->plan_version(), "; Core Group: ",
                        Escape(absl::StrJoin(view->core_group(), ", ")), "</p>",
                        MarkersSection(view->markers()), "<h2>Timeline</h2>",
                        Table({"#", "Recorded", "What", "By", "Details"},
                              timeline, "timeline"));
        call.record().returned = absl::StrCat(
            "case record page at version ", view->version(), ", ",
            view->history_size(), " events",
            view->restricted_parts_withheld() ? ", restricted parts withheld"
                                              : "");
        return Page{absl::StrCat("Case ", case_id), std::move(body)};
      });
}

}  // namespace keeper::services::console
