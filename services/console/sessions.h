// The purposes callers gave, per browser session: a random session id (the
// cookie) bound to the certificate it was given with, so a copied cookie
// is no use with another certificate.
//
// Thread-safe. Bounded: when full, the oldest sessions are forgotten and
// their callers are asked for the purpose again.
#ifndef KEEPER_SERVICES_CONSOLE_SESSIONS_H_
#define KEEPER_SERVICES_CONSOLE_SESSIONS_H_

#include <openssl/x509.h>

#include <deque>
#include <string>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"

namespace keeper::services::console {

// The SHA-256 of the certificate's DER encoding, as hex.
std::string CertificateFingerprint(X509* certificate);

class Sessions {
 public:
  explicit Sessions(size_t capacity = 10000) : capacity_(capacity) {}

  // Starts a session for `fingerprint` with `purpose`; returns its id.
  // INTERNAL if no random id can be made.
  absl::StatusOr<std::string> Start(const std::string& fingerprint,
                                    const std::string& purpose);
  // The purpose of session `id` if it was started with `fingerprint`;
  // "" otherwise.
  std::string PurposeOf(const std::string& id,
                        const std::string& fingerprint) const;

 private:
  struct Session {
    std::string fingerprint;
    std::string purpose;
  };
  const size_t capacity_;
  mutable absl::Mutex mu_;
  absl::flat_hash_map<std::string, Session> sessions_ ABSL_GUARDED_BY(mu_);
  std::deque<std::string> order_ ABSL_GUARDED_BY(mu_);  // oldest first
};

}  // namespace keeper::services::console

#endif  // KEEPER_SERVICES_CONSOLE_SESSIONS_H_
