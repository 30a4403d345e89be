// Reading the simulator's request bodies (carts, reserve) with their 400 and 422 answers.
#include <nlohmann/json.hpp>

#include "civil.hpp"
#include "travelctl/core/supplier/sim/state.hpp"

namespace travelctl::core::supplier::sim {
namespace {

using nlohmann::json;

SimError bad_request(std::string message) {
  return SimError{400, "invalid_request", std::move(message), {}};
}

bool non_empty_string(const json& obj, const char* key) {
  auto it = obj.find(key);
  return it != obj.end() && it->is_string() && !it->get_ref<const std::string&>().empty();
}

std::optional<json> parse_object(std::string_view body) {
  json doc = json::parse(body.begin(), body.end(), nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded() || !doc.is_object()) {
    return std::nullopt;
  }
  return doc;
}

}  // namespace

Expected<CartRequest, SimError> parse_cart_body(std::string_view body) {
  auto doc = parse_object(body);
  if (!doc) {
    return unexpected(bad_request("body must be a JSON object"));
  }
  CartRequest req;
  if (!non_empty_string(*doc, "trip_id")) {
    return unexpected(bad_request("trip_id must be a non-empty string"));
  }
  req.trip_id = (*doc)["trip_id"].get<std::string>();
  auto date = doc->find("date");
  const auto day = date != doc->end() && date->is_string()
                       ? parse_day(date->get_ref<const std::string&>())
                       : std::nullopt;
  if (!day) {
    return unexpected(bad_request("date must be a calendar date YYYY-MM-DD"));
  }
  req.day = *day;
  auto seats = doc->find("seats");
  if (seats == doc->end() || !seats->is_number_integer() || seats->get<int64_t>() < 1 ||
      seats->get<int64_t>() > 9) {
    return unexpected(bad_request("seats must be an integer from 1 to 9"));
  }
  req.seats = static_cast<int>(seats->get<int64_t>());
  auto currency = doc->find("currency");
  if (currency == doc->end()) {
    req.currency = "THB";
  } else if (currency->is_string()) {
    req.currency = currency->get<std::string>();
  } else {
    return unexpected(bad_request("currency must be a string"));
  }
  return req;
}

Expected<ReserveInput, SimError> parse_reserve_body(std::string_view body, int seats) {
  auto doc = parse_object(body);
  if (!doc) {
    return unexpected(bad_request("body must be a JSON object"));
  }
  auto passengers = doc->find("passengers");
  if (passengers == doc->end() || !passengers->is_array()) {
    return unexpected(bad_request("passengers must be an array"));
  }
  SimError invalid{422, "validation_failed", "", {}};
  if (static_cast<int>(passengers->size()) != seats) {
    invalid.fields.push_back("passengers");
    invalid.message = "the cart has " + std::to_string(seats) + " seats but " +
                      std::to_string(passengers->size()) + " passengers were given";
    return unexpected(std::move(invalid));
  }
  for (size_t i = 0; i < passengers->size(); ++i) {
    const json& p = (*passengers)[i];
    const std::string at = "passengers[" + std::to_string(i) + "]";
    if (!p.is_object()) {
      invalid.fields.push_back(at);
      continue;
    }
    for (const char* key : {"first_name", "last_name"}) {
      if (!non_empty_string(p, key)) {
        invalid.fields.push_back(at + "." + key);
      }
    }
    auto dob = p.find("date_of_birth");
    if (dob == p.end() || !dob->is_string() || !parse_day(dob->get_ref<const std::string&>())) {
      invalid.fields.push_back(at + ".date_of_birth");
    }
    auto passport = p.find("passport_number");
    if (passport != p.end() && !passport->is_null() && !passport->is_string()) {
      invalid.fields.push_back(at + ".passport_number");
    }
  }
  auto contact = doc->find("contact");
  if (contact == doc->end() || !contact->is_object() || !non_empty_string(*contact, "email")) {
    invalid.fields.push_back("contact.email");
  }
  if (!invalid.fields.empty()) {
    invalid.message = "missing or invalid passenger data";
    return unexpected(std::move(invalid));
  }
  return ReserveInput{passengers->dump(), seats};
}

}  // namespace travelctl::core::supplier::sim
