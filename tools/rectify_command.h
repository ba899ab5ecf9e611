// keeper rectify: requests to rectify recorded content and their outcomes,
// through a running keeperd (RectificationService), as the authority's
// data protection officer.
#ifndef KEEPER_TOOLS_RECTIFY_COMMAND_H_
#define KEEPER_TOOLS_RECTIFY_COMMAND_H_

#include "tools/cli.h"

namespace keeper::tools {

// request --case_id C --request_id R (--position P | --report_id X
// [--report_version V] --part N) [--subject P] --requested_by NAME
// --inaccuracy TEXT [--received_on D]: the content is marked disputed.
int RunRectifyRequest(const Args& args);
// correct --case_id C --request_id R (--corrected_version V |
// --correction_position P) [--outcome_reason TEXT]: corrected, by a report
// version made with CorrectReport or by a later event.
int RunRectifyCorrect(const Args& args);
// decline --case_id C --request_id R --outcome_reason TEXT --statement
// TEXT: not corrected; the person's statement is kept beside the content.
int RunRectifyDecline(const Args& args);

}  // namespace keeper::tools

#endif  // KEEPER_TOOLS_RECTIFY_COMMAND_H_
