#include "services/access/caller.h"

#include <openssl/pem.h>
#include <openssl/x509.h>

#include <memory>

#include "absl/container/flat_hash_map.h"
#include "absl/synchronization/mutex.h"
#include "grpcpp/security/auth_context.h"

namespace keeper::services {
namespace {

std::string NameEntry(X509_NAME* name, int nid) {
  const int index = X509_NAME_get_index_by_NID(name, nid, -1);
  if (index < 0) return "";
  ASN1_STRING* data =
      X509_NAME_ENTRY_get_data(X509_NAME_get_entry(name, index));
  unsigned char* utf8 = nullptr;
  const int length = ASN1_STRING_to_UTF8(&utf8, data);
  if (length < 0) return "";
  std::string out(reinterpret_cast<char*>(utf8), length);
  OPENSSL_free(utf8);
  return out;
}

std::string Metadata(const grpc::ServerContextBase& context, const char* key) {
  const auto& metadata = context.client_metadata();
  auto it = metadata.find(key);
  return it == metadata.end()
             ? ""
             : std::string(it->second.data(), it->second.size());
}

}  // namespace

v1::Actor Caller::ToActor() const {
  v1::Actor actor;
  actor.set_subject(subject);
  actor.set_agency(agency);
  actor.set_role(role);
  actor.set_on_behalf_of(on_behalf_of);
  return actor;
}

absl::StatusOr<Caller> CallerFromPem(const std::string& pem) {
  std::unique_ptr<BIO, decltype(&BIO_free)> bio(
      BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())), BIO_free);
  std::unique_ptr<X509, decltype(&X509_free)> cert(
      PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr), X509_free);
  if (cert == nullptr) {
    return absl::UnauthenticatedError("the client certificate is unreadable");
  }
  return CallerFromCertificate(cert.get());
}

absl::StatusOr<Caller> CallerFromCertificate(X509* certificate) {
  if (certificate == nullptr) {
    return absl::UnauthenticatedError("a client certificate is required");
  }
  X509_NAME* name = X509_get_subject_name(certificate);
  Caller caller;
  caller.subject = NameEntry(name, NID_commonName);
  caller.agency = NameEntry(name, NID_organizationName);
  caller.role = NameEntry(name, NID_organizationalUnitName);
  caller.authority = NameEntry(name, NID_localityName);
  if (caller.subject.empty() || caller.agency.empty() || caller.role.empty()) {
    return absl::UnauthenticatedError(
        "the client certificate must name CN (who), O (agency) and OU (role)");
  }
  return caller;
}

namespace {

// OpenSSL 3 decodes a PEM certificate in about 0.2 ms of CPU, under locks
// shared by every thread: more than the rest of a call. A client presents
// the same certificate on every call, so each distinct one (verified by TLS
// already; the key is the whole PEM) is parsed once.
class IdentityCache {
 public:
  absl::StatusOr<Caller> Get(const std::string& pem) {
    {
      absl::MutexLock lock(&mu_);
      if (auto it = parsed_.find(pem); it != parsed_.end()) return it->second;
    }
    absl::StatusOr<Caller> caller = CallerFromPem(pem);
    if (!caller.ok()) return caller;
    absl::MutexLock lock(&mu_);
    // Bounded: certificates are few, but memory must not grow with them.
    if (parsed_.size() >= kMaxEntries) parsed_.clear();
    parsed_.emplace(pem, *caller);
    return caller;
  }

 private:
  static constexpr size_t kMaxEntries = 4096;
  absl::Mutex mu_;
  absl::flat_hash_map<std::string, Caller> parsed_ ABSL_GUARDED_BY(mu_);
};

}  // namespace

absl::StatusOr<Caller> CallerFromContext(
    const grpc::ServerContextBase& context) {
  const std::shared_ptr<const grpc::AuthContext> auth = context.auth_context();
  if (auth == nullptr || !auth->IsPeerAuthenticated()) {
    return absl::UnauthenticatedError("a client certificate is required");
  }
  const auto pem = auth->FindPropertyValues("x509_pem_cert");
  if (pem.empty()) {
    return absl::UnauthenticatedError("a client certificate is required");
  }
  static auto* const cache = new IdentityCache;
  absl::StatusOr<Caller> caller =
      cache->Get(std::string(pem.front().data(), pem.front().size()));
  if (!caller.ok()) return caller;
  caller->on_behalf_of = Metadata(context, kOnBehalfOfHeader);
  caller->purpose = Metadata(context, kPurposeHeader);
  return caller;
}

}  // namespace keeper::services
