#include "projections/register.h"

#include <algorithm>

#include "absl/strings/ascii.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "common/status_macros.h"
#include "eventstore/keys.h"
#include "keeper/v1/case_events.pb.h"
#include "keeper/v1/decision_events.pb.h"
#include "keeper/v1/register_events.pb.h"
#include "projections/state_bytes.h"

namespace keeper::projections {
namespace {

using eventstore::DecodeU64;
using eventstore::EncodeU64;

std::string Join0(std::initializer_list<std::string> parts) {
  std::string out;
  for (const std::string& part : parts) {
    if (!out.empty()) out.push_back('\0');
    out += part;
  }
  return out;
}

std::string EntryKey(const std::string& authority, const std::string& id) {
  return "e" + Join0({authority, id});
}
std::string CaseKey(const std::string& id) { return "k" + id; }
std::string OpenKey(const std::string& id) { return "x" + id; }
std::string IntervalKey(const std::string& authority, uint64_t start,
                        const std::string& id) {
  return "i" + authority + '\0' + EncodeU64(start) + id;
}

std::string Birth(const v1::ChildDetails& child) {
  const v1::Date& date =
      child.unborn() ? child.expected_delivery_date() : child.date_of_birth();
  return absl::StrFormat("%04d%02d%02d", date.year(), date.month(), date.day());
}

// Every name the child can be found by: "given family" and each other name.
std::vector<std::string> Names(const v1::ChildDetails& child) {
  std::vector<std::string> names{
      FoldName(child.given_name() + " " + child.family_name())};
  for (const std::string& other : child.other_names()) {
    names.push_back(FoldName(other));
  }
  return names;
}

std::vector<std::string> NameKeys(const v1::RegisterEntry& entry) {
  std::vector<std::string> keys;
  for (const std::string& name : Names(entry.child())) {
    keys.push_back("n" + Join0({name, Birth(entry.child()), entry.case_id()}));
  }
  return keys;
}

class RegisterProjection final : public Projection {
 public:
  std::string name() const override { return kRegister; }

  absl::Status Apply(const v1::EventEnvelope& event,
                     StateWriter& state) override {
    if (v1::ChildRegistered registered; Unpack(event, &registered)) {
      v1::RegisterEntry entry;
      entry.set_case_id(registered.case_id());
      entry.set_local_authority(registered.local_authority());
      *entry.mutable_child() = registered.child();
      *entry.mutable_areas_of_concern() = registered.areas_of_concern();
      *entry.mutable_registered_on() = registered.registered_on();
      *entry.mutable_next_review_due() = registered.first_review_due();
      *entry.mutable_lead_professional() = registered.lead_professional();
      entry.set_registered_position(event.position());
      return Put(event, state, entry);
    }
    if (v1::TemporaryRegistrationMade made; Unpack(event, &made)) {
      ASSIGN_OR_RETURN(std::optional<v1::ChildDetails> child,
                       KnownChild(state, made.case_id()));
      ASSIGN_OR_RETURN(std::optional<std::string> authority,
                       state.Get("a" + made.case_id()));
      v1::RegisterEntry entry;
      entry.set_case_id(made.case_id());
      entry.set_local_authority(authority.value_or(""));
      if (child.has_value()) *entry.mutable_child() = *child;
      *entry.mutable_areas_of_concern() = made.areas_of_concern();
      *entry.mutable_registered_on() = made.starts_on();
      *entry.mutable_lead_professional() = made.lead_professional();
      entry.set_temporary(true);
      entry.set_registered_position(event.position());
      return Put(event, state, entry);
    }
    if (v1::CaseOpened opened; Unpack(event, &opened)) {
      // Remembered so that a temporary registration knows the child.
      state.Put("c" + opened.case_id(), StateBytes(opened.child()));
      state.Put("a" + opened.case_id(), opened.local_authority());
      return absl::OkStatus();
    }
    if (v1::ChildDetailsAmended amended; Unpack(event, &amended)) {
      state.Put("c" + amended.case_id(), StateBytes(amended.child()));
      return Change(event, state, amended.case_id(),
                    [&](v1::RegisterEntry& entry) {
                      *entry.mutable_child() = amended.child();
                    });
    }
    if (v1::RegistrationAmended amended; Unpack(event, &amended)) {
      return Change(
          event, state, amended.case_id(), [&](v1::RegisterEntry& entry) {
            if (amended.areas_of_concern_size() > 0) {
              *entry.mutable_areas_of_concern() = amended.areas_of_concern();
            }
            if (amended.has_lead_professional()) {
              *entry.mutable_lead_professional() = amended.lead_professional();
            }
          });
    }
    if (v1::DecisionRecorded decision; Unpack(event, &decision)) {
      if (!decision.has_next_review_due()) return absl::OkStatus();
      return Change(
          event, state, decision.case_id(), [&](v1::RegisterEntry& entry) {
            *entry.mutable_next_review_due() = decision.next_review_due();
          });
    }
    if (v1::ChildDeregistered gone; Unpack(event, &gone)) {
      return Remove(event, state, gone.case_id());
    }
    if (v1::TemporaryRegistrationEnded ended; Unpack(event, &ended)) {
      return Remove(event, state, ended.case_id());
    }
    return absl::OkStatus();
  }

