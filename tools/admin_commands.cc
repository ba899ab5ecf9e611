// keeper stats | verify | export: read-only looks at a store.
#include "tools/admin_commands.h"

#include <unistd.h>

#include <iostream>

#include "absl/flags/flag.h"
#include "common/status_macros.h"
#include "eventstore/chain_verifier.h"
#include "google/protobuf/util/json_util.h"
#include "nlohmann/json.hpp"
#include "tools/cli.h"
#include "tools/progress.h"

namespace keeper::tools {

int RunStats(const Args&) {
  auto store = OpenForReading();
  if (!store.ok()) return Fail(store.status());
  const eventstore::Head head = (*store)->GetHead();
  if (absl::GetFlag(FLAGS_json)) {
    std::cout << nlohmann::json{{"events", head.position},
                                {"head_position", head.position},
                                {"head_hash", Hex(head.hash)}}
                     .dump()
              << "\n";
  } else {
    std::cout << "events:        " << head.position << "\n"
              << "head position: " << head.position << "\n"
              << "head hash:     " << Hex(head.hash) << "\n";
  }
  return 0;
}

int RunVerify(const Args&) {
  auto store = OpenForReading();
  if (!store.ok()) return Fail(store.status());
  const uint64_t total = (*store)->GetHead().position;
  Progress progress("verify", total);
  eventstore::VerifyChainOptions options;
  options.progress = [&](uint64_t checked) { progress.Update(checked); };
  auto report = eventstore::VerifyChain(**store, options);
  progress.Done();
  if (!report.ok()) return Fail(report.status());
  if (absl::GetFlag(FLAGS_json)) {
    nlohmann::json out{{"intact", report->intact()},
                       {"events", report->events},
                       {"head_hash", Hex(report->head_hash)}};
    if (!report->intact()) {
      out["first_bad_position"] = report->first_bad_position;
      out["problem"] = report->problem;
    }
    std::cout << out.dump() << "\n";
  } else if (report->intact()) {
    std::cout << "intact: " << report->events << " events, head hash "
              << Hex(report->head_hash) << "\n";
  } else {
    std::cout << "BROKEN at position " << report->first_bad_position << ": "
              << report->problem << "\n";
  }
  return report->intact() ? 0 : 1;
}

int RunExport(const Args&) {
  auto store = OpenForReading();
  if (!store.ok()) return Fail(store.status());
  google::protobuf::util::JsonPrintOptions options;
  options.preserve_proto_field_names = true;
  std::string line;
  const absl::Status status =
      (*store)->Scan(1, 0, [&](const eventstore::EventEnvelope& event) {
        line.clear();
        auto printed =
            google::protobuf::util::MessageToJsonString(event, &line, options);
        if (!printed.ok()) {
          return absl::DataLossError("cannot print the event at position " +
                                     std::to_string(event.position()) + ": " +
                                     printed.ToString());
        }
        std::cout << line << '\n';
        return absl::OkStatus();
      });
  std::cout.flush();
  if (!status.ok()) return Fail(status);
  return 0;
}

}  // namespace keeper::tools
