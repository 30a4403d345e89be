// Error bodies, path encoding and media types shared by the route handlers.
#include "route_helpers.hpp"

#include <algorithm>
#include <cctype>

#include "travelctl/core/http/responses.hpp"
#include "travelctl/core/json/writer.hpp"

namespace travelctl::core::proxy {

http::Response invalid_request(std::string_view what, const std::vector<transform::FieldError>& bad,
                               std::string_view rid) {
  std::string details;
  std::string fields;
  json::Writer w(details);
  w.begin_array();
  for (const auto& e : bad) {
    w.begin_object().key("field").string(e.field).key("reason").string(e.reason).end_object();
    fields += (fields.empty() ? "" : ", ") + e.field;
  }
  w.end_array();
  return http::error_response(http::Status::bad_request, "invalid_request",
                              std::string(what) + ": " + fields, rid, details);
}

http::Response supplier_unusable(std::string_view why, std::string_view rid) {
  return http::error_response(http::Status::bad_gateway, "supplier_error",
                              "the supplier's answer is not usable: " + std::string(why), rid);
}

http::Response store_unavailable(const store::StoreError& error, std::string_view rid) {
  http::Response res =
      http::error_response(http::Status::service_unavailable, "store_unavailable",
                           std::string("the state store is unavailable (") +
                               store::to_string(error.code) + "); nothing was done, retry later",
                           rid);
  res.set(http::Field::retry_after, "1");
  return res;
}

void append_path_segment(std::string& out, std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  for (const char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
        c == '.' || c == '_' || c == '~') {
      out.push_back(c);
    } else {
      out.push_back('%');
      out.push_back(kHex[u >> 4]);
      out.push_back(kHex[u & 15]);
    }
  }
}

bool is_json_media_type(std::string_view type) {
  type = type.substr(0, type.find(';'));
  while (!type.empty() && (type.back() == ' ' || type.back() == '\t')) {
    type.remove_suffix(1);
  }
  while (!type.empty() && (type.front() == ' ' || type.front() == '\t')) {
    type.remove_prefix(1);
  }
  std::string lower(type);
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return lower == "application/json" ||
         (lower.size() > 5 && lower.ends_with("+json") && lower.find('/') != std::string::npos);
}

bool is_booking_id(std::string_view id) {
  return !id.empty() && id.size() <= 19 &&
         std::all_of(id.begin(), id.end(), [](char c) { return c >= '0' && c <= '9'; });
}

}  // namespace travelctl::core::proxy
