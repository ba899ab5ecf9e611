// How the `keeper` listings show disputed accuracy: a short tag beside the
// disputed event, and the markers' full text (domain::MarkerText) below.
#ifndef KEEPER_TOOLS_MARKERS_H_
#define KEEPER_TOOLS_MARKERS_H_

#include <cstdint>
#include <string>

#include "google/protobuf/repeated_ptr_field.h"
#include "keeper/v1/rectification_events.pb.h"

namespace keeper::tools {

using Markers = google::protobuf::RepeatedPtrField<v1::ContentMarker>;

// " [disputed]", " [statement]" or " [corrected]" for each marker of the
// event at `position`; "" when it has none.
std::string MarkerTags(const Markers& markers, uint64_t position);

// "Disputed accuracy:" and one line per marker, or "" when there are none.
std::string MarkersText(const Markers& markers);

}  // namespace keeper::tools

#endif  // KEEPER_TOOLS_MARKERS_H_
