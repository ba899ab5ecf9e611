// Who is calling: the identity in the client certificate, and the person and
// purpose from the call metadata.
#ifndef KEEPER_SERVICES_ACCESS_CALLER_H_
#define KEEPER_SERVICES_ACCESS_CALLER_H_

#include <openssl/x509.h>

#include <string>

#include "absl/status/statusor.h"
#include "grpcpp/server_context.h"
#include "keeper/v1/eventstore.pb.h"

namespace keeper::services {

// Metadata keys a client sends with every call.
inline constexpr char kOnBehalfOfHeader[] = "x-keeper-on-behalf-of";
inline constexpr char kPurposeHeader[] = "x-keeper-purpose";

struct Caller {
  std::string subject;    // certificate CN
  std::string agency;     // certificate O
  std::string role;       // certificate OU
  std::string authority;  // certificate L
  std::string on_behalf_of;
  std::string purpose;

  v1::Actor ToActor() const;
};

// Reads the verified peer certificate of the call. UNAUTHENTICATED if there
// is none or it lacks CN, O or OU.
absl::StatusOr<Caller> CallerFromContext(
    const grpc::ServerContextBase& context);

// Parses a PEM certificate's subject; exposed for tests.
absl::StatusOr<Caller> CallerFromPem(const std::string& pem);

// The same for a certificate TLS has verified (the console's peer); the
// certificate stays the caller's. UNAUTHENTICATED if it is null.
absl::StatusOr<Caller> CallerFromCertificate(X509* certificate);

}  // namespace keeper::services

#endif  // KEEPER_SERVICES_ACCESS_CALLER_H_
