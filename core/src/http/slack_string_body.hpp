// A Beast body that reads a response into a reused std::string without zero-filling bytes it is
// about to overwrite, and keeps spare capacity past the end so that an in-place parser (simdjson
// reads up to 64 bytes past a document) needs no padded copy.
#pragma once

#include <algorithm>
#include <boost/beast/core/buffers_range.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/optional/optional.hpp>
#include <cstdint>
#include <cstring>
#include <string>

namespace travelctl::core::http {

struct SlackStringBody {
  /// The body is the first `size` bytes of `text`; bytes past them are left over from an earlier
  /// body read into the same buffer (growing a std::string zero-fills, so the buffer keeps its
  /// size between reads and only the part past any earlier body is ever filled).
  struct value_type {
    std::string text;
    std::size_t size = 0;
  };

  /// Spare capacity kept past the body.
  static constexpr std::size_t kSlack = 64;

  class reader {
   public:
    template <bool isRequest, class Fields>
    reader(boost::beast::http::header<isRequest, Fields>&, value_type& body) : body_(body) {}

    void init(const boost::optional<std::uint64_t>& length, boost::beast::error_code& ec) {
      body_.size = 0;
      if (length) {
        if (*length > body_.text.max_size() - kSlack) {
          ec = boost::beast::http::error::buffer_overflow;
          return;
        }
        reserve(static_cast<std::size_t>(*length), false);
      }
      ec = {};
    }

    template <class ConstBufferSequence>
    std::size_t put(const ConstBufferSequence& buffers, boost::beast::error_code& ec) {
      const std::size_t extra = boost::beast::buffer_bytes(buffers);
      if (extra > body_.text.max_size() - kSlack - body_.size) {
        ec = boost::beast::http::error::buffer_overflow;
        return 0;
      }
      const std::size_t need = body_.size + extra;
      if (need > body_.text.size()) {
        reserve(need, true);
        body_.text.resize(need);
      }
      char* out = body_.text.data() + body_.size;
      for (auto b : boost::beast::buffers_range_ref(buffers)) {
        std::memcpy(out, b.data(), b.size());
        out += b.size();
      }
      body_.size = need;
      ec = {};
      return extra;
    }

    void finish(boost::beast::error_code& ec) { ec = {}; }

   private:
    // Room for `n` bytes and the slack; bodies of unknown length grow geometrically.
    void reserve(std::size_t n, bool grow) {
      if (n + kSlack > body_.text.capacity()) {
        body_.text.reserve(grow ? std::max(n + kSlack, 2 * body_.text.capacity()) : n + kSlack);
      }
    }

    value_type& body_;
  };
};

}  // namespace travelctl::core::http
