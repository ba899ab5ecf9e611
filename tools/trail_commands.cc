// keeper access-trail | change-trail: who read a child's record and who
// changed it, through a running keeperd, following every page. Each page
// is an audited read of its own.
#include <iostream>

#include "absl/flags/flag.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "keeper/v1/audit_service.grpc.pb.h"
#include "tools/client.h"
#include "tools/client_commands.h"
#include "tools/labels.h"
#include "tools/local_time.h"
#include "tools/read_commands.h"

ABSL_FLAG(std::string, actor, "", "trails: only this caller (certificate CN)");
ABSL_FLAG(std::string, agency, "", "access-trail: only this agency");
ABSL_FLAG(int64_t, limit, 0, "trails: at most this many entries; 0: all");

namespace keeper::tools {
namespace {

// The --from/--to window, in the display zone; false after printing an
// error.
struct Window {
  google::protobuf::Timestamp from, to;
  bool has_from = false, has_to = false;
};

absl::StatusOr<Window> WindowFromFlags(absl::TimeZone zone) {
  Window window;
  if (const std::string text = absl::GetFlag(FLAGS_from); !text.empty()) {
    absl::StatusOr<google::protobuf::Timestamp> from =
        ParseWhen(text, zone, false);
    if (!from.ok()) return from.status();
    window.from = *from;
    window.has_from = true;
  }
  if (const std::string text = absl::GetFlag(FLAGS_to); !text.empty()) {
    absl::StatusOr<google::protobuf::Timestamp> to =
        ParseWhen(text, zone, true);
    if (!to.ok()) return to.status();
    window.to = *to;
    window.has_to = true;
  }
  return window;
}

// Pages through `call` until the last page or --limit; `add` takes each
// entry. Returns a failed call's exit code, or 0.
template <typename Query, typename Page, typename Call, typename Add>
int EveryPage(Query& query, Call call, Add add) {
  const int64_t limit = absl::GetFlag(FLAGS_limit);
  int64_t shown = 0;
  do {
    int page_size = 1000;
    if (limit > 0)
      page_size = static_cast<int>(std::min<int64_t>(limit - shown, 1000));
    query.set_page_size(page_size);
    grpc::ClientContext context;
    AddCallMetadata(context, kReadDeadline);
    Page page;
    const grpc::Status status = call(&context, query, &page);
    if (!status.ok()) return FailRpc(status);
    for (const auto& entry : page.entries()) {
      add(entry);
      ++shown;
    }
    query.set_page_token(page.next_page_token());
  } while (!query.page_token().empty() && (limit == 0 || shown < limit));
  return 0;
}

// The filters both trails take: --case_id, --actor, --from and --to (read
// in `zone`); and --limit checked.
template <typename Query>
absl::Status FillTrailQuery(const absl::TimeZone& zone, Query& query) {
  if (absl::GetFlag(FLAGS_limit) < 0) {
    return absl::InvalidArgumentError("--limit must be >= 0");
  }
  absl::StatusOr<Window> window = WindowFromFlags(zone);
  if (!window.ok()) return window.status();
  query.set_case_id(absl::GetFlag(FLAGS_case_id));
  query.set_actor_subject(absl::GetFlag(FLAGS_actor));
  if (window->has_from) *query.mutable_from_time() = window->from;
  if (window->has_to) *query.mutable_to_time() = window->to;
  return absl::OkStatus();
}

// Pages through the access trail `query` selects, with --agency; `add`
// takes each entry. Returns an exit code: a failed call's, or 0.
template <typename Add>
int EveryAccessTrailEntry(v1::AccessTrailQuery& query, Add add) {
  query.set_agency(absl::GetFlag(FLAGS_agency));
  auto channel = ConnectFromFlags();
  if (!channel.ok()) return Fail(channel.status());
  auto stub = v1::AuditService::NewStub(*channel);
  return EveryPage<v1::AccessTrailQuery, v1::AccessTrailPage>(
      query,
      [&](grpc::ClientContext* c, const v1::AccessTrailQuery& q,
          v1::AccessTrailPage* p) { return stub->QueryAccessTrail(c, q, p); },
      add);
}

}  // namespace

int RunAccessTrail(const Args&) {
  const absl::TimeZone zone =
      ZoneFor(DisplayPolicies(), absl::GetFlag(FLAGS_authority));
  v1::AccessTrailQuery query;
  if (absl::Status filled = FillTrailQuery(zone, query); !filled.ok()) {
    return Fail(filled);
  }
  Table table({{"position", "position"},
               {"recorded_time", "recorded"},
               {"actor", "who"},
               {"agency", "agency"},
               {"role", "role"},
               {"outcome", "outcome"},
               {"action", "did"},
               {"cases", "cases"},
               {"purpose", "purpose"},
               {"detail", "detail"}});
  const int failed =
      EveryAccessTrailEntry(query, [&](const v1::AccessTrailEntry& entry) {
        const v1::AccessRecord& record = entry.record();
        const bool granted = record.outcome() == v1::ACCESS_GRANTED;
        table.AddRow(
            {std::to_string(entry.position()),
             RecordedText(entry.recorded_time(), zone), entry.actor().subject(),
             CodeLabel(entry.actor().agency()), CodeLabel(entry.actor().role()),
             Label(record.outcome()), MethodLabel(record.method()),
             absl::StrJoin(record.case_ids(), " "), entry.purpose(),
             granted ? record.returned() : record.reason()});
      });
  if (failed != 0) return failed;
  return PrintListing(table, "(no reads match)");
}

int RunNotifications(const Args&) {
  const absl::TimeZone zone =
      ZoneFor(DisplayPolicies(), absl::GetFlag(FLAGS_authority));
  v1::AccessTrailQuery query;
  if (absl::Status filled = FillTrailQuery(zone, query); !filled.ok()) {
    return Fail(filled);
  }
  query.set_notifications_only(true);
  Table table({{"position", "position"},
               {"recorded_time", "recorded"},
               {"enquirer", "enquirer"},
               {"agency", "agency"},
               {"setting", "setting"},
               {"purpose", "purpose"},
               {"cases", "cases"},
               {"notified", "notified"},
               {"acknowledged", "acknowledged"}});
  const int failed =
      EveryAccessTrailEntry(query, [&](const v1::AccessTrailEntry& entry) {
        const v1::AccessRecord& record = entry.record();
        std::vector<std::string> seen;
        for (const v1::Acknowledgement& ack : entry.acknowledgements()) {
          seen.push_back(absl::StrCat(
              ack.acknowledgement().authority(), " by ", ack.actor().subject(),
              " after ", ack.acknowledgement().seconds_after_notice(), " s"));
        }
        table.AddRow(
            {std::to_string(entry.position()),
             RecordedText(entry.recorded_time(), zone), entry.actor().subject(),
             CodeLabel(entry.actor().agency()), record.notice().setting(),
             entry.purpose(), absl::StrJoin(record.case_ids(), " "),
             absl::StrJoin(record.notify_authorities(), " "),
             seen.empty() ? "not acknowledged" : absl::StrJoin(seen, "; ")});
      });
  if (failed != 0) return failed;
  return PrintListing(table, "(no notifications match)");
}

int RunChangeTrail(const Args&) {
  const absl::TimeZone zone =
      ZoneFor(DisplayPolicies(), absl::GetFlag(FLAGS_authority));
  v1::ChangeTrailQuery query;
  if (absl::Status filled = FillTrailQuery(zone, query); !filled.ok()) {
    return Fail(filled);
  }
  auto channel = ConnectFromFlags();
  if (!channel.ok()) return Fail(channel.status());
  auto stub = v1::AuditService::NewStub(*channel);
  Table table({{"position", "position"},
               {"recorded_time", "recorded"},
               {"case_id", "case"},
               {"case_version", "version"},
               {"change", "change"},
               {"actor", "by"},
               {"agency", "agency"},
               {"purpose", "purpose"},
               {"event_id", "event"},
               {"causation_id", "because of"}});
  const int failed = EveryPage<v1::ChangeTrailQuery, v1::ChangeTrailPage>(
      query,
      [&](grpc::ClientContext* c, const v1::ChangeTrailQuery& q,
          v1::ChangeTrailPage* p) { return stub->QueryChangeTrail(c, q, p); },
      [&](const v1::ChangeTrailEntry& entry) {
        table.AddRow({std::to_string(entry.position()),
                      RecordedText(entry.recorded_time(), zone),
                      entry.case_id(), std::to_string(entry.case_version()),
                      EventTypeLabel(entry.event_type()),
                      entry.actor().subject(),
                      CodeLabel(entry.actor().agency()), entry.purpose(),
                      entry.event_id(), entry.causation_id()});
      });
  if (failed != 0) return failed;
  return PrintListing(table, "(no changes match)");
}

}  // namespace keeper::tools
