// Itinerary ids: base64url (no padding) of a versioned binary record with a 48-bit checksum, so
// that any id this build did not make (edited, truncated, pasted wrong) is rejected on decode.
#include "travelctl/core/transform/itinerary_id.hpp"

#include <cstdint>
#include <cstring>

#include "opaque_codec.hpp"
#include "travelctl/core/transform/search.hpp"
#include "travelctl/core/transform/time.hpp"

namespace travelctl::core::transform {
namespace {

// Record: version(1) pax(1) year(2, big-endian) month(1) day(1) trip id(n) checksum(6).
constexpr unsigned char kVersion = 1;
constexpr size_t kHeader = 6;
constexpr size_t kChecksum = 6;

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
