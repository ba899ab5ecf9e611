// keeper bench soak: runs its own keeperd for --minutes under --rate calls
// a second (half durable OpenCase commands, half audited register checks
// of the cases just opened), and prints keeperd's resident memory (sampled
// from /proc every second: the minute's median and peak) and the p99
// latency every minute. Then it judges the median RSS of the
// --judge_minutes after the warm-up (while caches and memtables fill to
// their budgets) against the median of the last --judge_minutes: flat if
// within 10%. Medians of many samples, because RSS swings by up to a
// memtable budget as memtables fill and are flushed, and briefly higher
// while a backlog of calls is held, so one sample, or a peak, sees a random
// point of those swings rather than a trend.
#include <algorithm>
#include <cmath>
#include <iostream>
#include <map>
#include <optional>

#include "absl/flags/declare.h"
#include "absl/flags/flag.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "common/temp_dir.h"
#include "eventstore/uuid.h"
#include "keeper/v1/case_service.grpc.pb.h"
#include "keeper/v1/register_service.grpc.pb.h"
#include "nlohmann/json.hpp"
#include "tools/bench_client.h"
#include "tools/bench_commands.h"
#include "tools/bench_metrics.h"
#include "tools/keeperd_child.h"

ABSL_DECLARE_FLAG(int, clients);
ABSL_DECLARE_FLAG(std::string, keeperd);
ABSL_FLAG(double, minutes, 30, "bench soak: how long to run");
ABSL_FLAG(int, rate, 300, "bench soak: calls a second");
ABSL_FLAG(double, warmup_minutes, 5,
          "bench soak: minutes of filling caches and memtables before the "
          "RSS is expected to stay flat; longer if the block cache is not "
          "full by then");
ABSL_FLAG(double, judge_minutes, 5,
          "bench soak: minutes whose median RSS is compared, right after "
          "the warm-up and at the end");
ABSL_FLAG(int, budget_mb, 16,
          "bench soak: keeperd's memtable budget and block cache, MiB each: "
          "small enough that both fill within the warm-up, so that growth "
          "after it is not their filling");

