// The timescales projection's view of one case while an event is applied
// to it: its state, its policy, and opening and closing its timescales.
// Internal to the projection (timescales.cc).
#ifndef KEEPER_PROJECTIONS_TIMESCALES_CASE_H_
#define KEEPER_PROJECTIONS_TIMESCALES_CASE_H_

#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "domain/policy/policy.h"
#include "keeper/v1/eventstore.pb.h"
#include "keeper/v1/timescale_events.pb.h"
#include "keeper/v1/timescales.pb.h"
#include "projections/projection.h"
#include "projections/state_bytes.h"
#include "projections/timescales_keys.h"

namespace keeper::projections {

class CaseFrame {
 public:
  // `event` is the one being applied: timescales it opens or closes name
  // it.
  CaseFrame(StateWriter& state, const domain::PolicyRegistry& policies,
            std::string case_id, const v1::EventEnvelope& event);

  // False when the case was never opened: nothing of it is tracked.
  absl::StatusOr<bool> Load();
  void Save() { state_.Put(CaseStateKey(case_id_), StateBytes(data_)); }

  v1::TimescaleCase& data() { return data_; }

  // Records the policy version an event applied; later counting uses it.
  void Saw(const std::string& policy_version);

  absl::StatusOr<const domain::Policy*> Policy() const;

  // `from` plus the policy's `period`; nullopt when the policy sets none.
  absl::StatusOr<std::optional<absl::CivilDay>> Due(
      absl::CivilDay from, const v1::DuePeriod& period) const;

  absl::StatusOr<std::optional<v1::Timescale>> Find(v1::TimescaleKind kind,
                                                    const std::string& ref);
  absl::StatusOr<std::optional<v1::Timescale>> FindKey(const std::string& key);

  // Opens a timescale (or moves the due day of an open one). Returns its
  // key.
  absl::StatusOr<std::string> Open(v1::TimescaleKind kind,
                                   const std::string& ref, v1::Date starts_on,
                                   v1::Date due_by);

  // Marks an open timescale done on `day`; a closed one stays as it was.
  // `due_by`, when set, is the due day the domain recorded for it.
  absl::Status Done(const std::string& key, const v1::Date& day,
                    const v1::Date& due_by = {});

  // Ends an open timescale without it being done (the child left the
  // register).
  absl::Status End(const std::string& key, const v1::Date& day);

  // Adds a reason to the timescale it explains, open or closed; an approved
  // variation's date becomes the due day it is judged by. A timescale the
  // projection does not keep (its policy sets none) is left alone.
  absl::Status Explain(const v1::TimescaleReasonRecorded& reason);

 private:
  static bool IsClosed(const v1::Timescale& item);

  // Sets the due day the rules give; a varied one still wins.
  static void SetDue(v1::Timescale& item, const v1::Date& due_by);

  // "initial_conference: 15 working days": the rule the due day counts by.
  absl::StatusOr<std::string> RuleOf(v1::TimescaleKind kind,
                                     const std::string& ref) const;

  // Writes the item and its by-due-day index entry, dropping the old index
  // entry if the due day moved.
  void Write(const v1::Timescale& before, const v1::Timescale& after);

  StateWriter& state_;
  const domain::PolicyRegistry& policies_;
  const std::string case_id_;
  v1::TimescaleEventRef event_;
  v1::TimescaleCase data_;
};

}  // namespace keeper::projections

#endif  // KEEPER_PROJECTIONS_TIMESCALES_CASE_H_
