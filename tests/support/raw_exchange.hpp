// Test helper: one request written as raw bytes on a fresh 127.0.0.1 connection, and everything
// that came back (bytes, timing, how the connection ended), for servers that misbehave on purpose.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <map>
#include <string>

namespace travelctl::test {

struct RawExchange {
  enum class End {
    closed,     ///< the server closed (FIN)
    reset,      ///< the server reset the connection (RST)
    timed_out,  ///< still open when the wait ended
    failed,     ///< could not connect or send (see `error`)
  };
  End end = End::failed;
  std::string error;
  std::string data;                          ///< every byte received
  std::size_t reads = 0;                     ///< how many reads returned data
  std::chrono::milliseconds first_byte{-1};  ///< from the send; -1 when nothing came
  std::chrono::milliseconds elapsed{0};      ///< from the send to the end

  // The response in `data`, split at the end of the head (empty when there is no head).
  int status() const;
  std::string header(std::string lower_name) const;
  std::string body() const;
  bool has_head() const;
};

/// Sends `request` as it is to 127.0.0.1:`port` and reads until the server closes or resets the
/// connection, or `wait` passes (then the client closes it).
RawExchange raw_exchange(uint16_t port, const std::string& request, std::chrono::milliseconds wait);

/// A connection to 127.0.0.1:`port` kept open (and silent) until destroyed, to fill a server's
/// connection slots.
class HeldConnection {
 public:
  explicit HeldConnection(uint16_t port);
  ~HeldConnection();
  HeldConnection(const HeldConnection&) = delete;
  HeldConnection& operator=(const HeldConnection&) = delete;
  bool connected() const { return connected_; }
  /// True when the server closed or reset it within `wait` (reads and drops any bytes).
  bool closed_by_server(std::chrono::milliseconds wait);

 private:
  int fd_ = -1;
  bool connected_ = false;
};

/// "GET `target` HTTP/1.1" with Host, the given extra header lines ("Name: value\r\n" each) and
/// no body.
std::string raw_get(const std::string& target, const std::string& extra_headers = {});

}  // namespace travelctl::test
