// Whether a register enquiry notifies the children's responsible
// authorities, by the enquirer's role, from the access policy's
// enquirySettings (as CP-IS notifies an authority of enquiries from
// unscheduled care, and not of scheduled care's).
//
// Pure functions of their arguments: thread-safe, never fail.
#ifndef KEEPER_SERVICES_ACCESS_ENQUIRY_NOTICE_H_
#define KEEPER_SERVICES_ACCESS_ENQUIRY_NOTICE_H_

#include <string>
#include <vector>

#include "keeper/v1/access.pb.h"
#include "services/access/caller.h"

namespace keeper::services {

// The notice of the caller's enquiry that found children on the registers
// of `authorities`: the caller's agency, setting and purpose, whether the
// policy makes it notify, and which entry decided. A role the policy gives
// no setting notifies, so that a policy gap never hides an enquiry.
v1::EnquiryNotice EnquiryNoticeFor(const v1::AccessPolicy& policy,
                                   const Caller& caller,
                                   const std::vector<std::string>& authorities);

}  // namespace keeper::services

#endif  // KEEPER_SERVICES_ACCESS_ENQUIRY_NOTICE_H_