namespace keeper::tools {
namespace {

// The median of the samples of minutes [from, from + count).
int64_t MedianOf(const std::vector<std::vector<int64_t>>& minutes, size_t from,
                 size_t count) {
  std::vector<double> samples;
  for (size_t m = from; m < from + count; ++m) {
    samples.insert(samples.end(), minutes[m].begin(), minutes[m].end());
  }
  return static_cast<int64_t>(Percentile(samples, 50));
}

}  // namespace

int RunBenchSoak(const Args&) {
  const double minutes = absl::GetFlag(FLAGS_minutes);
  const int rate = absl::GetFlag(FLAGS_rate);
  const int clients = std::max(absl::GetFlag(FLAGS_clients) / 2, 1);
  if (minutes <= 0 || rate < 1) {
    return Fail(
        absl::InvalidArgumentError("--minutes and --rate must be positive"));
  }
  TempDir dir("keeper-bench-soak");
  const std::string budget = std::to_string(absl::GetFlag(FLAGS_budget_mb));
  auto keeperd = StartOwnKeeperd(
      absl::GetFlag(FLAGS_keeperd), dir.path(),
      {"--memtable_budget_mb=" + budget, "--block_cache_mb=" + budget,
       "--metrics_listen=127.0.0.1:0"});
  if (!keeperd.ok()) return Fail(keeperd.status());
  const std::string pid = std::to_string((*keeperd)->pid());
  auto writers = Connect("social-worker", clients);
  if (!writers.ok()) return Fail(writers.status());
  auto readers = Connect("police-officer", clients);
  if (!readers.ok()) return Fail(readers.status());
  std::vector<std::unique_ptr<v1::CaseService::Stub>> cases;
  std::vector<std::unique_ptr<v1::RegisterService::Stub>> registers;
  for (int c = 0; c < clients; ++c) {
    cases.push_back(v1::CaseService::NewStub((*writers)[c]));
    registers.push_back(v1::RegisterService::NewStub((*readers)[c]));
  }
  const std::string run_id = eventstore::NewUuid().substr(0, 8);
  int64_t sent = 0;  // calls numbered across minutes, for unique case ids
  auto call = [&](int c, int64_t n, Done done) {
    const std::string case_id = absl::StrCat("soak-", run_id, "-", n / 2);
    if (n % 2 == 0) {
      auto* open = new Call<v1::OpenCase, v1::CommandResult>;
      AddMetadata(open->context);
      open->request = OpenCaseCommand(case_id);
      cases[c]->async()->OpenCase(&open->context, &open->request,
                                  &open->response,
                                  [open, done](grpc::Status status) {
                                    delete open;
                                    done(status);
                                  });
      return;
    }
    auto* check = new Call<v1::RegisterCheckRequest, v1::RegisterCheckResult>;
    AddMetadata(check->context);
    check->request.set_case_id(case_id);
    registers[c]->async()->CheckRegister(&check->context, &check->request,
                                         &check->response,
                                         [check, done](grpc::Status status) {
                                           delete check;
                                           done(status);
                                         });
  };
  const bool json = absl::GetFlag(FLAGS_json);
  if (!json) {
    std::cout << "bench soak: keeperd (pid " << pid << ") for " << minutes
              << " min at " << rate << " calls/s over " << clients << " + "
              << clients << " connections, memtables and block cache " << budget
              << " MiB each\n"
              << absl::StrFormat("start: RSS %.1f MB\n", RssKbOf(pid) / 1024.0)
              << std::flush;
  }
  nlohmann::json per_minute = nlohmann::json::array();
  std::vector<std::vector<int64_t>> rss_kb;  // each minute's samples
  RssSampler sampler(pid, absl::Seconds(1));
  std::string metrics;  // keeperd's metrics address, once it has logged it
  // The number of minutes after which the block cache was first 90% full.
  std::optional<size_t> cache_full;
  const absl::Duration total = absl::Minutes(minutes);
  for (absl::Duration done = absl::ZeroDuration(); done < total;) {
    const absl::Duration length = std::min(absl::Minutes(1), total - done);
    const Outcome outcome =
        FixedRate(rate, clients, length, [&](int c, int64_t n, Done finish) {
          call(c, sent + n, std::move(finish));
        });
    sent += outcome.run.operations + outcome.errors;
    done += length;
    rss_kb.push_back(sampler.TakeSamples());
    const int64_t median = MedianOf(rss_kb, rss_kb.size() - 1, 1);
    const int64_t peak =
        *std::max_element(rss_kb.back().begin(), rss_kb.back().end());
    const double at = absl::ToDoubleMinutes(done);
    // keeperd's own account of its RocksDB memory (0 if unread).
    if (metrics.empty()) metrics = (*keeperd)->metrics_address();
    const std::map<std::string, double> rocksdb =
        ReadSamples(metrics, "keeper_rocksdb_memory_bytes")
            .value_or(std::map<std::string, double>{});
    auto memory = [&](const std::string& kind) {
      auto it = rocksdb.find("{kind=\"" + kind + "\"}");
      return it == rocksdb.end() ? 0.0 : it->second;
    };
    const double cache = memory("block_cache");
    const double capacity = memory("block_cache_capacity");
    const double memtables = memory("memtables");
    if (!cache_full && capacity > 0 && cache >= 0.9 * capacity) {
      cache_full = rss_kb.size();
    }
    per_minute.push_back({{"minute", at},
                          {"rss_median_kb", median},
                          {"rss_peak_kb", peak},
                          {"block_cache_bytes", cache},
                          {"memtable_bytes", memtables},
                          {"p99_us", outcome.run.p99_us},
                          {"calls", outcome.run.operations},
                          {"errors", outcome.errors}});
    if (!json) {
      std::cout << absl::StrFormat(
                       "minute %5.1f: RSS %7.1f MB (peak %7.1f; block cache "
                       "%4.1f, memtables %4.1f), p99 %7.2f ms, %d calls, "
                       "%d failed",
                       at, median / 1024.0, peak / 1024.0, cache / 1048576,
                       memtables / 1048576, outcome.run.p99_us / 1000,
                       outcome.run.operations, outcome.errors)
                << (outcome.errors > 0 ? " (first: " + outcome.first_error + ")"
                                       : "")
                << "\n"
                << std::flush;
    }
  }
  // Minutes [warm-up, warm-up + judge) against the last `judge` minutes;
  // judged only when the two do not overlap. The warm-up lasts until the
  // block cache is full, for RSS grows with it until then.
  const size_t warmup = std::max<size_t>(
      std::ceil(absl::GetFlag(FLAGS_warmup_minutes)), cache_full.value_or(0));
  const size_t judge =
      std::max<size_t>(1, std::ceil(absl::GetFlag(FLAGS_judge_minutes)));
  const bool judged = warmup + 2 * judge <= rss_kb.size();
  const int64_t start = judged ? MedianOf(rss_kb, warmup, judge) : 0;
  const int64_t end =
      judged ? MedianOf(rss_kb, rss_kb.size() - judge, judge) : 0;
  const double growth = start > 0 ? (end - start) * 100.0 / start : 0;
  const bool flat = judged && std::abs(growth) <= 10;
  if (json) {
    std::cout << nlohmann::json{{"minutes", minutes},
                                {"rate", rate},
                                {"per_minute", per_minute},
                                {"warmup_minutes", warmup},
                                {"block_cache_full_after_minutes",
                                 cache_full ? nlohmann::json(*cache_full)
                                            : nlohmann::json()},
                                {"judge_minutes", judge},
                                {"judged", judged},
                                {"rss_start_median_kb", start},
                                {"rss_end_median_kb", end},
                                {"rss_growth_percent", growth},
                                {"flat", flat}}
                     .dump()
              << "\n";
  } else if (!judged) {
    std::cout << absl::StrFormat(
        "too short to judge RSS: run at least %d minutes (the warm-up and "
        "twice --judge_minutes)\n",
        static_cast<int>(warmup + 2 * judge));
  } else {
    std::cout << (cache_full ? absl::StrFormat(
                                   "the block cache was full after minute %d\n",
                                   static_cast<int>(*cache_full))
                             : "the block cache never filled\n")
              << absl::StrFormat(
                     "median RSS in minutes %d to %d (after the warm-up) %.1f "
                     "MB, in the "
                     "last %d minutes %.1f MB: %+.1f%%, %s\n",
                     static_cast<int>(warmup + 1),
                     static_cast<int>(warmup + judge), start / 1024.0,
                     static_cast<int>(judge), end / 1024.0, growth,
                     flat ? "flat (within 10%)" : "NOT flat (more than 10%)");
  }
  return (*keeperd)->Stop().ok() ? 0 : 1;
}

}  // namespace keeper::tools
