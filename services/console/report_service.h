// ReportService: the console's printable pages (pages.h) exported as
// standalone HTML documents over gRPC, for `keeper report`.
//
// Each call renders the same page the console serves, through the same
// audited read, but as the method ExportMethod(page): the access policy
// decides who may export each page, and the access record says it was an
// export, of what, for which children, with what purpose and for what
// format. A refusal is the page's own (PERMISSION_DENIED with
// ROLE_NOT_PERMITTED or OUTSIDE_AUTHORITY, INVALID_ARGUMENT naming the
// field, NOT_FOUND), recorded as the console records it.
//
// Thread-safe: calls run on the handler pool; the sources are thread-safe.
#ifndef KEEPER_SERVICES_CONSOLE_REPORT_SERVICE_H_
#define KEEPER_SERVICES_CONSOLE_REPORT_SERVICE_H_

#include <string>

#include "absl/status/statusor.h"
#include "keeper/v1/report_service.grpc.pb.h"
#include "services/console/pages.h"
#include "services/grpc/handler_pool.h"
#include "services/grpc/pooled_service.h"

namespace keeper::services::console {

class ReportService final : public PooledService<v1::ReportService> {
 public:
  // The sources and the pool must outlive the service.
  ReportService(const Sources& sources, HandlerPool& pool);

 private:
  using PageFn = absl::StatusOr<Page> (*)(const Sources&, const Caller&,
                                          const Params&);

  absl::StatusOr<v1::ExportedPage> HandleRegister(
      grpc::ServerContextBase& context, const v1::ExportRegisterRequest& r);
  absl::StatusOr<v1::ExportedPage> HandleDecisionRecord(
      grpc::ServerContextBase& context,
      const v1::ExportDecisionRecordRequest& r);
  absl::StatusOr<v1::ExportedPage> HandleAccessTrail(
      grpc::ServerContextBase& context, const v1::ExportTrailRequest& r);
  absl::StatusOr<v1::ExportedPage> HandleChangeTrail(
      grpc::ServerContextBase& context, const v1::ExportTrailRequest& r);
  absl::StatusOr<v1::ExportedPage> HandleTimescales(
      grpc::ServerContextBase& context, const v1::ExportTimescalesRequest& r);

  // Admits the caller to the export of page `name`, then renders it with
  // `params` as a document made for `format`. `valid` is the request's own
  // check, refused (and recorded) once the caller is admitted.
  absl::StatusOr<v1::ExportedPage> Export(
      grpc::ServerContextBase& context,
      const google::protobuf::Message& request, const std::string& name,
      PageFn render, const Params& params, v1::ExportFormat format,
      absl::Status valid = absl::OkStatus());

  const Sources sources_;
};

}  // namespace keeper::services::console

#endif  // KEEPER_SERVICES_CONSOLE_REPORT_SERVICE_H_
