// Every read model keeperd keeps, in one place, so that the server and
// `keeper rebuild` always agree on the set.
#ifndef KEEPER_PROJECTIONS_REGISTRY_H_
#define KEEPER_PROJECTIONS_REGISTRY_H_

#include <memory>
#include <vector>

#include "projections/projection.h"
#include "domain/policy/policy.h"

namespace keeper::projections {

// `policies` (for counting due dates) must outlive the projections.
std::vector<std::unique_ptr<Projection>> AllProjections(
    const domain::PolicyRegistry& policies);

}  // namespace keeper::projections

#endif  // KEEPER_PROJECTIONS_REGISTRY_H_
