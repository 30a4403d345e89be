// Name resolution and TLS context for the load engine and replay (see target.hpp).
#include "target.hpp"

#include <boost/asio/io_context.hpp>

namespace travelctl::bench::engine {

namespace asio = boost::asio;

Expected<std::vector<asio::ip::tcp::endpoint>, std::string> resolve(const Url& url) {
  asio::io_context ioc;
  asio::ip::tcp::resolver resolver(ioc);
  boost::system::error_code ec;
  auto results = resolver.resolve(url.host, std::to_string(url.port), ec);
  if (ec || results.empty()) {
    return unexpected("cannot resolve " + url.host + ": " + (ec ? ec.message() : "no address"));
  }
  std::vector<asio::ip::tcp::endpoint> out;
  for (const auto& r : results) {
    out.push_back(r.endpoint());
  }
  return out;
}

std::unique_ptr<asio::ssl::context> make_tls_client_context(bool verify) {
  auto ssl = std::make_unique<asio::ssl::context>(asio::ssl::context::tls_client);
  if (verify) {
    boost::system::error_code ec;
    ssl->set_default_verify_paths(ec);
    ssl->set_verify_mode(asio::ssl::verify_peer);
  } else {
    ssl->set_verify_mode(asio::ssl::verify_none);
  }
  return ssl;
}

}  // namespace travelctl::bench::engine
