// One non-blocking send of what a TCP socket takes at once: an answer or a request that fits the
// socket's buffer (nearly all of them) leaves without a write timer, a wait or a completion hop.
#pragma once

#include <sys/socket.h>
#include <sys/uio.h>

#include <array>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/buffer.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <cerrno>
#include <cstddef>

namespace travelctl::core::http {

/// Sends as much of `buffers` (at most 8 of them) as the socket takes now and returns how many
/// bytes it took: 0 when none (its buffer is full) or on an error, which is left for the
/// asynchronous write of the rest to meet and report as it always did.
template <class ConstBufferSequence>
std::size_t send_now(boost::asio::ip::tcp::socket& socket, const ConstBufferSequence& buffers) {
  std::array<iovec, 8> iov;
  std::size_t count = 0;
  for (auto it = boost::asio::buffer_sequence_begin(buffers);
       it != boost::asio::buffer_sequence_end(buffers) && count < iov.size(); ++it) {
    const boost::asio::const_buffer b(*it);
    iov[count].iov_base = const_cast<void*>(b.data());
    iov[count].iov_len = b.size();
    ++count;
  }
  msghdr msg{};
  msg.msg_iov = iov.data();
  msg.msg_iovlen = count;
  for (;;) {
    const ssize_t sent = ::sendmsg(socket.native_handle(), &msg, MSG_DONTWAIT | MSG_NOSIGNAL);
    if (sent >= 0) {
      return static_cast<std::size_t>(sent);
    }
    if (errno != EINTR) {
      return 0;
    }
  }
}

/// Lets this thread's other ready handlers run before the caller reads the answer to what it just
/// sent: the peer cannot have answered yet, and Asio tries every read at once first, so reading
/// now costs a recvmsg that fails (EAGAIN) before the wait; after the others, the answer is often
/// there already.
template <class Executor>
boost::asio::awaitable<void> yield_after_send(const Executor& executor) {
  return boost::asio::post(executor, boost::asio::use_awaitable);
}

}  // namespace travelctl::core::http
