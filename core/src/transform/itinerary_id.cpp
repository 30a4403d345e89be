// Itinerary ids: base64url (no padding) of a versioned binary record with a 48-bit checksum, so
// that any id this build did not make (edited, truncated, pasted wrong) is rejected on decode.
#include "travelctl/core/transform/itinerary_id.hpp"

#include <cstdint>
#include <cstring>

#include "travelctl/core/transform/search.hpp"
#include "travelctl/core/transform/time.hpp"

namespace travelctl::core::transform {
namespace {

// Record: version(1) pax(1) year(2, big-endian) month(1) day(1) trip id(n) checksum(6).
constexpr unsigned char kVersion = 1;
constexpr size_t kHeader = 6;
constexpr size_t kChecksum = 6;

constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

// FNV-1a (64-bit) over the record, then a murmur3 finaliser: a well-mixed short checksum. It
// detects accidents, not forgery; an id only names a trip the client could search for anyway.
constexpr uint64_t kFnvBasis = 0xcbf29ce484222325ULL ^ 0x7472766c63746c31ULL;  // ^ "trvlctl1"

uint64_t fnv(uint64_t h, std::string_view s) {
  for (char c : s) {
    h = (h ^ static_cast<unsigned char>(c)) * 0x100000001b3ULL;
  }
  return h;
}

uint64_t finish(uint64_t h) {
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccdULL;
  h ^= h >> 33;
  h *= 0xc4ceb9fe1a85ec53ULL;
  h ^= h >> 33;
  return h;
}

// Base64url without padding of `in` into `dst`, which has room for (size * 4 + 2) / 3 bytes.
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

// Strict base64url: no padding, no other characters, and the unused low bits of the last
// character must be zero (so every id has exactly one spelling).
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

void append_two_digits(std::string& out, int v) {
  out.push_back(static_cast<char>('0' + v / 10));
  out.push_back(static_cast<char>('0' + v % 10));
}

}  // namespace

ItineraryIdEncoder::ItineraryIdEncoder(std::string_view date, int pax) {
  const auto d = parse_date(date).value_or(CivilDate{});
  const unsigned char header[kHeader] = {kVersion,
                                         static_cast<unsigned char>(pax),
                                         static_cast<unsigned char>(d.year >> 8),
                                         static_cast<unsigned char>(d.year & 0xFF),
                                         static_cast<unsigned char>(d.month),
                                         static_cast<unsigned char>(d.day)};
  std::memcpy(header_, header, kHeader);
  header_sum_ = fnv(kFnvBasis, {reinterpret_cast<const char*>(header_), kHeader});
}

void ItineraryIdEncoder::append(std::string& out, std::string_view trip_id) const {
  // The record is assembled in a stack buffer for usual ids, on the heap for huge ones.
  const size_t size = kHeader + trip_id.size() + kChecksum;
  unsigned char stack[256];
  std::string heap;
  unsigned char* record = stack;
  if (size > sizeof stack) {
    heap.resize(size);
    record = reinterpret_cast<unsigned char*>(heap.data());
  }
  std::memcpy(record, header_, kHeader);
  std::memcpy(record + kHeader, trip_id.data(), trip_id.size());
  const uint64_t check = finish(fnv(header_sum_, trip_id));
  for (size_t i = 0; i < kChecksum; ++i) {
    record[kHeader + trip_id.size() + i] =
        static_cast<unsigned char>(check >> (8 * (kChecksum - 1 - i)));
  }
  const size_t at = out.size();
  out.resize(at + (size * 4 + 2) / 3);
  base64url_encode(record, size, out.data() + at);
}

void append_itinerary_id(std::string& out, std::string_view trip_id, std::string_view date,
                         int pax) {
  ItineraryIdEncoder(date, pax).append(out, trip_id);
}

std::string encode_itinerary_id(const ItineraryRef& ref) {
  std::string out;
  append_itinerary_id(out, ref.trip_id, ref.date, ref.pax);
  return out;
}

Expected<ItineraryRef, std::string> decode_itinerary_id(std::string_view id) {
  std::string record;
  if (!base64url_decode(id, record)) {
    return unexpected(std::string("itinerary id is not base64url"));
  }
  if (record.size() < kHeader + kChecksum + 1) {
    return unexpected(std::string("itinerary id is too short"));
  }
  const auto byte = [&](size_t i) { return static_cast<unsigned char>(record[i]); };
  const uint64_t expected =
      finish(fnv(kFnvBasis, std::string_view(record).substr(0, record.size() - kChecksum)));
  for (size_t i = 0; i < kChecksum; ++i) {
    if (byte(record.size() - kChecksum + i) !=
        static_cast<unsigned char>(expected >> (8 * (kChecksum - 1 - i)))) {
      return unexpected(std::string("itinerary id checksum does not match"));
    }
  }
  const int year = byte(2) << 8 | byte(3);
  if (byte(0) != kVersion || byte(1) < 1 || byte(1) > 9 ||
      !is_calendar_date(year, byte(4), byte(5))) {
    return unexpected(std::string("itinerary id carries invalid fields"));
  }
  ItineraryRef ref;
  ref.pax = byte(1);
  ref.trip_id = record.substr(kHeader, record.size() - kHeader - kChecksum);
  ref.date.reserve(10);
  ref.date += std::to_string(year + 10000).substr(1);
  ref.date.push_back('-');
  append_two_digits(ref.date, byte(4));
  ref.date.push_back('-');
  append_two_digits(ref.date, byte(5));
  return ref;
}

}  // namespace travelctl::core::transform
