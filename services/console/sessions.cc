#include "services/console/sessions.h"

#include <openssl/evp.h>
#include <openssl/rand.h>

#include "absl/strings/escaping.h"

namespace keeper::services::console {

std::string CertificateFingerprint(X509* certificate) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  if (certificate == nullptr ||
      X509_digest(certificate, EVP_sha256(), digest, &length) != 1) {
    return "";
  }
  return absl::BytesToHexString(
      std::string(reinterpret_cast<char*>(digest), length));
}

absl::StatusOr<std::string> Sessions::Start(const std::string& fingerprint,
                                            const std::string& purpose) {
  unsigned char random[32];
  if (RAND_bytes(random, sizeof(random)) != 1) {
    return absl::InternalError("no random session id could be made");
  }
  std::string id = absl::BytesToHexString(
      std::string(reinterpret_cast<char*>(random), sizeof(random)));
  absl::MutexLock lock(&mu_);
  while (order_.size() >= capacity_) {
    sessions_.erase(order_.front());
    order_.pop_front();
  }
  sessions_[id] = {fingerprint, purpose};
  order_.push_back(id);
  return id;
}

std::string Sessions::PurposeOf(const std::string& id,
                                const std::string& fingerprint) const {
  absl::MutexLock lock(&mu_);
  auto it = sessions_.find(id);
  if (it == sessions_.end() || fingerprint.empty() ||
      it->second.fingerprint != fingerprint) {
    return "";
  }
  return it->second.purpose;
}

}  // namespace keeper::services::console