 private:
  static absl::StatusOr<std::optional<v1::ChildDetails>> KnownChild(
      StateWriter& state, const std::string& case_id) {
    ASSIGN_OR_RETURN(std::optional<std::string> stored,
                     state.Get("c" + case_id));
    if (!stored.has_value()) return std::nullopt;
    v1::ChildDetails child;
    if (!child.ParseFromString(*stored)) {
      return absl::DataLossError("corrupt child details in the register");
    }
    return child;
  }

  static absl::StatusOr<std::optional<v1::RegisterEntry>> Current(
      StateWriter& state, const std::string& case_id) {
    ASSIGN_OR_RETURN(std::optional<std::string> authority,
                     state.Get(CaseKey(case_id)));
    if (!authority.has_value()) return std::nullopt;
    ASSIGN_OR_RETURN(std::optional<std::string> stored,
                     state.Get(EntryKey(*authority, case_id)));
    v1::RegisterEntry entry;
    if (!stored.has_value() || !entry.ParseFromString(*stored)) {
      return absl::DataLossError("register entry missing for " + case_id);
    }
    return entry;
  }

  // Writes `entry` as the case's current one, replacing any other.
  static absl::Status Put(const v1::EventEnvelope& event, StateWriter& state,
                          const v1::RegisterEntry& entry) {
    RETURN_IF_ERROR(Remove(event, state, entry.case_id()));
    state.Put(EntryKey(entry.local_authority(), entry.case_id()),
              StateBytes(entry));
    state.Put(CaseKey(entry.case_id()), entry.local_authority());
    for (const std::string& key : NameKeys(entry)) state.Put(key, "");
    v1::RegisterInterval interval;
    *interval.mutable_entry() = entry;
    interval.set_start_position(event.position());
    state.Put(
        IntervalKey(entry.local_authority(), event.position(), entry.case_id()),
        StateBytes(interval));
    state.Put(OpenKey(entry.case_id()), EncodeU64(event.position()));
    return absl::OkStatus();
  }

  // Takes the case off the register, closing its interval at this event.
  static absl::Status Remove(const v1::EventEnvelope& event, StateWriter& state,
                             const std::string& case_id) {
    ASSIGN_OR_RETURN(std::optional<v1::RegisterEntry> entry,
                     Current(state, case_id));
    if (!entry.has_value()) return absl::OkStatus();
    state.Delete(EntryKey(entry->local_authority(), case_id));
    state.Delete(CaseKey(case_id));
    for (const std::string& key : NameKeys(*entry)) state.Delete(key);
    ASSIGN_OR_RETURN(std::optional<std::string> open,
                     state.Get(OpenKey(case_id)));
    if (open.has_value()) {
      const std::string key = IntervalKey(
          entry->local_authority(), DecodeU64(*open).value_or(0), case_id);
      ASSIGN_OR_RETURN(std::optional<std::string> stored, state.Get(key));
      v1::RegisterInterval interval;
      if (stored.has_value() && interval.ParseFromString(*stored)) {
        interval.set_end_position(event.position());
        state.Put(key, StateBytes(interval));
      }
      state.Delete(OpenKey(case_id));
    }
    return absl::OkStatus();
  }

