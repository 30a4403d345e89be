// API-key authentication: keys are looked up by their SHA-256, so lookups leak nothing about keys.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>
#include <unordered_map>

namespace travelctl::core::proxy {

/// Maps API keys to client indices. Only digests are kept, never the keys themselves; the digest
/// of the presented key is compared with CRYPTO_memcmp (constant time).
class KeyIndex {
 public:
  using Digest = std::array<uint8_t, 32>;

  /// False when the key is already present (the configuration forbids duplicates).
  bool add(std::string_view key, std::size_t client);
  /// The client of `key`; nullopt for an empty or unknown key.
  std::optional<std::size_t> find(std::string_view key) const;
  std::size_t size() const { return map_.size(); }

  static Digest digest(std::string_view key);

 private:
  struct DigestHash {
    std::size_t operator()(const Digest& d) const;
  };
  struct DigestEqual {
    bool operator()(const Digest& a, const Digest& b) const;
  };
  std::unordered_map<Digest, std::size_t, DigestHash, DigestEqual> map_;
};

}  // namespace travelctl::core::proxy
