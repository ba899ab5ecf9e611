#include "eventstore/sha256.h"

#include <openssl/evp.h>

#include <cstdlib>
#include <memory>

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

void Sha256(std::string_view data, std::span<char, kSha256Bytes> out) {
  // One context per thread: allocating one per digest costs more than
  // hashing a Merkle node.
  thread_local std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(
      EVP_MD_CTX_new(), &EVP_MD_CTX_free);
  unsigned int len = 0;
  EVP_DigestInit_ex2(ctx.get(), Sha256Md(), nullptr);
  EVP_DigestUpdate(ctx.get(), data.data(), data.size());
  EVP_DigestFinal_ex(ctx.get(), reinterpret_cast<unsigned char*>(out.data()),
                     &len);
}

std::string Sha256(std::string_view data) {
  std::string out(kSha256Bytes, '\0');
  Sha256(data, std::span<char, kSha256Bytes>(out.data(), kSha256Bytes));
  return out;
}

}  // namespace keeper::eventstore
