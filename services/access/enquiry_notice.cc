#include "services/access/enquiry_notice.h"

#include "absl/strings/str_cat.h"

namespace keeper::services {

v1::EnquiryNotice EnquiryNoticeFor(
    const v1::AccessPolicy& policy, const Caller& caller,
    const std::vector<std::string>& authorities) {
  v1::EnquiryNotice notice;
  notice.set_agency(caller.agency);
  notice.set_purpose(caller.purpose);
  for (const std::string& authority : authorities) {
    notice.add_authorities(authority);
  }
  notice.set_notified(true);
  notice.set_rule("default (no enquiry setting for the role)");
  for (const v1::EnquirySetting& setting : policy.enquiry_settings()) {
    if (setting.role() != caller.role) continue;
    notice.set_setting(setting.setting());
    notice.set_notified(setting.notifies());
    notice.set_rule(absl::StrCat("enquirySettings[", setting.role(), "]: ",
                                 setting.notifies() ? "notifies" : "silent"));
    break;
  }
  return notice;
}

}  // namespace keeper::services
