// keeperd's web console: the pages of pages.h served over HTTPS with
// client certificates from the same CA as the gRPC API.
//
// A browser without a certificate from the CA is refused during the TLS
// handshake. The caller is the certificate's subject, as for gRPC
// (services/access/caller.h). Before the first page a caller gives the
// purpose of their reads; it is kept for the session (a cookie that only
// works with the same certificate) and recorded with every page view.
//
// Thread safety: Start and Shutdown from one thread; pages are served on
// the server's own threads.
#ifndef KEEPER_SERVICES_CONSOLE_CONSOLE_SERVER_H_
#define KEEPER_SERVICES_CONSOLE_CONSOLE_SERVER_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "services/console/pages.h"

namespace keeper::services::console {

struct ConsoleOptions {
  // host:port; port 0 picks a free one.
  std::string listen_address = "127.0.0.1:8443";
  // Holds ca.pem (clients' certificates must chain to it), server.pem and
  // server.key.
  std::string tls_dir;
};

// The method names of every page, for the policy check at start-up.
std::vector<std::string> ConsoleMethods();

class ConsoleServer {
 public:
  // Listens and serves until Shutdown. FAILED_PRECONDITION if the address
  // cannot be bound, INVALID_ARGUMENT for a malformed address or unusable
  // TLS files. The sources must outlive the server.
  static absl::StatusOr<std::unique_ptr<ConsoleServer>> Start(
      const ConsoleOptions& options, const Sources& sources);
  ~ConsoleServer();

  int port() const { return port_; }
  // Stops accepting, finishes pages in flight, and returns.
  void Shutdown();

 private:
  struct Impl;
  explicit ConsoleServer(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
  int port_ = 0;
};

}  // namespace keeper::services::console

#endif  // KEEPER_SERVICES_CONSOLE_CONSOLE_SERVER_H_
