#include "projections/registry.h"

#include "projections/access_trail.h"
#include "projections/case_view.h"
#include "projections/change_trail.h"
#include "projections/decision_record.h"
#include "projections/register.h"
#include "projections/retention.h"
#include "projections/returns.h"
#include "projections/timescales.h"

namespace keeper::projections {

std::vector<std::unique_ptr<Projection>> AllProjections(
    const domain::PolicyRegistry& policies) {
  std::vector<std::unique_ptr<Projection>> all;
  all.push_back(NewAccessTrailProjection());
  all.push_back(NewCaseViewProjection());
  all.push_back(NewChangeTrailProjection());
  all.push_back(NewDecisionRecordProjection());
  all.push_back(NewRegisterProjection());
  all.push_back(NewRetentionProjection());
  all.push_back(NewReturnsProjection());
  all.push_back(NewTimescalesProjection(policies));
  return all;
}

}  // namespace keeper::projections
