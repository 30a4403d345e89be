// Internal: small pieces every route handler uses — error bodies, supplier targets, media types.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "travelctl/core/http/types.hpp"
#include "travelctl/core/store/records.hpp"
#include "travelctl/core/transform/search.hpp"

namespace travelctl::core::proxy {

/// `400 invalid_request` naming every bad field in the message and in `details`.
http::Response invalid_request(std::string_view what, const std::vector<transform::FieldError>& bad,
                               std::string_view rid);

/// `502 supplier_error`: the supplier answered, but what it said cannot be used (and why).
http::Response supplier_unusable(std::string_view why, std::string_view rid);

/// `503 store_unavailable` with `Retry-After: 1`: the state store failed (busy, I/O); nothing was
/// done that the client cannot safely retry.
http::Response store_unavailable(const store::StoreError& error, std::string_view rid);

/// Appends `text` as one percent-encoded path segment (every byte outside A-Z a-z 0-9 - . _ ~).
void append_path_segment(std::string& out, std::string_view text);

/// True for `application/json` or any `+json` media type, whatever the parameters and case.
bool is_json_media_type(std::string_view content_type);

/// A supplier booking id as the proxy accepts it in a path: 1 to 19 ASCII digits.
bool is_booking_id(std::string_view id);

}  // namespace travelctl::core::proxy
