#include "services/grpc/register_service.h"

#include <algorithm>
#include <optional>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/status_macros.h"
#include "domain/ids.h"
#include "google/protobuf/util/time_util.h"
#include "projections/register.h"
#include "projections/trail.h"
#include "services/access/audited_read.h"
#include "services/access/enquiry_notice.h"
#include "services/grpc/status_util.h"

namespace keeper::services {
namespace {

constexpr char kCheck[] = "/keeper.v1.RegisterService/CheckRegister";
constexpr char kList[] = "/keeper.v1.RegisterService/ListRegister";

bool ValidDate(const v1::Date& date) {
  return date.year() >= 1900 && date.year() <= 2200 && date.month() >= 1 &&
         date.month() <= 12 && date.day() >= 1 && date.day() <= 31;
}

absl::Status ValidateCheck(const v1::RegisterCheckRequest& request) {
  switch (request.by_case()) {
    case v1::RegisterCheckRequest::kCaseId:
      return domain::CheckId(request.case_id(), "case_id");
    case v1::RegisterCheckRequest::kNameAndBirth:
      if (request.name_and_birth().family_name().empty()) {
        return InvalidField("name_and_birth.family_name",
                            "is required for a check by name");
      }
      if (!ValidDate(request.name_and_birth().date_of_birth())) {
        return InvalidField("name_and_birth.date_of_birth",
                            "must be a valid date");
      }
      return absl::OkStatus();
    default:
      return InvalidField("by", "set case_id or name_and_birth");
  }
}

// Keeps `page_size` entries of `listing` from `offset` (all if 0), and the
// token of the rest.
void PageOf(int32_t page_size, uint64_t offset, v1::RegisterListing& listing) {
  auto* entries = listing.mutable_entries();
  const uint64_t total = entries->size();
  const uint64_t begin = std::min(offset, total);
  const uint64_t end =
      page_size == 0 ? total : std::min(total, begin + page_size);
  entries->DeleteSubrange(static_cast<int>(end), static_cast<int>(total - end));
  entries->DeleteSubrange(0, static_cast<int>(begin));
  if (end < total) {
    listing.set_next_page_token(
        projections::trail::EncodePageToken(listing.as_of_position(), end));
  }
}

// The authority's contact numbers from the policy that applies to it now.
std::optional<v1::AuthorityContact> ContactOf(
    const domain::PolicyRegistry& policies, const std::string& authority) {
  auto policy = policies.ForAuthority(authority, absl::Now());
  if (!policy.ok()) return std::nullopt;
  for (const v1::AuthorityContact& contact :
       (*policy)->proto().authority_contacts()) {
    if (contact.authority() == authority) return contact;
  }
  return std::nullopt;
}

}  // namespace

RegisterService::RegisterService(const eventstore::EventStore& store,
                                 const projections::ProjectionEngine& engine,
                                 AccessGate& gate, HandlerPool& pool,
                                 const domain::PolicyRegistry& policies)
    : PooledService(pool, gate),
      store_(store),
      engine_(engine),
      policies_(policies) {
  Serve("CheckRegister", &RegisterService::HandleCheckRegister);
  Serve("ListRegister", &RegisterService::HandleListRegister);
}

absl::StatusOr<v1::RegisterCheckResult> RegisterService::HandleCheckRegister(
    grpc::ServerContextBase& context, const v1::RegisterCheckRequest& request) {
  return AuditedRead<v1::RegisterCheckResult>(
      gate_, context, kCheck, request,
      [&](ReadCall& call) -> absl::StatusOr<v1::RegisterCheckResult> {
        RETURN_IF_ERROR(ValidateCheck(request));
        RETURN_IF_ERROR(CatchUp(store_, engine_));
        ASSIGN_OR_RETURN(v1::RegisterCheckResult result,
                         projections::CheckRegister(engine_, request));
        ReadRecord& record = call.record();
        if (result.matches_size() > 0) record.case_ids.clear();
        std::vector<std::string> authorities;
        for (v1::RegisterMatch& match : *result.mutable_matches()) {
          record.case_ids.push_back(match.case_id());
          authorities.push_back(match.local_authority());
          if (auto contact = ContactOf(policies_, match.local_authority())) {
            *match.mutable_authority_contact() = *contact;
          }
        }
        if (!authorities.empty()) {
          record.notice =
              EnquiryNoticeFor(gate_.policy(), call.caller(), authorities);
          if (record.notice->notified()) {
            record.notify_authorities = std::move(authorities);
          }
        }
        record.returned =
            absl::StrCat("on register: ", result.on_register() ? "yes" : "no",
                         "; matches: ", result.matches_size());
        return result;
      });
}

absl::StatusOr<v1::RegisterListing> RegisterService::HandleListRegister(
    grpc::ServerContextBase& context, const v1::ListRegisterRequest& request) {
  return AuditedRead<v1::RegisterListing>(
      gate_, context, kList, request,
      [&](ReadCall& call) -> absl::StatusOr<v1::RegisterListing> {
        if (request.local_authority().empty()) {
          return InvalidField("local_authority", "must name an authority");
        }
        if (request.has_as_of_time() && request.as_of_position() != 0) {
          return InvalidField("as_of_time",
                              "give a time or a position, not both");
        }
        if (request.as_of_position() > store_.GetHead().position) {
          return InvalidField("as_of_position", "is beyond the end of the log");
        }
        // Checks span every register; a listing shows one authority's only
        // to that authority.
        RETURN_IF_ERROR(call.ScopeTo(request.local_authority()));
        if (request.page_size() < 0) {
          return InvalidField("page_size", "must not be negative");
        }
        const uint64_t head = store_.GetHead().position;
        std::optional<uint64_t> as_of;
        uint64_t offset = 0;
        if (!request.page_token().empty()) {
          // The token pins the listing: its position, and how many entries
          // earlier pages returned.
          uint64_t pin = 0;
          if (!projections::trail::DecodePageToken(request.page_token(), head,
                                                   &pin, &offset)
                   .ok()) {
            return InvalidField("page_token",
                                "is not a token this service returned");
          }
          as_of = pin;
        }
        if (request.as_of_position() != 0) as_of = request.as_of_position();
        if (request.has_as_of_time()) {
          // Everything recorded at or before the time: up to the event
          // before the first one recorded after it.
          const absl::Time after =
              absl::FromUnixSeconds(request.as_of_time().seconds()) +
              absl::Nanoseconds(request.as_of_time().nanos() + 1);
          ASSIGN_OR_RETURN(auto later, store_.ReadTimeRange(
                                           after, absl::InfiniteFuture(), 1));
          as_of = later.empty() ? head : later.front().position() - 1;
        }
        if (!request.page_token().empty() &&
            (request.as_of_position() != 0 || request.has_as_of_time())) {
          return InvalidField("page_token",
                              "carries the listing's position: give no "
                              "as_of_time or as_of_position with it");
        }
        RETURN_IF_ERROR(CatchUp(store_, engine_));
        ASSIGN_OR_RETURN(v1::RegisterListing listing,
                         projections::ListRegister(
                             engine_, request.local_authority(), as_of));
        PageOf(request.page_size(), offset, listing);
        ReadRecord& record = call.record();
        for (const v1::RegisterEntry& entry : listing.entries()) {
          record.case_ids.push_back(entry.case_id());
        }
        record.returned = absl::StrCat(listing.entries_size(),
                                       " register entries as of position ",
                                       listing.as_of_position());
        return listing;
      });
}

}  // namespace keeper::services
