// Printing an HTML document to PDF with headless Chromium (Debian's
// `chromium`), for `keeper report --pdf`.
//
// Thread safety: stateless; each call runs its own Chromium in its own
// temporary profile.
#ifndef KEEPER_TOOLS_PRINT_PDF_H_
#define KEEPER_TOOLS_PRINT_PDF_H_

#include <string>

#include "absl/status/status.h"

namespace keeper::tools {

// Writes `html` to a temporary file and prints it to `pdf_path` with
// `chromium` (a path, or a name looked up in PATH). The document is loaded
// from that file only: nothing is fetched. FAILED_PRECONDITION if Chromium
// cannot be started or writes no PDF (its log is quoted); UNAVAILABLE if
// the files cannot be written.
absl::Status PrintToPdf(const std::string& html, const std::string& pdf_path,
                        const std::string& chromium);

}  // namespace keeper::tools

#endif  // KEEPER_TOOLS_PRINT_PDF_H_
