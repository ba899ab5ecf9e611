// keeper tail: follows keeperd's event feed.
#include <iostream>

#include "absl/flags/flag.h"
#include "absl/strings/numbers.h"
#include "keeper/v1/events_service.grpc.pb.h"
#include "tools/client.h"
#include "tools/client_commands.h"

ABSL_FLAG(int64_t, count, 0, "stop after this many events; 0: never");
ABSL_FLAG(std::vector<std::string>, types, {},
          "only these event types (comma-separated)");

namespace keeper::tools {

int RunTail(const Args&) {
  auto channel = ConnectFromFlags();
  if (!channel.ok()) return Fail(channel.status());
  auto stub = v1::EventsService::NewStub(*channel);
  grpc::ClientContext context;
  AddCallMetadata(context);
  v1::SubscribeRequest request;
  uint64_t from = 1;
  if (const std::string text = absl::GetFlag(FLAGS_from);
      !text.empty() && !absl::SimpleAtoi(text, &from)) {
    return Fail(absl::InvalidArgumentError("--from must be a position"));
  }
  request.set_from_position(from);
  for (const std::string& type : absl::GetFlag(FLAGS_types)) {
    request.add_event_types(type);
  }
  auto reader = stub->Subscribe(&context, request);
  const int64_t limit = absl::GetFlag(FLAGS_count);
  int64_t shown = 0;
  v1::EventEnvelope event;
  while ((limit == 0 || shown < limit) && reader->Read(&event)) {
    std::cout << ToJsonLine(event) << std::endl;
    ++shown;
  }
  if (limit != 0 && shown >= limit) {
    context.TryCancel();
    while (reader->Read(&event)) {
    }
    reader->Finish().IgnoreError();
    return 0;
  }
  const grpc::Status status = reader->Finish();
  return status.ok() ? 0 : FailRpc(status);
}

}  // namespace keeper::tools
