// The console's pages. Each is one audited read (services/access/
// audited_read.h) as its own method, "/keeper.console/<Page>", that the
// access policy classifies and permits like any RPC; each reads the same
// projections as the gRPC services and renders their answer as HTML.
//
// A page function returns the page, or the status the read ended with
// (already recorded: PERMISSION_DENIED for a role or authority the policy
// refuses, INVALID_ARGUMENT naming a bad parameter, NOT_FOUND for no such
// record). Thread-safe: the sources are.
#ifndef KEEPER_SERVICES_CONSOLE_PAGES_H_
#define KEEPER_SERVICES_CONSOLE_PAGES_H_

#include <map>
#include <optional>
#include <string>

#include "absl/functional/function_ref.h"
#include "absl/status/statusor.h"
#include "eventstore/checkpoint_publisher.h"
#include "eventstore/event_store.h"
#include "google/protobuf/timestamp.pb.h"
#include "keeper/v1/types.pb.h"
#include "projections/engine.h"
#include "services/access/access_gate.h"
#include "services/access/audited_read.h"

namespace keeper::services::console {

// What the pages read. All must outlive the pages' calls.
struct Sources {
  const eventstore::EventStore* store = nullptr;
  const projections::ProjectionEngine* engine = nullptr;
  AccessGate* gate = nullptr;
  // Signs the checkpoints a decision record's footer cites.
  eventstore::CheckpointPublisher* publisher = nullptr;
  // Empty for a page viewed in the console. Otherwise the format of the
  // document the page is exported into ("HTML", "PDF"): the read is then
  // recorded as the export, ExportMethod(name), saying so.
  std::string exported_as{};
};

// A page's query parameters, by name.
using Params = std::map<std::string, std::string>;

struct Page {
  std::string title;
  std::string body;               // HTML inside <main>, after the title
  std::string next_page_token{};  // a paged listing's next page, if any
};

// The method name of page `name` (e.g. "Register").
std::string PageMethod(const std::string& name);
// The method name of the export of page `name`
// ("/keeper.v1.ReportService/ExportRegister").
std::string ExportMethod(const std::string& name);

// Runs `render` as the audited read of page `name` (or of its export, if
// `sources.exported_as` is set) about `case_id` (empty: none), once the
// projections have caught up. `query` is what the access record says was
// asked.
absl::StatusOr<Page> ReadPage(
    const Sources& sources, const Caller& caller, const std::string& name,
    const std::string& case_id, const std::string& query,
    absl::FunctionRef<absl::StatusOr<Page>(ReadCall&)> render);

// The parameter `name`, or "" when absent.
std::string Param(const Params& params, const std::string& name);

// Plain text of record fields, for Escape: "2026-03-31", "" when unset.
std::string DateText(const v1::Date& date);
std::string TimeText(const google::protobuf::Timestamp& time);
std::string PersonText(const v1::Person& person);
// A date parameter ("YYYY-MM-DD") as the start of that day, UTC; empty
// gives nullopt; INVALID_ARGUMENT names `name` otherwise.
absl::StatusOr<std::optional<absl::Time>> DateParam(const Params& params,
                                                    const std::string& name);

// The pages. `authority` defaults to the caller's own.
absl::StatusOr<Page> RegisterPage(const Sources&, const Caller&, const Params&);
absl::StatusOr<Page> CaseRecordPage(const Sources&, const Caller&,
                                    const Params&);
absl::StatusOr<Page> AccessTrailPage(const Sources&, const Caller&,
                                     const Params&);
absl::StatusOr<Page> ChangeTrailPage(const Sources&, const Caller&,
                                     const Params&);
absl::StatusOr<Page> DecisionRecordPage(const Sources&, const Caller&,
                                        const Params&);
absl::StatusOr<Page> TimescalesPage(const Sources&, const Caller&,
                                    const Params&);
absl::StatusOr<Page> EnquiriesPage(const Sources&, const Caller&,
                                   const Params&);

}  // namespace keeper::services::console

#endif  // KEEPER_SERVICES_CONSOLE_PAGES_H_
