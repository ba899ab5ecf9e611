#include "projections/case_view.h"

#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "domain/case_view.h"
#include "domain/event_codec.h"
#include "domain/ids.h"
#include "eventstore/keys.h"

namespace keeper::projections {
namespace {

std::string CasePrefix(const std::string& case_id) {
  std::string prefix = "e" + case_id;
  prefix.push_back('\0');
  return prefix;
}

class CaseViewProjection final : public Projection {
 public:
  std::string name() const override { return kCaseView; }

  absl::Status Apply(const v1::EventEnvelope& event,
                     StateWriter& state) override {
    if (!absl::StartsWith(event.stream_id(), domain::kCaseStreamPrefix)) {
      return absl::OkStatus();
    }
    const std::string case_id =
        event.stream_id().substr(sizeof(domain::kCaseStreamPrefix) - 1);
    state.Put(
        CasePrefix(case_id) + eventstore::EncodeU64(event.stream_version()),
        event.SerializeAsString());
    return absl::OkStatus();
  }
};

}  // namespace

std::unique_ptr<Projection> NewCaseViewProjection() {
  return std::make_unique<CaseViewProjection>();
}

absl::StatusOr<domain::CaseState> ReadCaseState(
    const ProjectionEngine& engine, const std::string& case_id,
    std::vector<v1::EventEnvelope>* history) {
  domain::CaseState state;
  // An id no case can have could otherwise match the start of another
  // case's keys (a 0x00 inside it): it names no case, as in the log.
  if (!domain::CheckId(case_id, "case_id").ok()) return state;
  absl::Status failure;
  // One scan is one iterator, hence one snapshot: the events of a write
  // arrive together or not at all.
  RETURN_IF_ERROR(engine.ScanPrefix(
      kCaseView, CasePrefix(case_id),
      [&](const std::string& /*key*/, const std::string& value) {
        v1::EventEnvelope envelope;
        if (!envelope.ParseFromString(value)) {
          failure = absl::DataLossError(
              absl::StrCat(kCaseView, ": a corrupt event of case ", case_id));
          return false;
        }
        absl::StatusOr<v1::DomainEvent> event = domain::UnpackEvent(envelope);
        if (!event.ok()) {
          failure = event.status();
          return false;
        }
        failure = domain::Evolve(
            state, domain::RecordedEvent{envelope.event_id(), *std::move(event),
                                         envelope.position()});
        if (!failure.ok()) return false;
        if (history != nullptr) history->push_back(std::move(envelope));
        return true;
      }));
  RETURN_IF_ERROR(failure);
  return state;
}

absl::StatusOr<v1::CaseView> ReadCaseView(const ProjectionEngine& engine,
                                          const std::string& case_id,
                                          bool withhold_restricted) {
  std::vector<v1::EventEnvelope> history;
  ASSIGN_OR_RETURN(domain::CaseState state,
                   ReadCaseState(engine, case_id, &history));
  if (!state.exists()) {
    return absl::NotFoundError(absl::StrCat("no case '", case_id, "'"));
  }
  return domain::MakeCaseView(state, std::move(history), withhold_restricted);
}

}  // namespace keeper::projections
