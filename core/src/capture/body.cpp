// Capture bodies: simdjson parses, a walk finds personal data, the JSON writer re-emits it masked.
#include "travelctl/core/capture/body.hpp"

#include <simdjson.h>

#include <algorithm>
#include <array>
#include <charconv>

#include "travelctl/core/json/writer.hpp"

namespace travelctl::core::capture {
namespace {

namespace dom = simdjson::dom;

// Keys as normalise() leaves them: lower case, no `_` or `-`.
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

// Lower-cased without separators, into a small buffer; keys longer than any listed one never
// match, so they are cut (and then compared against nothing).
std::string_view normalise(std::string_view key, std::array<char, 32>& buf) {
  std::size_t n = 0;
  for (const char c : key) {
    if (c == '_' || c == '-') {
      continue;
    }
    if (n == buf.size()) {
      return {};
    }
    buf[n++] = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  }
  return {buf.data(), n};
}

template <std::size_t N>
bool listed(const std::array<std::string_view, N>& list, std::string_view key) {
  std::array<char, 32> buf;
  const std::string_view k = normalise(key, buf);
  return !k.empty() && std::find(list.begin(), list.end(), k) != list.end();
}

// True when something in `e` would be masked: decides between copying the text and rewriting it.
bool has_personal_data(dom::element e) {
  if (e.is_object()) {
    for (auto field : dom::object(e)) {
      if (is_personal_key(field.key) || is_person_key(field.key) ||
          has_personal_data(field.value)) {
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
        write_masked(w, field.value,
                     in_person || is_personal_key(field.key) || is_person_key(field.key));
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

bool is_personal_key(std::string_view key) { return listed(kPersonalKeys, key); }
bool is_person_key(std::string_view key) { return listed(kPersonKeys, key); }

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
  dom::element root;
  if (impl_->parser.parse(body.data(), body.size()).get(root) != simdjson::SUCCESS) {
    w.string(side == BodySide::request ? kMask : body);
    return;
  }
  if (has_personal_data(root)) {
    write_masked(w, root, false);
    return;
  }
  // Valid JSON holds CR and LF only as whitespace between tokens: spaces keep it on one line.
  std::string& out = w.out();
  const std::size_t at = out.size();
  w.raw(body);
  std::replace_if(
      out.begin() + static_cast<std::ptrdiff_t>(at), out.end(),
      [](char c) { return c == '\n' || c == '\r'; }, ' ');
}

}  // namespace travelctl::core::capture
