// Routes gRPC's and protobuf's own log output through common/log.h, so that
// every line keeperd writes to stderr is one JSON object.
#ifndef KEEPER_SERVICES_METRICS_LIBRARY_LOGS_H_
#define KEEPER_SERVICES_METRICS_LIBRARY_LOGS_H_

namespace keeper::services {

// Call once, before gRPC starts. gRPC's verbosity follows the log level.
void RouteLibraryLogs();

}  // namespace keeper::services

#endif  // KEEPER_SERVICES_METRICS_LIBRARY_LOGS_H_
