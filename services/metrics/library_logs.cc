#include "services/metrics/library_logs.h"

#include "common/log.h"
#include "google/protobuf/stubs/logging.h"
#include "grpc/support/log.h"

namespace keeper::services {
namespace {

void FromGrpc(gpr_log_func_args* args) {
  LogLevel level = LogLevel::kInfo;
  if (args->severity == GPR_LOG_SEVERITY_DEBUG) level = LogLevel::kDebug;
  if (args->severity == GPR_LOG_SEVERITY_ERROR) level = LogLevel::kError;
  Log(level, args->message,
      {{"source", "grpc"}, {"file", args->file}, {"line", args->line}});
}

void FromProtobuf(google::protobuf::LogLevel severity, const char* file,
                  int line, const std::string& message) {
  LogLevel level = LogLevel::kError;
  if (severity == google::protobuf::LOGLEVEL_INFO) level = LogLevel::kInfo;
  if (severity == google::protobuf::LOGLEVEL_WARNING) {
    level = LogLevel::kWarning;
  }
  Log(level, message, {{"source", "protobuf"}, {"file", file}, {"line", line}});
}

}  // namespace

void RouteLibraryLogs() {
  gpr_set_log_function(FromGrpc);
  // gRPC's info lines are per-connection chatter: only --log_level=debug
  // lets them through.
  gpr_set_log_verbosity(GetLogLevel() == LogLevel::kDebug
                            ? GPR_LOG_SEVERITY_DEBUG
                            : GPR_LOG_SEVERITY_ERROR);
  google::protobuf::SetLogHandler(FromProtobuf);
}

}  // namespace keeper::services