  // Applies `change` to the case's current entry, if it is on a register.
  template <typename F>
  static absl::Status Change(const v1::EventEnvelope& event, StateWriter& state,
                             const std::string& case_id, F change) {
    ASSIGN_OR_RETURN(std::optional<v1::RegisterEntry> entry,
                     Current(state, case_id));
    if (!entry.has_value()) return absl::OkStatus();
    change(*entry);
    return Put(event, state, *entry);
  }
};

absl::StatusOr<std::optional<v1::RegisterEntry>> StoredEntry(
    const ProjectionEngine& engine, const std::string& case_id) {
  ASSIGN_OR_RETURN(std::optional<std::string> authority,
                   engine.Get(kRegister, CaseKey(case_id)));
  if (!authority.has_value()) return std::nullopt;
  ASSIGN_OR_RETURN(std::optional<std::string> stored,
                   engine.Get(kRegister, EntryKey(*authority, case_id)));
  v1::RegisterEntry entry;
  if (!stored.has_value() || !entry.ParseFromString(*stored)) {
    return absl::DataLossError("register entry missing for " + case_id);
  }
  return entry;
}

v1::RegisterMatch ToMatch(const v1::RegisterEntry& entry) {
  v1::RegisterMatch match;
  match.set_case_id(entry.case_id());
  match.set_local_authority(entry.local_authority());
  *match.mutable_areas_of_concern() = entry.areas_of_concern();
  match.set_lead_professional_name(entry.lead_professional().name());
  match.set_lead_professional_contact(entry.lead_professional().contact());
  match.set_lead_professional_agency(entry.lead_professional().agency());
  match.set_temporary(entry.temporary());
  return match;
}

}  // namespace

std::string FoldName(const std::string& name) {
  std::vector<std::string> words =
      absl::StrSplit(absl::AsciiStrToLower(name), ' ', absl::SkipWhitespace());
  return absl::StrJoin(words, " ");
}

absl::StatusOr<std::optional<std::string>> CaseAuthority(
    const ProjectionEngine& engine, const std::string& case_id) {
  return engine.Get(kRegister, "a" + case_id);
}

std::unique_ptr<Projection> NewRegisterProjection() {
  return std::make_unique<RegisterProjection>();
}

absl::StatusOr<v1::RegisterCheckResult> CheckRegister(
    const ProjectionEngine& engine, const v1::RegisterCheckRequest& request) {
  std::vector<std::string> case_ids;
  if (request.has_name_and_birth()) {
    const v1::NameAndBirth& who = request.name_and_birth();
    v1::ChildDetails child;
    child.set_given_name(who.given_name());
    child.set_family_name(who.family_name());
    *child.mutable_date_of_birth() = who.date_of_birth();
    const std::string prefix =
        "n" + Join0({FoldName(who.given_name() + " " + who.family_name()),
                     Birth(child), ""});
    RETURN_IF_ERROR(engine.ScanPrefix(
        kRegister, prefix, [&](const std::string& key, const std::string&) {
          case_ids.push_back(key.substr(prefix.size()));
          return true;
        }));
  } else {
    case_ids.push_back(request.case_id());
  }
  v1::RegisterCheckResult result;
  for (const std::string& id : case_ids) {
    ASSIGN_OR_RETURN(std::optional<v1::RegisterEntry> entry,
                     StoredEntry(engine, id));
    if (entry.has_value()) *result.add_matches() = ToMatch(*entry);
  }
  result.set_on_register(result.matches_size() > 0);
  return result;
}

absl::StatusOr<v1::RegisterListing> ListRegister(
    const ProjectionEngine& engine, const std::string& authority,
    std::optional<uint64_t> as_of) {
  v1::RegisterListing listing;
  listing.set_as_of_position(as_of.value_or(engine.applied()));
  if (!as_of.has_value()) {
    absl::Status bad;
    RETURN_IF_ERROR(engine.ScanPrefix(
        kRegister, "e" + authority + '\0',
        [&](const std::string&, const std::string& value) {
          if (!listing.add_entries()->ParseFromString(value)) {
            bad = absl::DataLossError("corrupt register entry");
            return false;
          }
          return true;
        }));
    RETURN_IF_ERROR(bad);
    return listing;
  }
  // Intervals are keyed by start, so the scan stops at the first interval
  // that starts after the position.
  const std::string prefix = "i" + authority + '\0';
  absl::Status bad;
  RETURN_IF_ERROR(engine.ScanPrefix(
      kRegister, prefix, [&](const std::string& key, const std::string& value) {
        const uint64_t start =
            DecodeU64(std::string_view(key).substr(prefix.size(), 8))
                .value_or(0);
        if (start > *as_of) return false;
        v1::RegisterInterval interval;
        if (!interval.ParseFromString(value)) {
          bad = absl::DataLossError("corrupt register interval");
          return false;
        }
        if (interval.end_position() == 0 || interval.end_position() > *as_of) {
          *listing.add_entries() = interval.entry();
        }
        return true;
      }));
  RETURN_IF_ERROR(bad);
  // By case, as the current listing is.
  std::sort(listing.mutable_entries()->begin(),
            listing.mutable_entries()->end(),
            [](const v1::RegisterEntry& a, const v1::RegisterEntry& b) {
              return a.case_id() < b.case_id();
            });
  return listing;
}

}  // namespace keeper::projections
