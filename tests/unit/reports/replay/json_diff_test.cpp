// json_diff: key order, arrays, numbers, ignores with wildcards, masked values, pointer escaping.
#include "travelctl/reports/replay/json_diff.hpp"

#include <catch2/catch.hpp>

namespace rr = travelctl::reports::replay;
using nlohmann::json;

namespace {

rr::JsonDiffOptions ignoring(std::initializer_list<const char*> patterns) {
  rr::JsonDiffOptions o;
  for (const char* p : patterns) {
    auto parsed = rr::PointerPattern::parse(p);
    REQUIRE(parsed);
    o.ignore.push_back(*parsed);
  }
  return o;
}

std::vector<std::string> pointers(const rr::JsonDiff& d) {
  std::vector<std::string> out;
  for (const auto& c : d.changes) {
    out.push_back(c.pointer);
  }
  return out;
}

}  // namespace

TEST_CASE("json_diff: key order does not matter, numbers compare by value", "[reports]") {
  const auto a = json::parse(R"({"a": 1, "b": {"x": [1, 2], "y": "s"}, "n": 2.0})");
  const auto b = json::parse(R"({"b": {"y": "s", "x": [1, 2]}, "n": 2, "a": 1})");
  CHECK(rr::json_diff(a, b, {}).empty());
}

TEST_CASE("json_diff: changed, added and removed members and elements by pointer", "[reports]") {
  const auto a = json::parse(R"({"price": {"amount": "52.00"}, "gone": true, "list": [1, 2, 3]})");
  const auto b = json::parse(R"({"price": {"amount": "54.60"}, "new": null, "list": [1, 5]})");
  const auto d = rr::json_diff(a, b, {});
  CHECK(d.total == 5);
  CHECK(pointers(d) ==
        std::vector<std::string>{"/gone", "/list/1", "/list/2", "/new", "/price/amount"});
  CHECK(d.changes[0].old_value == json(true));
  CHECK_FALSE(d.changes[0].new_value);  // removed
  CHECK(d.changes[1].old_value == json(2));
  CHECK(d.changes[1].new_value == json(5));
  CHECK_FALSE(d.changes[2].new_value);  // removed element
  CHECK_FALSE(d.changes[3].old_value);  // added, with a null value
  CHECK(d.changes[3].new_value == json(nullptr));
  CHECK(d.changes[4].new_value == json("54.60"));
}

TEST_CASE("json_diff: a type change is one change at that pointer", "[reports]") {
  const auto d = rr::json_diff(json::parse(R"({"a": {"b": 1}})"), json::parse(R"({"a": [1]})"), {});
  REQUIRE(d.total == 1);
  CHECK(d.changes[0].pointer == "/a");
}

TEST_CASE("json_diff: ignores match exact pointers, wildcards and everything below", "[reports]") {
  const auto a = json::parse(R"({"search_id": "s_1", "itineraries": [
      {"id": "x1", "price": {"amount": "1.00"}, "seats": 3},
      {"id": "x2", "price": {"amount": "2.00"}, "seats": 4}]})");
  const auto b = json::parse(R"({"search_id": "s_2", "itineraries": [
      {"id": "y1", "price": {"amount": "1.10"}, "seats": 3},
      {"id": "y2", "price": {"amount": "2.20"}, "seats": 5}]})");
  CHECK(rr::json_diff(a, b, {}).total == 6);
  const auto d = rr::json_diff(a, b, ignoring({"/search_id", "/itineraries/*/id"}));
  CHECK(pointers(d) == std::vector<std::string>{"/itineraries/0/price/amount",
                                                "/itineraries/1/price/amount",
                                                "/itineraries/1/seats"});
  CHECK(rr::json_diff(a, b,
                      ignoring({"/search_id", "/itineraries/*/id", "/itineraries/*/price",
                                "/itineraries/1/seats"}))
            .empty());
  CHECK(rr::json_diff(a, b, ignoring({""})).empty());  // the whole document
  // A wildcard matches one segment only: /*/id is not /itineraries/0/id.
  CHECK(rr::json_diff(a, b, ignoring({"/*/id", "/search_id"})).total == 5);
}

TEST_CASE("json_diff: a masked capture value matches anything unless told otherwise", "[reports]") {
  const auto a = json::parse(R"({"passengers": [{"first_name": "***", "seat": "1A"}]})");
  const auto b = json::parse(R"({"passengers": [{"first_name": "Somchai", "seat": "1A"}]})");
  CHECK(rr::json_diff(a, b, {}).empty());
  rr::JsonDiffOptions strict;
  strict.masked_matches_anything = false;
  CHECK(rr::json_diff(a, b, strict).total == 1);
}

TEST_CASE("json_diff: keys with / and ~ are escaped in pointers and patterns", "[reports]") {
  const auto a = json::parse(R"({"a/b": 1, "c~d": 1})");
  const auto b = json::parse(R"({"a/b": 2, "c~d": 2})");
  CHECK(pointers(rr::json_diff(a, b, {})) == std::vector<std::string>{"/a~1b", "/c~0d"});
  CHECK(rr::json_diff(a, b, ignoring({"/a~1b", "/c~0d"})).empty());
}

TEST_CASE("json_diff: only max_changes are kept, all are counted", "[reports]") {
  json a = json::array(), b = json::array();
  for (int i = 0; i < 100; ++i) {
    a.push_back(i);
    b.push_back(i + 1);
  }
  rr::JsonDiffOptions o;
  o.max_changes = 3;
  const auto d = rr::json_diff(a, b, o);
  CHECK(d.total == 100);
  CHECK(d.changes.size() == 3);
}

TEST_CASE("PointerPattern: bad pointers are refused", "[reports]") {
  CHECK_FALSE(rr::PointerPattern::parse("search_id"));
  CHECK_FALSE(rr::PointerPattern::parse("/a~2"));
  CHECK_FALSE(rr::PointerPattern::parse("/a~"));
  CHECK(rr::PointerPattern::parse("/itineraries/*/id"));
  for (const auto& p : rr::default_ignores()) {
    CHECK(rr::PointerPattern::parse(p));
  }
}
