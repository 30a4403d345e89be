// RawExchange: a blocking POSIX socket with poll() deadlines; ECONNRESET is told apart from EOF.
#include "support/raw_exchange.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <cstring>

namespace travelctl::test {
namespace {

using Clock = std::chrono::steady_clock;

std::chrono::milliseconds since(Clock::time_point t) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - t);
}

}  // namespace

bool RawExchange::has_head() const { return data.find("\r\n\r\n") != std::string::npos; }

int RawExchange::status() const {
  if (!has_head() || data.compare(0, 5, "HTTP/") != 0) {
    return 0;
  }
  const size_t sp = data.find(' ');
  return sp == std::string::npos ? 0 : std::atoi(data.c_str() + sp + 1);
}

std::string RawExchange::header(std::string lower_name) const {
  const size_t end = data.find("\r\n\r\n");
  if (end == std::string::npos) {
    return {};
  }
  size_t line = data.find("\r\n") + 2;
  while (line < end) {
    const size_t next = data.find("\r\n", line);
    const size_t colon = data.find(':', line);
    if (colon < next) {
      std::string name = data.substr(line, colon - line);
      for (auto& c : name) {
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      }
      if (name == lower_name) {
        size_t v = colon + 1;
        while (v < next && data[v] == ' ') {
          ++v;
        }
        return data.substr(v, next - v);
      }
    }
    line = next + 2;
  }
  return {};
}

std::string RawExchange::body() const {
  const size_t end = data.find("\r\n\r\n");
  return end == std::string::npos ? std::string() : data.substr(end + 4);
}

namespace {

// A connected socket, or -1 with what failed in `error`.
int connect_loopback(uint16_t port, std::string& error) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) {
    error = std::string("socket: ") + std::strerror(errno);
    return -1;
  }
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    error = std::string("connect: ") + std::strerror(errno);
    ::close(fd);
    return -1;
  }
  return fd;
}

}  // namespace

HeldConnection::HeldConnection(uint16_t port) {
  std::string ignored;
  fd_ = connect_loopback(port, ignored);
  connected_ = fd_ >= 0;
}

HeldConnection::~HeldConnection() {
  if (fd_ >= 0) {
    ::close(fd_);
  }
}

bool HeldConnection::closed_by_server(std::chrono::milliseconds wait) {
  const auto deadline = Clock::now() + wait;
  char buf[4096];
  while (fd_ >= 0 && Clock::now() < deadline) {
    const auto left = std::chrono::ceil<std::chrono::milliseconds>(deadline - Clock::now());
    pollfd p{fd_, POLLIN, 0};
    if (::poll(&p, 1, static_cast<int>(std::max<long>(1, left.count()))) <= 0) {
      continue;
    }
    const ssize_t n = ::recv(fd_, buf, sizeof buf, 0);
    if (n == 0 || (n < 0 && errno != EINTR && errno != EAGAIN)) {
      return true;
    }
  }
  return false;
}

RawExchange raw_exchange(uint16_t port, const std::string& request,
                         std::chrono::milliseconds wait) {
  RawExchange out;
  const int fd = connect_loopback(port, out.error);
  if (fd < 0) {
    return out;
  }
  const auto start = Clock::now();
  for (size_t sent = 0; sent < request.size();) {
    const ssize_t n = ::send(fd, request.data() + sent, request.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) {
      out.error = std::string("send: ") + std::strerror(errno);
      ::close(fd);
      return out;
    }
    sent += static_cast<size_t>(n);
  }
  const auto deadline = start + wait;
  char buf[64 * 1024];
  out.end = RawExchange::End::timed_out;
  for (;;) {
    const auto now = Clock::now();
    if (now >= deadline) {
      break;
    }
    const auto left = std::chrono::ceil<std::chrono::milliseconds>(deadline - now);
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, static_cast<int>(left.count())) <= 0) {
      continue;  // the deadline check above ends the wait
    }
    const ssize_t n = ::recv(fd, buf, sizeof buf, 0);
    if (n > 0) {
      if (out.data.empty()) {
        out.first_byte = since(start);
      }
      out.data.append(buf, static_cast<size_t>(n));
      ++out.reads;
      continue;
    }
    if (n == 0) {
      out.end = RawExchange::End::closed;
    } else if (errno == ECONNRESET) {
      out.end = RawExchange::End::reset;
    } else if (errno == EINTR) {
      continue;
    } else {
      out.end = RawExchange::End::failed;
      out.error = std::string("recv: ") + std::strerror(errno);
    }
    break;
  }
  out.elapsed = since(start);
  ::close(fd);
  return out;
}

std::string raw_get(const std::string& target, const std::string& extra_headers) {
  return "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + extra_headers + "\r\n";
}

}  // namespace travelctl::test
