// Reaching a target, shared by the load engine and replay: name resolution and the TLS client
// context.
#pragma once

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <memory>
#include <string>
#include <vector>

#include "travelctl/bench/expected.hpp"
#include "travelctl/bench/url.hpp"

namespace travelctl::bench::engine {

/// Every address of `url`'s host and port; the error says why there is none.
Expected<std::vector<boost::asio::ip::tcp::endpoint>, std::string> resolve(const Url& url);

/// A TLS client context: the system's trust store and peer verification when `verify`.
std::unique_ptr<boost::asio::ssl::context> make_tls_client_context(bool verify);

}  // namespace travelctl::bench::engine
