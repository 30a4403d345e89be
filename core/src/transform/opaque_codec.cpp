// Base64url and sealed records (a record plus its checksum) for opaque ids and tokens.
#include "opaque_codec.hpp"

namespace travelctl::core::transform {
namespace {

constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
constexpr size_t kChecksum = 6;

int decode_char(char c) {
  if (c >= 'A' && c <= 'Z') {
    return c - 'A';
  }
  if (c >= 'a' && c <= 'z') {
    return c - 'a' + 26;
  }
  if (c >= '0' && c <= '9') {
    return c - '0' + 52;
  }
  if (c == '-') {
    return 62;
  }
  if (c == '_') {
    return 63;
  }
  return -1;
}

}  // namespace

void base64url_encode(const unsigned char* in, size_t size, char* dst) {
  size_t i = 0;
  for (; i + 3 <= size; i += 3) {
    const uint32_t v = uint32_t{in[i]} << 16 | uint32_t{in[i + 1]} << 8 | in[i + 2];
    *dst++ = kAlphabet[v >> 18];
    *dst++ = kAlphabet[(v >> 12) & 63];
    *dst++ = kAlphabet[(v >> 6) & 63];
    *dst++ = kAlphabet[v & 63];
  }
  if (size - i == 1) {
    const uint32_t v = uint32_t{in[i]} << 16;
    *dst++ = kAlphabet[v >> 18];
    *dst++ = kAlphabet[(v >> 12) & 63];
  } else if (size - i == 2) {
    const uint32_t v = uint32_t{in[i]} << 16 | uint32_t{in[i + 1]} << 8;
    *dst++ = kAlphabet[v >> 18];
    *dst++ = kAlphabet[(v >> 12) & 63];
    *dst++ = kAlphabet[(v >> 6) & 63];
  }
}

bool base64url_decode(std::string_view in, std::string& out) {
  if (in.size() % 4 == 1) {
    return false;
  }
  out.clear();
  out.reserve(in.size() * 3 / 4);
  uint32_t bits = 0;
  int nbits = 0;
  for (char c : in) {
    const int v = decode_char(c);
    if (v < 0) {
      return false;
    }
    bits = (bits << 6) | static_cast<uint32_t>(v);
    nbits += 6;
    if (nbits >= 8) {
      nbits -= 8;
      out.push_back(static_cast<char>((bits >> nbits) & 0xFF));
    }
  }
  return (bits & ((1U << nbits) - 1)) == 0;
}

void append_sealed(std::string& out, std::string_view record) {
  std::string sealed(record);
  const uint64_t check = finish(fnv(kFnvBasis, record));
  for (size_t i = 0; i < kChecksum; ++i) {
    sealed.push_back(static_cast<char>(check >> (8 * (kChecksum - 1 - i))));
  }
  const size_t at = out.size();
  out.resize(at + (sealed.size() * 4 + 2) / 3);
  base64url_encode(reinterpret_cast<const unsigned char*>(sealed.data()), sealed.size(),
                   out.data() + at);
}

bool open_sealed(std::string_view text, std::string& record) {
  if (!base64url_decode(text, record) || record.size() <= kChecksum) {
    return false;
  }
  const size_t size = record.size() - kChecksum;
  const uint64_t check = finish(fnv(kFnvBasis, std::string_view(record).substr(0, size)));
  for (size_t i = 0; i < kChecksum; ++i) {
    if (static_cast<unsigned char>(record[size + i]) !=
        static_cast<unsigned char>(check >> (8 * (kChecksum - 1 - i)))) {
      return false;
    }
  }
  record.resize(size);
  return true;
}

}  // namespace travelctl::core::transform
