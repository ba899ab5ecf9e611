#include "eventstore/internal/ed25519.h"

#include <openssl/evp.h>
#include <openssl/pem.h>

#include "absl/strings/str_cat.h"

namespace keeper::eventstore {
namespace {

using PkeyPtr = std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)>;
using MdCtxPtr = std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)>;
using BioPtr = std::unique_ptr<BIO, decltype(&BIO_free)>;

const unsigned char* Bytes(absl::string_view s) {
  return reinterpret_cast<const unsigned char*>(s.data());
}

absl::StatusOr<std::string> RawPublicKey(EVP_PKEY* key) {
  std::string out(kEd25519PublicKeyBytes, '\0');
  size_t length = out.size();
  if (EVP_PKEY_get_raw_public_key(
          key, reinterpret_cast<unsigned char*>(out.data()), &length) != 1 ||
      length != kEd25519PublicKeyBytes) {
    return absl::InternalError("cannot read the Ed25519 public key");
  }
  return out;
}

}  // namespace

void Ed25519PrivateKey::Free::operator()(void* key) const {
  EVP_PKEY_free(static_cast<EVP_PKEY*>(key));
}

Ed25519PrivateKey::Ed25519PrivateKey(void* key, std::string public_key)
    : key_(key, Free()), public_key_(std::move(public_key)) {}

absl::StatusOr<Ed25519PrivateKey> Ed25519PrivateKey::Generate() {
  EVP_PKEY* key = EVP_PKEY_Q_keygen(nullptr, nullptr, "ED25519");
  if (key == nullptr)
    return absl::InternalError("Ed25519 key generation failed");
  absl::StatusOr<std::string> public_key = RawPublicKey(key);
  if (!public_key.ok()) {
    EVP_PKEY_free(key);
    return public_key.status();
  }
  return Ed25519PrivateKey(key, *std::move(public_key));
}

absl::StatusOr<Ed25519PrivateKey> Ed25519PrivateKey::FromPem(
    absl::string_view pem) {
  BioPtr bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())),
             &BIO_free);
  if (bio == nullptr) return absl::InternalError("out of memory");
  PkeyPtr key(PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr),
              &EVP_PKEY_free);
  if (key == nullptr) {
    return absl::InvalidArgumentError("not a PEM private key");
  }
  if (EVP_PKEY_get_id(key.get()) != EVP_PKEY_ED25519) {
    return absl::InvalidArgumentError("the PEM key is not an Ed25519 key");
  }
  absl::StatusOr<std::string> public_key = RawPublicKey(key.get());
  if (!public_key.ok()) return public_key.status();
  return Ed25519PrivateKey(key.release(), *std::move(public_key));
}

absl::StatusOr<std::string> Ed25519PrivateKey::ToPem() const {
  BioPtr bio(BIO_new(BIO_s_mem()), &BIO_free);
  if (bio == nullptr ||
      PEM_write_bio_PrivateKey(bio.get(), static_cast<EVP_PKEY*>(key_.get()),
                               nullptr, nullptr, 0, nullptr, nullptr) != 1) {
    return absl::InternalError("cannot encode the key as PEM");
  }
  char* data = nullptr;
  const long length = BIO_get_mem_data(bio.get(), &data);
  return std::string(data, static_cast<size_t>(length));
}

absl::StatusOr<std::string> Ed25519PrivateKey::Sign(
    absl::string_view message) const {
  MdCtxPtr ctx(EVP_MD_CTX_new(), &EVP_MD_CTX_free);
  std::string signature(kEd25519SignatureBytes, '\0');
  size_t length = signature.size();
  if (ctx == nullptr ||
      EVP_DigestSignInit(ctx.get(), nullptr, nullptr, nullptr,
                         static_cast<EVP_PKEY*>(key_.get())) != 1 ||
      EVP_DigestSign(ctx.get(),
                     reinterpret_cast<unsigned char*>(signature.data()),
                     &length, Bytes(message), message.size()) != 1 ||
      length != kEd25519SignatureBytes) {
    return absl::InternalError("Ed25519 signing failed");
  }
  return signature;
}

absl::Status VerifyEd25519(absl::string_view public_key,
                           absl::string_view message,
                           absl::string_view signature) {
  if (public_key.size() != kEd25519PublicKeyBytes) {
    return absl::InvalidArgumentError(absl::StrCat(
        "an Ed25519 public key has 32 bytes, not ", public_key.size()));
  }
  if (signature.size() != kEd25519SignatureBytes) {
    return absl::InvalidArgumentError(absl::StrCat(
        "an Ed25519 signature has 64 bytes, not ", signature.size()));
  }
  PkeyPtr key(EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, nullptr,
                                          Bytes(public_key), public_key.size()),
              &EVP_PKEY_free);
  if (key == nullptr) {
    return absl::InvalidArgumentError("not a valid Ed25519 public key");
  }
  MdCtxPtr ctx(EVP_MD_CTX_new(), &EVP_MD_CTX_free);
  if (ctx == nullptr || EVP_DigestVerifyInit(ctx.get(), nullptr, nullptr,
                                             nullptr, key.get()) != 1) {
    return absl::InternalError("cannot set up Ed25519 verification");
  }
  if (EVP_DigestVerify(ctx.get(), Bytes(signature), signature.size(),
                       Bytes(message), message.size()) != 1) {
    return absl::FailedPreconditionError(
        "the Ed25519 signature does not verify");
  }
  return absl::OkStatus();
}

}  // namespace keeper::eventstore
