// Refuses client certificates that a certificate revocation list revokes,
// at the TLS handshake.
//
// The CRLs sit in a directory in OpenSSL's hashed layout (<hash>.r0, as
// `openssl rehash` makes). The directory is read afresh at every handshake,
// so a replaced CRL takes effect without a restart. (gRPC's own CRL option
// keeps one OpenSSL store for the server's life, which caches a CRL once
// read and never sees the file replaced; it also refuses without saying
// whose certificate it was.)
//
// Fails closed: with no valid CRL from the CA (missing, expired, badly
// signed) every client certificate is refused.
//
// Thread-safe: Check may be called from any number of handshakes at once.
#ifndef KEEPER_SERVICES_GRPC_REVOCATION_H_
#define KEEPER_SERVICES_GRPC_REVOCATION_H_

#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "grpcpp/security/tls_certificate_verifier.h"

namespace keeper::services {

class RevocationChecker {
 public:
  // `ca_pem` holds the CA certificate(s) the CRLs are issued by. Fails with
  // FAILED_PRECONDITION if `crl_dir` holds no valid CRL from the CA, or the
  // server's own certificate (first in `server_pem`) is revoked, so that a
  // misconfigured keeperd does not start refusing everyone.
  static absl::StatusOr<std::unique_ptr<RevocationChecker>> Create(
      const std::string& crl_dir, const std::string& ca_pem,
      const std::string& server_pem);
  ~RevocationChecker();

  // OK if the first certificate of `cert_pem` is not revoked. Otherwise
  // PERMISSION_DENIED when revoked, UNAUTHENTICATED when unreadable, and
  // FAILED_PRECONDITION when no valid CRL from its issuer can be found.
  absl::Status Check(const std::string& cert_pem) const;

  const std::string& crl_dir() const { return crl_dir_; }

 private:
  struct Cas;
  RevocationChecker(std::string crl_dir, std::unique_ptr<Cas> cas);

  const std::string crl_dir_;
  const std::unique_ptr<Cas> cas_;
};

// A verifier for grpc::experimental::TlsServerCredentialsOptions that runs
// `checker` on each client certificate and logs each refusal (as a warning
// "client certificate refused") with the certificate's subject, serial and
// the reason.
std::shared_ptr<grpc::experimental::CertificateVerifier> RevocationVerifier(
    std::shared_ptr<const RevocationChecker> checker);

}  // namespace keeper::services

#endif  // KEEPER_SERVICES_GRPC_REVOCATION_H_
