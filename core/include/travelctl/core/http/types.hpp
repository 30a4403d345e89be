// HTTP message types shared by the server, the handlers and the clients.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <functional>

namespace travelctl::core::http {

using Request = boost::beast::http::request<boost::beast::http::string_body>;
using Response = boost::beast::http::response<boost::beast::http::string_body>;
using Status = boost::beast::http::status;
using Field = boost::beast::http::field;
using Verb = boost::beast::http::verb;

/// Serves one request on the worker thread that received it; must not block.
using Handler = std::function<boost::asio::awaitable<Response>(Request&)>;

}  // namespace travelctl::core::http
