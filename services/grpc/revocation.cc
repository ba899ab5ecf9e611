#include "services/grpc/revocation.h"

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>

#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/log.h"

namespace keeper::services {
namespace {

using X509Ptr = std::unique_ptr<X509, decltype(&X509_free)>;

// Every certificate in `pem`, in order.
std::vector<X509Ptr> ReadCertificates(const std::string& pem) {
  std::unique_ptr<BIO, decltype(&BIO_free)> bio(
      BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())), BIO_free);
  std::vector<X509Ptr> certs;
  while (X509* cert = PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr)) {
    certs.emplace_back(cert, X509_free);
  }
  ERR_clear_error();  // the end of the PEM text reads as an error
  return certs;
}

std::string Subject(X509* cert) {
  std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new(BIO_s_mem()), BIO_free);
  X509_NAME_print_ex(bio.get(), X509_get_subject_name(cert), 0,
                     XN_FLAG_RFC2253);
  char* data = nullptr;
  const long length = BIO_get_mem_data(bio.get(), &data);
  return std::string(data, length);
}

// Hexadecimal, as `openssl x509 -serial` prints it.
std::string Serial(X509* cert) {
  std::unique_ptr<BIGNUM, decltype(&BN_free)> number(
      ASN1_INTEGER_to_BN(X509_get0_serialNumber(cert), nullptr), BN_free);
  if (number == nullptr) return "";
  char* hex = BN_bn2hex(number.get());
  std::string out(hex);
  OPENSSL_free(hex);
  return out;
}

bool IsCrlError(int error) {
  switch (error) {
    case X509_V_ERR_UNABLE_TO_GET_CRL:
    case X509_V_ERR_UNABLE_TO_GET_CRL_ISSUER:
    case X509_V_ERR_UNABLE_TO_DECRYPT_CRL_SIGNATURE:
    case X509_V_ERR_CRL_SIGNATURE_FAILURE:
    case X509_V_ERR_CRL_NOT_YET_VALID:
    case X509_V_ERR_CRL_HAS_EXPIRED:
    case X509_V_ERR_ERROR_IN_CRL_LAST_UPDATE_FIELD:
    case X509_V_ERR_ERROR_IN_CRL_NEXT_UPDATE_FIELD:
    case X509_V_ERR_KEYUSAGE_NO_CRL_SIGN:
    case X509_V_ERR_DIFFERENT_CRL_SCOPE:
    case X509_V_ERR_CRL_PATH_VALIDATION_ERROR:
      return true;
    default:
      return false;
  }
}

class Verifier : public grpc::experimental::ExternalCertificateVerifier {
 public:
  explicit Verifier(std::shared_ptr<const RevocationChecker> checker)
      : checker_(std::move(checker)) {}

  bool Verify(grpc::experimental::TlsCustomVerificationCheckRequest* request,
              std::function<void(grpc::Status)> /*callback*/,
              grpc::Status* sync_status) override {
    const std::string pem(request->peer_cert().data(),
                          request->peer_cert().size());
    const absl::Status checked = checker_->Check(pem);
    if (checked.ok()) {
      *sync_status = grpc::Status::OK;
      return true;
    }
    nlohmann::json fields = {{"code", absl::StatusCodeToString(checked.code())},
                             {"reason", checked.message()}};
    if (std::vector<X509Ptr> certs = ReadCertificates(pem); !certs.empty()) {
      fields["subject"] = Subject(certs.front().get());
      fields["serial"] = Serial(certs.front().get());
    }
    LogWarning("client certificate refused", std::move(fields));
    *sync_status = grpc::Status(grpc::StatusCode::UNAUTHENTICATED,
                                std::string(checked.message()));
    return true;
  }

  void Cancel(grpc::experimental::TlsCustomVerificationCheckRequest*) override {
  }

 private:
  const std::shared_ptr<const RevocationChecker> checker_;
};

}  // namespace

struct RevocationChecker::Cas {
  std::vector<X509Ptr> certs;
};

RevocationChecker::RevocationChecker(std::string crl_dir,
                                     std::unique_ptr<Cas> cas)
    : crl_dir_(std::move(crl_dir)), cas_(std::move(cas)) {}

RevocationChecker::~RevocationChecker() = default;

absl::StatusOr<std::unique_ptr<RevocationChecker>> RevocationChecker::Create(
    const std::string& crl_dir, const std::string& ca_pem,
    const std::string& server_pem) {
  auto cas = std::make_unique<Cas>();
  cas->certs = ReadCertificates(ca_pem);
  if (cas->certs.empty()) {
    return absl::InvalidArgumentError("the CA certificate is unreadable");
  }
  std::unique_ptr<RevocationChecker> checker(
      new RevocationChecker(crl_dir, std::move(cas)));
  if (absl::Status own = checker->Check(server_pem); !own.ok()) {
    return absl::FailedPreconditionError(
        absl::StrCat("checking the server's own certificate against the CRLs "
                     "in ",
                     crl_dir, ": ", own.message()));
  }
  return checker;
}

absl::Status RevocationChecker::Check(const std::string& cert_pem) const {
  std::vector<X509Ptr> certs = ReadCertificates(cert_pem);
  if (certs.empty()) {
    return absl::UnauthenticatedError("the certificate is unreadable");
  }
  // A fresh store each time: OpenSSL's hashed-directory lookup caches every
  // CRL it reads in its store, so a long-lived one would miss a replacement.
  std::unique_ptr<X509_STORE, decltype(&X509_STORE_free)> store(
      X509_STORE_new(), X509_STORE_free);
  std::unique_ptr<X509_STORE_CTX, decltype(&X509_STORE_CTX_free)> context(
      X509_STORE_CTX_new(), X509_STORE_CTX_free);
  if (store == nullptr || context == nullptr) {
    return absl::ResourceExhaustedError("no memory to check revocation");
  }
  for (const X509Ptr& ca : cas_->certs)
    X509_STORE_add_cert(store.get(), ca.get());
  X509_LOOKUP* lookup =
      X509_STORE_add_lookup(store.get(), X509_LOOKUP_hash_dir());
  if (lookup == nullptr ||
      X509_LOOKUP_add_dir(lookup, crl_dir_.c_str(), X509_FILETYPE_PEM) != 1) {
    ERR_clear_error();
    return absl::FailedPreconditionError(
        absl::StrCat("cannot read the CRL directory ", crl_dir_));
  }
  X509_STORE_set_flags(store.get(), X509_V_FLAG_CRL_CHECK);
  if (X509_STORE_CTX_init(context.get(), store.get(), certs.front().get(),
                          nullptr) != 1) {
    ERR_clear_error();
    return absl::InternalError("cannot start checking the certificate");
  }
  const int verified = X509_verify_cert(context.get());
  const int error = X509_STORE_CTX_get_error(context.get());
  ERR_clear_error();
  if (verified == 1) return absl::OkStatus();
  const std::string why = X509_verify_cert_error_string(error);
  if (error == X509_V_ERR_CERT_REVOKED) {
    return absl::PermissionDeniedError(why);
  }
  if (IsCrlError(error)) {
    return absl::FailedPreconditionError(
        absl::StrCat(why, " (CRL directory ", crl_dir_, ")"));
  }
  return absl::UnauthenticatedError(why);
}

std::shared_ptr<grpc::experimental::CertificateVerifier> RevocationVerifier(
    std::shared_ptr<const RevocationChecker> checker) {
  return grpc::experimental::ExternalCertificateVerifier::Create<Verifier>(
      std::move(checker));
}

}  // namespace keeper::services
