// Crash safety of the SQLite store: a child process writes records and reports each one through a
// pipe once the store says it is committed; it is SIGKILLed mid-stream; every reported record
// must be there after reopening. Also: two processes (serve and the outbox CLI) share one file.
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <catch2/catch.hpp>
#include <chrono>
#include <sstream>
#include <string>
#include <vector>

#include "support/run_awaitable.hpp"
#include "support/temp_dir.hpp"
#include "travelctl/core/store/store.hpp"

namespace asio = boost::asio;
namespace store = travelctl::core::store;
using namespace std::chrono_literals;
using travelctl::test::run_awaitable;

namespace {

constexpr int kWriters = 8;  // concurrent coroutines in the child: exercises group commit

store::StoreOptions options_for(const std::string& path) {
  store::StoreOptions o;
  o.path = path;
  o.purge_interval = 0ms;
  return o;
}

store::StoredResponse response_for(const std::string& bid) {
  return {201, {{"Content-Type", "application/json"}}, "{\"booking_id\":\"" + bid + "\"}"};
}

// One line per committed record; a write of up to PIPE_BUF bytes to a pipe is atomic.
void report(int fd, const std::string& line) {
  const std::string out = line + "\n";
  [[maybe_unused]] auto n = ::write(fd, out.data(), out.size());
}

// The child's writers: each round writes a booking, an idempotency record completed with a
// booking (one transaction), and an inbound event with its outbox entry (one transaction).
asio::awaitable<void> writer(store::Store& db, std::string prefix, int fd) {
  for (int i = 0;; ++i) {
    const std::string n = prefix + "-" + std::to_string(i);
    const auto now = std::chrono::system_clock::now();

    auto booking = db.record_booking({"B" + n, "client-" + prefix, now});
    if (!(co_await std::move(booking)).has_value()) {
      ::_exit(3);
    }
    report(fd, "B B" + n + " client-" + prefix);

    auto begin = db.idempotency_begin("client-" + prefix, "K" + n, store::sha256_hex(n), now);
    auto begun = co_await std::move(begin);
    if (!begun.has_value() || begun->outcome != store::BeginOutcome::started) {
      ::_exit(3);
    }
    auto complete =
        db.idempotency_complete(*begun->lease, response_for("I" + n),
                                store::BookingRecord{"I" + n, "client-" + prefix, now}, now);
    auto completed = co_await std::move(complete);
    if (!completed.has_value() || *completed != store::CompleteOutcome::stored) {
      ::_exit(3);
    }
    report(fd, "I " + n + " client-" + prefix);

    auto event = db.record_event({"E" + n, "B" + n, "{\"n\":\"" + n + "\"}", now, now});
    auto inserted = co_await std::move(event);
    if (!inserted.has_value() || *inserted != store::EventInsert::inserted) {
      ::_exit(3);
    }
    report(fd, "E E" + n + " B" + n);
  }
}

// In the child: never returns.
[[noreturn]] void child_main(const std::string& path, const std::string& prefix, int fd) {
  auto opened = store::open_store(options_for(path));
  if (!opened.has_value()) {
    ::_exit(4);
  }
  asio::io_context ioc(1);
  for (int w = 0; w < kWriters; ++w) {
    asio::co_spawn(ioc, writer(*opened.value(), prefix + std::to_string(w), fd), asio::detached);
  }
  ioc.run();
  ::_exit(5);
}

// Reads whole lines from `fd` until `want` lines or EOF, each wait bounded.
void read_lines(int fd, std::string& buffer, std::vector<std::string>& lines, std::size_t want) {
  char chunk[4096];
  while (lines.size() < want) {
    pollfd p{fd, POLLIN, 0};
    const int ready = ::poll(&p, 1, 30'000);
    if (ready <= 0) {
      FAIL("no progress from the child for 30 s");
    }
    const ssize_t n = ::read(fd, chunk, sizeof chunk);
    if (n <= 0) {
      return;  // EOF: the child is gone
    }
    buffer.append(chunk, static_cast<std::size_t>(n));
    for (std::size_t nl; (nl = buffer.find('\n')) != std::string::npos;) {
      lines.push_back(buffer.substr(0, nl));
      buffer.erase(0, nl + 1);
    }
  }
}

// Runs one child until it has reported `kill_after` records, SIGKILLs it, and returns every line
// it reported (including those written between the last read and the kill).
std::vector<std::string> run_and_kill(const std::string& path, const std::string& prefix,
                                      std::size_t kill_after) {
  int fds[2];
  REQUIRE(::pipe(fds) == 0);
  const pid_t pid = ::fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    ::close(fds[0]);
    child_main(path, prefix, fds[1]);
  }
  ::close(fds[1]);
  std::string buffer;
  std::vector<std::string> lines;
  read_lines(fds[0], buffer, lines, kill_after);
  REQUIRE(::kill(pid, SIGKILL) == 0);
  int status = 0;
  REQUIRE(::waitpid(pid, &status, 0) == pid);
  CHECK(WIFSIGNALED(status));  // died of the kill, not of an error exit
  if (WIFEXITED(status)) {
    INFO("child exit code " << WEXITSTATUS(status));
  }
  read_lines(fds[0], buffer, lines, static_cast<std::size_t>(-1));  // to EOF
  ::close(fds[0]);
  return lines;  // a torn last line cannot occur: each report is one atomic write
}

struct Verified {
  int bookings = 0;
  int idempotency = 0;
  int events = 0;
};

Verified verify(store::Store& db, const std::vector<std::string>& lines) {
  asio::io_context ioc;
  Verified v;
  for (const auto& line : lines) {
    std::istringstream in(line);
    std::string kind, a, b;
    in >> kind >> a >> b;
    if (kind == "B") {
      auto owner = run_awaitable(ioc, db.booking_owner(a));
      REQUIRE(owner.has_value());
      INFO("booking " << a);
      REQUIRE(owner->has_value());
      CHECK((*owner)->client_id == b);
      ++v.bookings;
    } else if (kind == "I") {
      auto begun = run_awaitable(ioc, db.idempotency_begin(b, "K" + a, store::sha256_hex(a),
                                                           std::chrono::system_clock::now()));
      REQUIRE(begun.has_value());
      INFO("idempotency key K" << a);
      REQUIRE(begun->outcome == store::BeginOutcome::replay);
      CHECK(*begun->response == response_for("I" + a));
      auto owner = run_awaitable(ioc, db.booking_owner("I" + a));
      REQUIRE(owner.has_value());
      CHECK(owner->has_value());
      ++v.idempotency;
    } else if (kind == "E") {
      auto entry = run_awaitable(ioc, db.outbox_get(a));
      REQUIRE(entry.has_value());
      INFO("event " << a);
      REQUIRE(entry->has_value());
      CHECK((*entry)->booking_id == b);
      CHECK((*entry)->state == store::OutboxState::pending);
      ++v.events;
    } else {
      FAIL("unexpected report line: " << line);
    }
  }
  return v;
}

}  // namespace

