// keeper bench console: the server-side time of the console's heaviest
// pages, each a whole audited page view (admission, read, render, and the
// durable access record), against the projection read it renders, timed
// in the same run.
#include <iostream>
#include <thread>

#include "absl/flags/flag.h"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "common/data_dir.h"
#include "common/temp_dir.h"
#include "domain/policy/policy.h"
#include "eventstore/event_store.h"
#include "projections/access_trail.h"
#include "projections/engine.h"
#include "projections/register.h"
#include "projections/registry.h"
#include "projections/timescales.h"
#include "services/access/access_gate.h"
#include "services/console/pages.h"
#include "tools/bench_commands.h"
#include "tools/bench_util.h"
#include "tools/demo_command.h"

ABSL_FLAG(int, console_children, 4200,
          "bench console: children in the generated histories, all of one "
          "authority; about half end on its register");
ABSL_FLAG(int, console_register, 2000,
          "bench console: children the register page must show at least");
ABSL_FLAG(int, console_trail, 10000,
          "bench console: access records of the child whose trail is paged");
ABSL_FLAG(int, console_renders, 100, "bench console: renders of each page");

namespace keeper::tools {
namespace {

using services::console::Page;
using services::console::Params;

// Every generated story is in this authority, so that its register and
// dashboard are as full as the histories make them.
constexpr char kAuthority[] = "fife";

// Times `renders` calls of `call`, which returns a status.
template <typename Call>
absl::StatusOr<Run> Time(int renders, Call call) {
  std::vector<std::vector<double>> latencies(1);
  const absl::Time start = absl::Now();
  for (int i = 0; i < renders; ++i) {
    const absl::Time t = absl::Now();
    absl::Status status = call();
    latencies[0].push_back(absl::ToDoubleMicroseconds(absl::Now() - t));
    if (!status.ok()) return status;
  }
  return Summarize(latencies, absl::Now() - start);
}

// `records` access records of `case_id`, written as the gate writes a
// page view's, from several threads so that they share disk syncs.
absl::Status FillTrail(services::AccessGate& gate,
                       const services::Caller& caller,
                       const std::string& case_id, int records) {
  constexpr int kThreads = 16;
  std::vector<std::thread> threads;
  std::vector<absl::Status> results(kThreads);
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      services::ReadRecord record;
      record.case_ids = {case_id};
      record.returned = "bench";
      for (int i = t; i < records && results[t].ok(); i += kThreads) {
        results[t] =
            gate.RecordRead(caller, "/keeper.console/CaseRecord", record);
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  for (const absl::Status& s : results) {
    if (!s.ok()) return s;
  }
  return absl::OkStatus();
}

void Print(const std::string& what, const Run& page, const Run& read) {
  std::cout << "  " << page.Line(what) << "\n"
            << absl::StrFormat(
                   "    projection read alone p99 %.2f ms; page/read %.1fx; "
                   "aim p99 <= 100 ms: %s\n",
                   read.p99_us / 1000, page.p99_us / read.p99_us,
                   page.p99_us <= 100000 ? "met" : "NOT met");
}

}  // namespace

int RunBenchConsole(const Args&) {
  const int children = absl::GetFlag(FLAGS_console_children);
  const int trail = absl::GetFlag(FLAGS_console_trail);
  const int renders = absl::GetFlag(FLAGS_console_renders);
  const int register_size = absl::GetFlag(FLAGS_console_register);
  if (children < 1 || trail < 0 || renders < 1) {
    return Fail(absl::InvalidArgumentError(
        "--console_children and --console_renders must be at least 1"));
  }
  auto policies =
      domain::PolicyRegistry::LoadDirectory(domain::DefaultPolicyDirectory());
  if (!policies.ok()) return Fail(policies.status());
  TempDir dir("keeper-bench-console");
  std::cout << "bench console: writing " << children
            << " children's histories\n"
            << std::flush;
  auto demo = WriteDemo(dir.path(), children, 1, *policies, kAuthority);
  if (!demo.ok()) return Fail(demo.status());
  auto policy = services::LoadAccessPolicy(services::DefaultAccessPolicyPath());
  if (!policy.ok()) return Fail(policy.status());
  eventstore::EventStore::Options options;
  options.data_dir = EventsDir(dir.path());
  auto store = eventstore::EventStore::Open(options);
  if (!store.ok()) return Fail(store.status());
  auto engine = projections::ProjectionEngine::Open(
      {.dir = ProjectionsDir(dir.path())}, **store,
      projections::AllProjections(*policies));
  if (!engine.ok()) return Fail(engine.status());
  if (absl::Status started = (*engine)->Start(); !started.ok()) {
    return Fail(started);
  }
  services::AccessGate gate(*std::move(policy), **store);

  const std::string case_id = "demo-00000";
  auto authority = projections::CaseAuthority(**engine, case_id);
  if (!authority.ok()) return Fail(authority.status());
  if (!authority->has_value()) {
    return Fail(absl::NotFoundError("the demo wrote no " + case_id));
  }
  services::Caller manager;
  manager.subject = "bench.manager";
  manager.agency = "social_work";
  manager.role = "team_manager";
  manager.authority = **authority;
  manager.purpose = "bench";
  if (absl::Status filled = FillTrail(gate, manager, case_id, trail);
      !filled.ok()) {
    return Fail(filled);
  }
  if (absl::Status caught =
          (*engine)->WaitFor((*store)->GetHead().position, absl::Minutes(5));
      !caught.ok()) {
    return Fail(caught);
  }
  services::console::Sources sources{
      .store = store->get(), .engine = engine->get(), .gate = &gate};
  auto listing = projections::ListRegister(**engine, **authority, std::nullopt);
  if (!listing.ok()) return Fail(listing.status());
  if (listing->entries_size() < register_size) {
    return Fail(absl::FailedPreconditionError(absl::StrFormat(
        "the histories put %d children on %s's register, not %d: raise "
        "--console_children",
        listing->entries_size(), **authority, register_size)));
  }
  // The dashboard of the year the histories were registered in: a full one.
  const std::string year =
      listing->entries().empty()
          ? absl::FormatTime("%Y", absl::Now(), absl::UTCTimeZone())
          : absl::StrCat(listing->entries(0).registered_on().year());
  auto period = projections::ParsePeriod(year);
  if (!period.ok()) return Fail(period.status());

  auto page = [&](auto render, Params params) {
    return Time(renders,
                [&] { return render(sources, manager, params).status(); });
  };
  v1::AccessTrailQuery trail_query;
  trail_query.set_case_id(case_id);
  auto register_page =
      page(&services::console::RegisterPage, {{"authority", **authority}});
  auto register_read = Time(renders, [&] {
    return projections::ListRegister(**engine, **authority, std::nullopt)
        .status();
  });
  auto trail_page = page(&services::console::AccessTrailPage,
                         {{"case_id", case_id}, {"page_size", "100"}});
  auto trail_read = Time(renders, [&] {
    return projections::QueryAccessTrail(**engine, trail_query).status();
  });
  auto dashboard = page(&services::console::TimescalesPage,
                        {{"authority", **authority}, {"period", year}});
  auto dashboard_read = Time(renders, [&] {
    return projections::SummariseTimescales(**engine, **authority, *period,
                                            absl::Now())
        .status();
  });
  for (const auto* run : {&register_page, &register_read, &trail_page,
                          &trail_read, &dashboard, &dashboard_read}) {
    if (!run->ok()) return Fail(run->status());
  }
  std::cout << absl::StrFormat(
      "bench console: %d children's histories in %s, a trail of %d "
      "records, %d renders each; each page view is a synced audited read\n",
      children, **authority, trail, renders);
  Print(absl::StrCat("register page, ", listing->entries_size(),
                     " children on one authority"),
        *register_page, *register_read);
  Print(absl::StrCat("access trail page, 100 of ", trail, " entries"),
        *trail_page, *trail_read);
  Print(absl::StrCat("timescales dashboard for the year ", year), *dashboard,
        *dashboard_read);
  return 0;
}

}  // namespace keeper::tools
