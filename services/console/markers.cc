#include "services/console/markers.h"

#include "absl/strings/str_cat.h"
#include "domain/rectification.h"
#include "services/console/html.h"

namespace keeper::services::console {
namespace {

std::string Note(const v1::ContentMarker& marker) {
  const char* status =
      marker.status() == v1::ContentMarker::STATUS_DISPUTED ? "disputed"
      : marker.status() == v1::ContentMarker::STATUS_NOT_CORRECTED
          ? "statement"
          : "corrected";
  return absl::StrCat("<p class=\"marker ", status, "\">",
                      Escape(domain::MarkerText(marker)), "</p>");
}

}  // namespace

std::string MarkerNotes(const Markers& markers, uint64_t position) {
  std::string out;
  for (const v1::ContentMarker& marker : domain::MarkersAt(markers, position)) {
    out += Note(marker);
  }
  return out;
}

std::string MarkersSection(const Markers& markers) {
  if (markers.empty()) return "";
  std::string out = "<h2>Disputed accuracy</h2><div id=\"markers\">";
  for (const v1::ContentMarker& marker : markers) {
    absl::StrAppend(&out, "<p>Position ", marker.content().position(), " (",
                    Escape(marker.content().event_type()), "): </p>",
                    Note(marker));
  }
  return out + "</div>";
}

}  // namespace keeper::services::console
