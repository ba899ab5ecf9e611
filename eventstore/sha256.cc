#include "eventstore/sha256.h"

#include <openssl/evp.h>

#include <cstdlib>

namespace keeper::eventstore {
namespace {

// Fetched once: an implicit fetch on every call costs more than hashing a
// small event.
const EVP_MD* Sha256Md() {
  static const EVP_MD* md = EVP_MD_fetch(nullptr, "SHA256", nullptr);
  if (md == nullptr) std::abort();  // OpenSSL without SHA-256 is unusable
  return md;
}

}  // namespace

struct Sha256Hasher::Ctx {
  EVP_MD_CTX* ctx;
};

Sha256Hasher::Sha256Hasher() : ctx_(new Ctx{EVP_MD_CTX_new()}) {
  EVP_DigestInit_ex2(ctx_->ctx, Sha256Md(), nullptr);
}

Sha256Hasher::~Sha256Hasher() {
  EVP_MD_CTX_free(ctx_->ctx);
  delete ctx_;
}

void Sha256Hasher::Update(std::string_view data) {
  EVP_DigestUpdate(ctx_->ctx, data.data(), data.size());
}

std::string Sha256Hasher::Finish() {
  std::string out(32, '\0');
  unsigned int len = 0;
  EVP_DigestFinal_ex(ctx_->ctx, reinterpret_cast<unsigned char*>(out.data()),
                     &len);
  EVP_DigestInit_ex2(ctx_->ctx, Sha256Md(), nullptr);
  return out;
}

std::string Sha256(std::string_view data) {
  std::string out(32, '\0');
  unsigned int len = 0;
  EVP_Digest(data.data(), data.size(),
             reinterpret_cast<unsigned char*>(out.data()), &len, Sha256Md(),
             nullptr);
  return out;
}

}  // namespace keeper::eventstore
