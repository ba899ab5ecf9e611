// How the console shows disputed accuracy: the markers of
// domain/rectification.h, in the words of MarkerText, escaped.
//
// Pure functions: thread-safe, never fail.
#ifndef KEEPER_SERVICES_CONSOLE_MARKERS_H_
#define KEEPER_SERVICES_CONSOLE_MARKERS_H_

#include <cstdint>
#include <string>

#include "google/protobuf/repeated_ptr_field.h"
#include "keeper/v1/rectification_events.pb.h"

namespace keeper::services::console {

using Markers = google::protobuf::RepeatedPtrField<v1::ContentMarker>;

// The notes for the content of the event at `position`, one
// <p class="marker"> each; "" when none.
std::string MarkerNotes(const Markers& markers, uint64_t position);

// A section listing every marker, under a heading; "" when none.
std::string MarkersSection(const Markers& markers);

}  // namespace keeper::services::console

#endif  // KEEPER_SERVICES_CONSOLE_MARKERS_H_
