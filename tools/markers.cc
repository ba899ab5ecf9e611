#include "tools/markers.h"

#include "absl/strings/str_cat.h"
#include "domain/rectification.h"

namespace keeper::tools {

std::string MarkerTags(const Markers& markers, uint64_t position) {
  std::string tags;
  for (const v1::ContentMarker& marker : domain::MarkersAt(markers, position)) {
    switch (marker.status()) {
      case v1::ContentMarker::STATUS_DISPUTED:
        tags += " [disputed]";
        break;
      case v1::ContentMarker::STATUS_NOT_CORRECTED:
        tags += " [statement]";
        break;
      default:
        tags += " [corrected]";
        break;
    }
  }
  return tags;
}

std::string MarkersText(const Markers& markers) {
  if (markers.empty()) return "";
  std::string text = "Disputed accuracy:\n";
  for (const v1::ContentMarker& marker : markers) {
    absl::StrAppend(&text, "  position ", marker.content().position(), " (",
                    marker.content().event_type(),
                    "): ", domain::MarkerText(marker), "\n");
  }
  return text;
}

}  // namespace keeper::tools
