#include "tools/bench_metrics.h"

#include <limits>
#include <optional>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "httplib.h"

namespace keeper::tools {

namespace {

// The text of GET /metrics at `address`.
absl::StatusOr<std::string> Scrape(const std::string& address) {
  const size_t colon = address.rfind(':');
  int port = 0;
  if (colon == std::string::npos ||
      !absl::SimpleAtoi(address.substr(colon + 1), &port)) {
    return absl::InvalidArgumentError(
        absl::StrCat("metrics address '", address, "' is not HOST:PORT"));
  }
  httplib::Client client(address.substr(0, colon), port);
  client.set_connection_timeout(2);
  const httplib::Result got = client.Get("/metrics");
  if (!got || got->status != 200) {
    return absl::UnavailableError(
        absl::StrCat("no metrics at http://", address, "/metrics"));
  }
  return got->body;
}

}  // namespace

absl::StatusOr<Buckets> ReadHistogram(const std::string& address,
                                      const std::string& name) {
  absl::StatusOr<std::string> body = Scrape(address);
  if (!body.ok()) return body.status();
  // Lines of the text format: NAME_bucket{le="BOUND"} COUNT
  const std::string prefix = name + "_bucket{le=\"";
  Buckets buckets;
  for (absl::string_view line : absl::StrSplit(*body, '\n')) {
    if (!absl::StartsWith(line, prefix)) continue;
    line.remove_prefix(prefix.size());
    const size_t quote = line.find('"');
    const size_t space = line.rfind(' ');
    if (quote == absl::string_view::npos || space == absl::string_view::npos) {
      continue;
    }
    const absl::string_view bound_text = line.substr(0, quote);
    double bound = std::numeric_limits<double>::infinity();
    double count = 0;
    if ((bound_text != "+Inf" && !absl::SimpleAtod(bound_text, &bound)) ||
        !absl::SimpleAtod(line.substr(space + 1), &count)) {
      continue;
    }
    buckets[bound] = count;
  }
  if (buckets.empty()) {
    return absl::NotFoundError(
        absl::StrCat("no histogram ", name, " at http://", address));
  }
  return buckets;
}

absl::StatusOr<std::map<std::string, double>> ReadSamples(
    const std::string& address, const std::string& name) {
  absl::StatusOr<std::string> body = Scrape(address);
  if (!body.ok()) return body.status();
  // Lines of the text format: NAME{LABELS} VALUE, or NAME VALUE
  std::map<std::string, double> samples;
  for (absl::string_view line : absl::StrSplit(*body, '\n')) {
    if (!absl::StartsWith(line, name)) continue;
    const absl::string_view rest = line.substr(name.size());
    const size_t space = rest.rfind(' ');
    double value = 0;
    if (space == absl::string_view::npos ||
        (!rest.empty() && rest[0] != '{' && rest[0] != ' ') ||
        !absl::SimpleAtod(rest.substr(space + 1), &value)) {
      continue;
    }
    samples[std::string(rest.substr(0, space))] = value;
  }
  if (samples.empty()) {
    return absl::NotFoundError(
        absl::StrCat("no samples of ", name, " at http://", address));
  }
  return samples;
}

std::optional<double> QuantileBound(const Buckets& before, const Buckets& after,
                                    double q) {
  auto delta = [&](const std::pair<const double, double>& bucket) {
    auto it = before.find(bucket.first);
    return bucket.second - (it == before.end() ? 0 : it->second);
  };
  if (after.empty()) return std::nullopt;
  const double total = delta(*after.rbegin());
  if (total <= 0) return std::nullopt;
  for (const auto& bucket : after) {
    if (delta(bucket) >= q * total) return bucket.first;
  }
  return after.rbegin()->first;
}

}  // namespace keeper::tools
