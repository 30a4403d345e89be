// KeyIndex: SHA-256 digests in a hash map; equality through CRYPTO_memcmp.
#include "travelctl/core/proxy/auth.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/sha.h>

#include <cstring>
#include <memory>

namespace travelctl::core::proxy {

KeyIndex::Digest KeyIndex::digest(std::string_view key) {
  // SHA256() looks the algorithm up on every call (allocations, and a lock shared by all threads):
  // fetched once, with one context per thread, a lookup costs only the hash.
  static EVP_MD* const md = EVP_MD_fetch(nullptr, "SHA256", nullptr);
  thread_local const std::unique_ptr<EVP_MD_CTX, void (*)(EVP_MD_CTX*)> ctx(EVP_MD_CTX_new(),
                                                                            &EVP_MD_CTX_free);
  Digest d;
  unsigned int size = 0;
  if (md == nullptr || ctx == nullptr || EVP_DigestInit_ex2(ctx.get(), md, nullptr) != 1 ||
      EVP_DigestUpdate(ctx.get(), key.data(), key.size()) != 1 ||
      EVP_DigestFinal_ex(ctx.get(), d.data(), &size) != 1 || size != d.size()) {
    SHA256(reinterpret_cast<const unsigned char*>(key.data()), key.size(), d.data());
  }
  return d;
}

std::size_t KeyIndex::DigestHash::operator()(const Digest& d) const {
  std::size_t h;
  std::memcpy(&h, d.data(), sizeof h);  // a digest's bytes are already uniformly spread
  return h;
}

bool KeyIndex::DigestEqual::operator()(const Digest& a, const Digest& b) const {
  return CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

bool KeyIndex::add(std::string_view key, std::size_t client) {
  return map_.emplace(digest(key), client).second;
}

std::optional<std::size_t> KeyIndex::find(std::string_view key) const {
  if (key.empty()) {
    return std::nullopt;
  }
  auto it = map_.find(digest(key));
  if (it == map_.end()) {
    return std::nullopt;
  }
  return it->second;
}

}  // namespace travelctl::core::proxy
