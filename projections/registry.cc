#include "projections/registry.h"

#include "projections/access_trail.h"
#include "projections/change_trail.h"

namespace keeper::projections {

std::vector<std::unique_ptr<Projection>> AllProjections() {
  std::vector<std::unique_ptr<Projection>> all;
  all.push_back(NewAccessTrailProjection());
  all.push_back(NewChangeTrailProjection());
  return all;
}

}  // namespace keeper::projections
