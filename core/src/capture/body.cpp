// Capture bodies: simdjson parses, a walk finds personal data, the JSON writer re-emits it masked.
#include "travelctl/core/capture/body.hpp"

#include <simdjson.h>

#include <array>
#include <charconv>
#include <cstdint>
#include <cstring>

#include "travelctl/core/json/writer.hpp"

namespace travelctl::core::capture {
namespace {

namespace dom = simdjson::dom;

// Keys as classify() normalises them: lower case, no `_` or `-`.
constexpr std::array<std::string_view, 27> kPersonalKeys = {
    "firstname",  "lastname",    "middlename",     "givenname",    "familyname",
    "fullname",   "surname",     "dateofbirth",    "dob",          "birthdate",
    "birthday",   "passport",    "passportnumber", "passportno",   "documentnumber",
    "documentno", "idnumber",    "nationalid",     "email",        "emailaddress",
    "phone",      "phonenumber", "mobile",         "mobilenumber", "telephone",
    "personalid", "taxid"};

constexpr std::array<std::string_view, 11> kPersonKeys = {
    "passengers", "passenger", "contact", "contacts", "travellers",   "travelers",
    "traveller",  "traveler",  "guests",  "guest",    "leadpassenger"};

enum class KeyKind : unsigned char { other, personal, person };

constexpr std::size_t kLongest = 16;  // longer than any listed key once normalised

// A normalised key of up to 16 bytes as two integers (zero-padded): a table lookup compares
// integers instead of calling memcmp (the writer classifies every key of every captured body).
struct Packed {
  uint64_t lo = 0, hi = 0;
  friend constexpr bool operator==(const Packed&, const Packed&) = default;
};

constexpr void pack_byte(Packed& p, std::size_t i, char c) {
  const uint64_t b = static_cast<unsigned char>(c);
  (i < 8 ? p.lo : p.hi) |= b << (8 * (i % 8));
}

// The listed keys by length, so that a key is compared with the few of its own length only.
struct KeyTable {
  struct Entry {
    Packed key;
    KeyKind kind = KeyKind::other;
  };
  std::array<std::array<Entry, 12>, kLongest + 1> by_length{};
  std::array<unsigned char, kLongest + 1> count{};

  constexpr KeyTable() {
    for (const auto k : kPersonalKeys) {
      add(k, KeyKind::personal);
    }
    for (const auto k : kPersonKeys) {
      add(k, KeyKind::person);
    }
  }
  constexpr void add(std::string_view k, KeyKind kind) {
    Packed p;
    for (std::size_t i = 0; i < k.size(); ++i) {
      pack_byte(p, i, k[i]);
    }
    by_length[k.size()][count[k.size()]++] = {p, kind};
  }
};
constexpr KeyTable kKeyTable;

// Lower-cased without `_` or `-`, then looked up.
KeyKind classify(std::string_view key) {
  Packed p;
  std::size_t n = 0;
  for (const char c : key) {
    if (c == '_' || c == '-') {
      continue;
    }
    if (n == kLongest) {
      return KeyKind::other;
    }
    pack_byte(p, n++, (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c);
  }
  for (std::size_t i = 0; i < kKeyTable.count[n]; ++i) {
    if (kKeyTable.by_length[n][i].key == p) {
      return kKeyTable.by_length[n][i].kind;
    }
  }
  return KeyKind::other;
}

// True when something in `e` would be masked: decides between copying the text and rewriting it.
bool has_personal_data(dom::element e) {
  if (e.is_object()) {
    for (auto field : dom::object(e)) {
      if (classify(field.key) != KeyKind::other || has_personal_data(field.value)) {
        return true;
      }
    }
  } else if (e.is_array()) {
    for (auto v : dom::array(e)) {
      if (has_personal_data(v)) {
        return true;
      }
    }
  }
  return false;
}

void write_number(json::Writer& w, dom::element e) {
  char buf[32];
  std::to_chars_result r{};
  switch (e.type()) {
    case dom::element_type::INT64:
      r = std::to_chars(buf, buf + sizeof buf, int64_t(e));
      break;
    case dom::element_type::UINT64:
      r = std::to_chars(buf, buf + sizeof buf, uint64_t(e));
      break;
    default:
      r = std::to_chars(buf, buf + sizeof buf, double(e));  // shortest text that reads back
      break;
  }
  w.raw({buf, static_cast<std::size_t>(r.ptr - buf)});
}

// Writes `e` with personal data masked; inside a person every string and number is masked.
void write_masked(json::Writer& w, dom::element e, bool in_person) {
  switch (e.type()) {
    case dom::element_type::OBJECT:
      w.begin_object();
      for (auto field : dom::object(e)) {
        w.key(field.key);
        write_masked(w, field.value, in_person || classify(field.key) != KeyKind::other);
      }
      w.end_object();
      return;
    case dom::element_type::ARRAY:
      w.begin_array();
      for (auto v : dom::array(e)) {
        write_masked(w, v, in_person);
      }
      w.end_array();
      return;
    case dom::element_type::STRING:
      if (in_person) {
        w.string(kMask);
      } else {
        w.string(std::string_view(e));
      }
      return;
    case dom::element_type::INT64:
    case dom::element_type::UINT64:
    case dom::element_type::DOUBLE:
      if (in_person) {
        w.string(kMask);
      } else {
        write_number(w, e);
      }
      return;
    case dom::element_type::BOOL:
      w.boolean(bool(e));
      return;
    case dom::element_type::NULL_VALUE:
      w.null();
      return;
  }
}

bool blank(std::string_view s) { return s.find_first_not_of(" \t\r\n") == std::string_view::npos; }

}  // namespace

bool is_personal_key(std::string_view key) { return classify(key) == KeyKind::personal; }
bool is_person_key(std::string_view key) { return classify(key) == KeyKind::person; }

struct BodyFormatter::Impl {
  dom::parser parser;
};

BodyFormatter::BodyFormatter() : impl_(std::make_unique<Impl>()) {}
BodyFormatter::~BodyFormatter() = default;

void BodyFormatter::append(json::Writer& w, std::string_view body, BodySide side) {
  if (blank(body)) {
    w.null();
    return;
  }
  if (side == BodySide::trusted_response) {
    append_one_line(w, body);
    return;
  }
  dom::element root;
  if (impl_->parser.parse(body.data(), body.size()).get(root) != simdjson::SUCCESS) {
    w.string(side == BodySide::request ? kMask : body);
    return;
  }
  if (has_personal_data(root)) {
    write_masked(w, root, false);
    return;
  }
  append_one_line(w, body);
}

void BodyFormatter::append_one_line(json::Writer& w, std::string_view body) {
  // Valid JSON holds CR and LF only as whitespace between tokens: spaces keep it on one line.
  std::string& out = w.out();
  const std::size_t at = out.size();
  w.raw(body);
  for (const char c : {'\n', '\r'}) {
    for (void* p = std::memchr(out.data() + at, c, out.size() - at); p != nullptr;
         p = std::memchr(
             p, c, out.size() - static_cast<std::size_t>(static_cast<char*>(p) - out.data()))) {
      *static_cast<char*>(p) = ' ';
    }
  }
}

}  // namespace travelctl::core::capture
