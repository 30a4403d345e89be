#include "travelctl/core/json/writer.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using travelctl::core::json::append_string;
using travelctl::core::json::Writer;

namespace {
std::string as_json_string(std::string_view s) {
  std::string out;
  append_string(out, s);
  return out;
}
}  // namespace

TEST_CASE("JSON writer: escapes quotes, backslashes and control characters", "[core]") {
  CHECK(as_json_string("plain") == "\"plain\"");
  CHECK(as_json_string("a\"b\\c") == "\"a\\\"b\\\\c\"");
  CHECK(as_json_string("line\nfeed\ttab\r") == "\"line\\nfeed\\ttab\\r\"");
  CHECK(as_json_string(std::string("nul\0x", 5)) == "\"nul\\u0000x\"");
  CHECK(as_json_string("\x1f\x7f") == "\"\\u001f\x7f\"");
}

TEST_CASE("JSON writer: keeps valid UTF-8 and replaces invalid bytes", "[core]") {
  CHECK(as_json_string("Giant Ibis \xc3\xa9 Co. \xe2\x80\xa8 \xf0\x9f\x9a\x8c") ==
        "\"Giant Ibis \xc3\xa9 Co. \xe2\x80\xa8 \xf0\x9f\x9a\x8c\"");
  CHECK(as_json_string("bad \xc3 end") == "\"bad \\ufffd end\"");
  CHECK(as_json_string("\xed\xa0\x80") == "\"\\ufffd\\ufffd\\ufffd\"");  // a UTF-16 surrogate
  CHECK(as_json_string("\xc0\xaf") == "\"\\ufffd\\ufffd\"");              // overlong
}

TEST_CASE("JSON writer: output parses back to the same values", "[core]") {
  std::string out;
  Writer w(out);
  w.begin_object().key("a").integer(-12).key("s").string("x\"\n\x01y").key("l").begin_array();
  w.integer(1).boolean(true).null().begin_object().end_object().end_array().end_object();
  auto v = nlohmann::json::parse(out);
  CHECK(v["a"] == -12);
  CHECK(v["s"] == "x\"\n\x01y");
  CHECK(v["l"].size() == 4);
  CHECK(v["l"][3].is_object());
}
