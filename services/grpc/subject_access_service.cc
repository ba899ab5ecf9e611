#include "services/grpc/subject_access_service.h"

#include <algorithm>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/status_macros.h"
#include "domain/ids.h"
#include "domain/subject_access.h"
#include "eventstore/uuid.h"
#include "services/access/audited_read.h"
#include "services/grpc/proof_service.h"
#include "services/grpc/status_util.h"

namespace keeper::services {
namespace {

constexpr char kProduce[] =
    "/keeper.v1.SubjectAccessService/ProduceDisclosureBundle";

}  // namespace

SubjectAccessService::SubjectAccessService(
    domain::CaseCommands& commands, const eventstore::EventStore& store,
    eventstore::CheckpointPublisher& publisher, AccessGate& gate,
    HandlerPool& pool)
    : PooledService(pool, gate),
      commands_(commands),
      store_(store),
      publisher_(publisher) {
  Serve("ProduceDisclosureBundle",
        &SubjectAccessService::HandleProduceDisclosureBundle);
}

absl::Status SubjectAccessService::ReadWhole(
    const std::string& stream_id, std::vector<v1::EventEnvelope>& out) const {
  eventstore::ReadStreamOptions options;
  options.stream_id = stream_id;
  options.from_version = 1;
  while (true) {
    ASSIGN_OR_RETURN(std::vector<v1::EventEnvelope> page,
                     store_.ReadStream(options));
    if (page.empty()) return absl::OkStatus();
    options.from_version = page.back().stream_version() + 1;
    const bool last = page.size() < options.max_count;
    for (v1::EventEnvelope& event : page) out.push_back(std::move(event));
    if (last) return absl::OkStatus();
  }
}

absl::StatusOr<v1::DisclosureBundle>
SubjectAccessService::HandleProduceDisclosureBundle(
    grpc::ServerContextBase& context,
    const v1::ProduceDisclosureBundleRequest& request) {
  return AuditedRead<v1::DisclosureBundle>(
      gate_, context, kProduce, request,
      [&](ReadCall& call) -> absl::StatusOr<v1::DisclosureBundle> {
        if (request.case_id().empty()) {
          return InvalidField("case_id", "must name the case");
        }
        RETURN_IF_ERROR(domain::CheckId(request.case_id(), "case_id"));
        if (request.request_id().empty()) {
          return InvalidField("request_id", "must name the request");
        }
        if (request.released_to().name().empty()) {
          return InvalidField("released_to.name",
                              "say to whom the bundle is released");
        }
        std::vector<v1::EventEnvelope> events;
        ASSIGN_OR_RETURN(domain::CaseState state,
                         commands_.LoadCase(request.case_id(), &events));
        if (!state.exists()) {
          return AnsweredWith(absl::NotFoundError(
              absl::StrCat("no case '", request.case_id(), "'")));
        }
        RETURN_IF_ERROR(call.ScopeTo(state.local_authority));
        if (!state.child.child_id().empty()) {
          RETURN_IF_ERROR(
              ReadWhole(domain::RegisterStreamId(state.local_authority,
                                                 state.child.child_id()),
                        events));
        }
        RETURN_IF_ERROR(ReadWhole("access-" + request.case_id(), events));
        std::sort(events.begin(), events.end(),
                  [](const v1::EventEnvelope& a, const v1::EventEnvelope& b) {
                    return a.position() < b.position();
                  });
        absl::StatusOr<domain::Disclosure> disclosure =
            domain::SelectDisclosure(state, request.request_id(), events);
        if (absl::IsNotFound(disclosure.status())) {
          return AnsweredWith(disclosure.status());
        }
        RETURN_IF_ERROR(disclosure.status());

        ASSIGN_OR_RETURN(
            eventstore::StoredCheckpoint checkpoint,
            CheckpointCovering(publisher_,
                               events.empty() ? 0 : events.back().position()));
        v1::DisclosureBundle bundle;
        bundle.set_case_id(state.case_id);
        bundle.set_request_id(request.request_id());
        bundle.set_subject_participant_id(
            state.subject_access_requests.at(request.request_id())
                .subject_participant_id());
        bundle.set_subject_name(disclosure->subject_name);
        bundle.mutable_checkpoint()->set_tree_size(checkpoint.tree_size);
        bundle.mutable_checkpoint()->set_note(checkpoint.note);
        v1::RecordDisclosure record;
        record.set_case_id(state.case_id);
        record.set_idempotency_key(eventstore::NewUuid());
        record.set_request_id(request.request_id());
        *record.mutable_released_to() = request.released_to();
        record.set_tree_size(checkpoint.tree_size);
        for (domain::ReleasedEvent& released : disclosure->released) {
          v1::DisclosedEvent& item = *bundle.add_events();
          RETURN_IF_ERROR(ProveInclusion(store_, publisher_, released.event,
                                         checkpoint.tree_size,
                                         item.mutable_proof()));
          item.set_complete(released.complete);
          record.add_included_positions(released.event.position());
          *item.mutable_event() = std::move(released.event);
        }
        for (v1::ContentMarker& marker : disclosure->markers) {
          *bundle.add_markers() = std::move(marker);
        }
        for (const v1::WithheldItem& withheld : disclosure->withheld) {
          *bundle.add_withheld() = withheld;
          *record.add_withheld() = withheld;
        }

        v1::Command command;
        *command.mutable_record_disclosure() = std::move(record);
        domain::CallContext as_caller;
        as_caller.actor = call.caller().ToActor();
        as_caller.purpose = call.caller().purpose;
        as_caller.now = absl::Now();
        ASSIGN_OR_RETURN(v1::CommandResult result,
                         commands_.Execute(command, as_caller));
        if (!result.events().empty()) {
          bundle.set_disclosure_position(result.events(0).position());
        }
        call.record().returned =
            absl::StrCat("disclosure bundle for request ", request.request_id(),
                         ": ", bundle.events_size(), " events, ",
                         bundle.withheld_size(), " items withheld");
        return bundle;
      });
}

}  // namespace keeper::services
