// Request ids: accept a client's id when it is well formed, else make a new one.
#pragma once

#include <string>
#include <string_view>

namespace travelctl::core::observe {

/// True for 1 to 128 characters of `A-Z a-z 0-9 . _ ~ : -` (client-api.md, Conventions).
bool is_valid_request_id(std::string_view id);

/// A new id, unique within the process and very likely across processes (random per-thread prefix).
std::string new_request_id();

/// The client's id when valid, else a new one.
std::string request_id_for(std::string_view incoming);

}  // namespace travelctl::core::observe