TEST_CASE("Store crash: every record reported committed survives kill -9, three times over",
          "[integration]") {
  travelctl::test::TempDir dir;
  const std::string path = dir.file("crash.db");
  std::vector<std::string> all;
  for (int round = 0; round < 3; ++round) {
    std::string prefix = "r";
    prefix += std::to_string(round);  // not "r" + ...: GCC 12 -Wrestrict false positive
    auto lines = run_and_kill(path, prefix, 600);
    REQUIRE(lines.size() >= 600);
    all.insert(all.end(), lines.begin(), lines.end());
    // Reopening runs the integrity check: the file is sound after the kill.
    auto reopened = store::open_store(options_for(path));
    REQUIRE(reopened.has_value());
    auto v = verify(*reopened.value(), all);
    CHECK(v.bookings > 0);
    CHECK(v.idempotency > 0);
    CHECK(v.events > 0);
    CHECK(static_cast<std::size_t>(v.bookings + v.idempotency + v.events) == all.size());
  }
}

TEST_CASE("Store crash: a second process can use the file while the first one writes",
          "[integration]") {
  travelctl::test::TempDir dir;
  const std::string path = dir.file("shared.db");
  {
    auto created = store::open_store(options_for(path));  // schema in place before the child
    REQUIRE(created.has_value());
  }
  int fds[2];
  REQUIRE(::pipe(fds) == 0);
  const pid_t pid = ::fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    ::close(fds[0]);
    child_main(path, "serve", fds[1]);
  }
  ::close(fds[1]);

  // Meanwhile, as `travelctl outbox` would: list, kill and retry entries, record bookings.
  auto opened = store::open_store(options_for(path));
  REQUIRE(opened.has_value());
  store::Store& db = *opened.value();
  asio::io_context ioc;
  std::string buffer;
  std::vector<std::string> lines;
  int errors = 0;
  std::size_t seen = 0;
  for (int i = 0; i < 40; ++i) {
    read_lines(fds[0], buffer, lines, lines.size() + 3);
    const auto now = std::chrono::system_clock::now();
    auto list = run_awaitable(ioc, db.outbox_list({}));
    errors += !list.has_value();
    if (list.has_value()) {
      seen = std::max(seen, list->size());
      if (!list->empty()) {
        errors += !run_awaitable(ioc, db.outbox_dead(list->back().id, "on-call", now)).has_value();
      }
    }
    errors += !run_awaitable(ioc, db.outbox_retry_dead(std::nullopt, now)).has_value();
    errors += !run_awaitable(ioc, db.record_booking({"cli-" + std::to_string(i), "cli", now}))
                   .has_value();
  }
  ::kill(pid, SIGKILL);
  ::waitpid(pid, nullptr, 0);
  ::close(fds[0]);
  CHECK(errors == 0);
  CHECK(seen > 0);
  auto stats = run_awaitable(ioc, db.outbox_stats(std::chrono::system_clock::now()));
  REQUIRE(stats.has_value());
  CHECK(stats->pending > 0);
}
