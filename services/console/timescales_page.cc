// The timescale dashboard: per authority and period, the share of each
// measure met in time, month by month, as server-drawn SVG, and the late
// and overdue items with their recorded reasons.
#include <set>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/time/clock.h"
#include "common/status_macros.h"
#include "domain/policy/dates.h"
#include "projections/timescales.h"
#include "services/console/html.h"
#include "services/console/pages.h"
#include "services/grpc/status_util.h"

namespace keeper::services::console {
namespace {

// A measure's name for readers: "INITIAL_CONFERENCE" -> "initial conference".
std::string KindText(v1::TimescaleKind kind) {
  std::string name = v1::TimescaleKind_Name(kind);
  constexpr std::string_view kPrefix = "TIMESCALE_KIND_";
  if (name.rfind(kPrefix, 0) == 0) name = name.substr(kPrefix.size());
  for (char& c : name) c = c == '_' ? ' ' : absl::ascii_tolower(c);
  return name;
}

// "2026-03".
std::string MonthText(const v1::Date& day) {
  return absl::StrFormat("%04d-%02d", day.year(), day.month());
}

// One bar per month: its height the share met; a month with nothing
// counted is drawn as a hollow baseline.
std::string Chart(v1::TimescaleKind kind,
                  const std::vector<v1::TimescaleSummary>& months) {
  constexpr int kBar = 28, kGap = 6, kHeight = 100, kTop = 20, kBottom = 30;
  const int width = static_cast<int>(months.size()) * (kBar + kGap) + 40;
  std::string svg = absl::StrFormat(
      "<figure><svg class=\"chart\" role=\"img\" width=\"%d\" height=\"%d\" "
      "viewBox=\"0 0 %d %d\" xmlns=\"http://www.w3.org/2000/svg\" "
      "data-kind=\"%s\"><title>%s: share met in time by month</title>"
      "<line x1=\"30\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#333\"/>"
      "<text x=\"0\" y=\"%d\" font-size=\"10\">100%%</text>"
      "<text x=\"0\" y=\"%d\" font-size=\"10\">0%%</text>",
      width, kTop + kHeight + kBottom, width, kTop + kHeight + kBottom,
      Escape(KindText(kind)), Escape(KindText(kind)), kTop + kHeight, width,
      kTop + kHeight, kTop + 4, kTop + kHeight);
  for (size_t i = 0; i < months.size(); ++i) {
    const int x = 34 + static_cast<int>(i) * (kBar + kGap);
    const v1::TimescaleTally* tally = nullptr;
    for (const v1::TimescaleTally& t : months[i].tallies()) {
      if (t.kind() == kind) tally = &t;
    }
    const int counted = tally == nullptr
                            ? 0
                            : tally->met() + tally->missed() + tally->overdue();
    const std::string label = MonthText(months[i].first_day());
    if (counted == 0) {
      absl::StrAppendFormat(&svg,
                            "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"2\" "
                            "fill=\"none\" stroke=\"#999\"><title>%s: none "
                            "counted</title></rect>",
                            x, kTop + kHeight - 2, kBar, label);
    } else {
      const double share = tally->share_met();
      const int h = static_cast<int>(share * kHeight + 0.5);
      absl::StrAppendFormat(
          &svg,
          "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"#2a6\">"
          "<title>%s: %d of %d met (%.0f%%)</title></rect>",
          x, kTop + kHeight - h, kBar, h, label, tally->met(), counted,
          share * 100);
    }
    absl::StrAppendFormat(&svg,
                          "<text x=\"%d\" y=\"%d\" font-size=\"9\">%s</text>",
                          x, kTop + kHeight + 14, label.substr(5));
  }
  absl::StrAppend(&svg, "</svg><figcaption>", Escape(KindText(kind)),
                  "</figcaption></figure>");
  return svg;
}

std::string Reasons(const v1::Timescale& item) {
  std::vector<std::string> reasons;
  for (const v1::TimescaleReason& r : item.reasons()) {
    reasons.push_back(absl::StrCat(r.reason(), " (", r.given_by().name(),
                                   r.approved_variation() ? ", variation" : "",
                                   ")"));
  }
  return absl::StrJoin(reasons, "; ");
}

}  // namespace

absl::StatusOr<Page> TimescalesPage(const Sources& sources,
                                    const Caller& caller,
                                    const Params& params) {
  std::string authority = Param(params, "authority");
  if (authority.empty()) authority = caller.authority;
  std::string period_text = Param(params, "period");
  const absl::Time now = absl::Now();
  if (period_text.empty()) {
    period_text = absl::FormatTime("%Y", now, absl::UTCTimeZone());
  }
  return ReadPage(
      sources, caller, "Timescales", "",
      absl::StrCat("timescales of ", authority, " in ", period_text),
      [&](ReadCall& call) -> absl::StatusOr<Page> {
        if (authority.empty()) {
          return InvalidField("authority", "must name an authority");
        }
        absl::StatusOr<projections::Period> period =
            projections::ParsePeriod(period_text);
        if (!period.ok()) {
          return InvalidField("period", std::string(period.status().message()));
        }
        RETURN_IF_ERROR(call.ScopeTo(authority));
        ASSIGN_OR_RETURN(const int page_size, PageSizeParam(params));
        absl::StatusOr<projections::TimescaleDashboard> dashboard =
            projections::QueryTimescaleDashboard(
                *sources.engine,
                {.authority = authority,
                 .period = *period,
                 .now = now,
                 .late_page_size = page_size,
                 .late_page_token = Param(params, "page_token")});
        // The other fields are checked above: a bad token is the rest.
        if (absl::IsInvalidArgument(dashboard.status())) {
          return InvalidField("page_token",
                              std::string(dashboard.status().message()));
        }
        RETURN_IF_ERROR(dashboard.status());
        std::set<v1::TimescaleKind> kinds;
        for (const v1::TimescaleSummary& month : dashboard->months) {
          for (const v1::TimescaleTally& tally : month.tallies()) {
            kinds.insert(tally.kind());
          }
        }
        std::string charts;
        for (v1::TimescaleKind kind : kinds) {
          charts += Chart(kind, dashboard->months);
        }
        std::vector<std::vector<std::string>> late;
        for (const v1::Timescale& item : dashboard->late) {
          call.record().case_ids.push_back(item.case_id());
          late.push_back(
              {Link(absl::StrCat("/case?case_id=", UrlEncode(item.case_id())),
                    item.case_id()),
               Escape(KindText(item.kind())), Escape(DateText(item.due_by())),
               Escape(DateText(item.done_on())),
               item.status() == v1::TIMESCALE_STATUS_MISSED ? "late"
                                                            : "overdue",
               Escape(Reasons(item))});
        }
        std::string paging = absl::StrFormat(
            "<p class=\"paging\" id=\"late-count\">%d late or overdue in "
            "all; %d on this page.",
            dashboard->late_total, late.size());
        if (!dashboard->next_late_page_token.empty()) {
          absl::StrAppend(
              &paging, " ",
              Link(absl::StrCat("/timescales?authority=", UrlEncode(authority),
                                "&period=", UrlEncode(period_text),
                                "&page_size=", page_size, "&page_token=",
                                dashboard->next_late_page_token),
                   "Next page"));
        }
        paging += "</p>";
        call.record().returned =
            absl::StrCat("timescales page: ", dashboard->months.size(),
                         " months, ", kinds.size(), " measures, ", late.size(),
                         " of ", dashboard->late_total, " late or overdue");
        Page page;
        page.title =
            absl::StrCat("Timescales of ", authority, ", ", period_text);
        page.body = absl::StrCat(
            "<form class=\"filters\" method=\"get\" action=\"/timescales\">"
            "<label>Authority <input name=\"authority\" value=\"",
            Escape(authority),
            "\"></label> <label>Period <input name=\"period\" value=\"",
            Escape(period_text),
            "\" placeholder=\"2026, 2026-Q1 or 2026-03\"></label> "
            "<button>Show</button></form><h2>Share met in time</h2>",
            charts.empty() ? "<p>No timescales were due in this period.</p>"
                           : charts,
            "<h2>Late and overdue</h2>",
            Table({"Case", "Measure", "Due", "Done", "Status", "Reasons"}, late,
                  "late"),
            paging);
        return page;
      });
}

}  // namespace keeper::services::console
