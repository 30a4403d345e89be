// End to end: `travelctl outbox list|show|retry` on a store filled through the Store API, its
// output, exit codes and store resolution, and its use of a file another process is writing.
#include <poll.h>
#include <pty.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <boost/asio/io_context.hpp>
#include <catch2/catch.hpp>
#include <cstdio>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

#include "serve_process.hpp"
#include "support/process.hpp"
#include "support/run_awaitable.hpp"
#include "support/temp_dir.hpp"
#include "travelctl/core/store/store.hpp"

namespace {

namespace asio = boost::asio;
namespace store = travelctl::core::store;
using namespace std::chrono_literals;
using nlohmann::json;
using travelctl::test::ChildProcess;
using travelctl::test::run_awaitable;
using travelctl::test::TempDir;

// 2026-01-01T00:00:00Z plus an offset: the fixture's times, so the output can be checked exactly.
store::TimePoint at(std::chrono::seconds offset) {
  return store::TimePoint(std::chrono::seconds(1'767'225'600) + offset);
}

store::StoreOptions options_for(const std::string& path) {
  store::StoreOptions o;
  o.path = path;
  o.purge_interval = 0ms;
  return o;
}

// ISO 8601 UTC with milliseconds, as the JSON output writes times.
std::string iso_ms(store::TimePoint t) {
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch());
  const time_t seconds = static_cast<time_t>(ms.count() / 1000);
  tm parts{};
  gmtime_r(&seconds, &parts);
  char out[64];
  std::snprintf(out, sizeof out, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", parts.tm_year + 1900,
                parts.tm_mon + 1, parts.tm_mday, parts.tm_hour, parts.tm_min, parts.tm_sec,
                static_cast<int>(ms.count() % 1000));
  return out;
}

// As the deliverer builds them (keys not in alphabetical order: `show` keeps their order).
std::string payload_for(const std::string& type, const std::string& booking) {
  return R"({"type":")" + type + R"(","booking_id":")" + booking + R"(","status":"confirmed"})";
}

// The store every case starts from, filled as serve would fill it:
//   evt_a1 acme   B1  pending, one failed attempt (HTTP 503), next at 00:01:10
//   evt_a2 acme   B2  dead (HTTP 410 Gone)
//   evt_g1 globex B3  delivered
//   evt_g2 globex B4  dead (connection refused), a payload that is not JSON
//   evt_u1 -      B9  pending, unrouted (no owner known)
void fill(const std::string& path) {
  auto opened = store::open_store(options_for(path));
  REQUIRE(opened.has_value());
  store::Store& db = *opened.value();
  asio::io_context ioc;
  const auto ok = [&ioc](auto task) {
    auto result = run_awaitable(ioc, std::move(task));
    REQUIRE(result.has_value());
    return std::move(result.value());
  };
  ok(db.record_booking({"B1", "acme", at(0s)}));
  ok(db.record_booking({"B2", "acme", at(0s)}));
  ok(db.record_booking({"B3", "globex", at(0s)}));
  ok(db.record_booking({"B4", "globex", at(0s)}));
  const std::vector<store::InboundEvent> events = {
      {"evt_a1", "B1", payload_for("booking.confirmed", "B1"), at(1s), at(2s)},
      {"evt_a2", "B2", payload_for("booking.cancelled", "B2"), at(3s), at(4s)},
      {"evt_g1", "B3", payload_for("booking.confirmed", "B3"), at(5s), at(5s)},
      {"evt_g2", "B4", "plain text, not JSON", at(6s), at(6s)},
      {"evt_u1", "B9", payload_for("booking.expired", "B9"), at(7s), at(7s)},
  };
  for (const auto& e : events) {
    REQUIRE(ok(db.record_event(e)) == store::EventInsert::inserted);
  }
  store::OutboxClaim claim;
  claim.now = at(10s);
  REQUIRE(ok(db.outbox_claim(claim)).size() == 4);  // all but the unrouted one
  REQUIRE(ok(db.outbox_reschedule("evt_a1", at(70s), "HTTP 503", at(11s))));
  REQUIRE(ok(db.outbox_dead("evt_a2", "HTTP 410 Gone", at(12s))));
  REQUIRE(ok(db.outbox_delivered("evt_g1", at(13s))));
  REQUIRE(ok(db.outbox_dead("evt_g2", "connect: connection refused", at(14s))));
}

struct Run {
  int status = -1;
  std::string out;
  std::string err;
};

// Runs `travelctl outbox ARGS...` to its end.
Run outbox(std::vector<std::string> args, std::map<std::string, std::string> env = {}) {
  args.insert(args.begin(), {TRAVELCTL_BINARY, "outbox"});
  ChildProcess child(std::move(args), std::move(env));
  const auto status = child.wait_exit(30s);
  REQUIRE(status.has_value());
  return {*status, child.stdout_text(), child.stderr_text()};
}

bool has(const std::string& text, const std::string& needle) {
  return text.find(needle) != std::string::npos;
}

// The ids in a `--format json` list, in order.
std::vector<std::string> json_ids(const std::string& out) {
  std::vector<std::string> ids;
  for (const auto& e : json::parse(out)) {
    ids.push_back(e.at("id").get<std::string>());
  }
  return ids;
}

// The table row of entry `id`.
std::string row_of(const std::string& table, const std::string& id) {
  const auto start = table.find(id + " ");
  return start == std::string::npos ? "" : table.substr(start, table.find('\n', start) - start);
}

// Runs `travelctl outbox ARGS...` on a pseudo-terminal, as from on-call's shell, with or without
// NO_COLOR; returns what it printed (the terminal's \r\n as \n) once it exited 0.
std::string outbox_on_tty(std::vector<std::string> args, bool no_color) {
  args.insert(args.begin(), {TRAVELCTL_BINARY, "outbox"});
  std::vector<std::string> env;
  for (char** e = environ; *e != nullptr; ++e) {
    const std::string entry(*e);
    if (entry.rfind("NO_COLOR=", 0) != 0 && entry.rfind("TRAVELCTL_", 0) != 0) {
      env.push_back(entry);
    }
  }
  if (no_color) {
    env.emplace_back("NO_COLOR=1");
  }
  std::vector<char*> argv, envp;
  for (auto& a : args) {
    argv.push_back(a.data());
  }
  argv.push_back(nullptr);
  for (auto& e : env) {
    envp.push_back(e.data());
  }
  envp.push_back(nullptr);
  int terminal = -1;
  const pid_t pid = ::forkpty(&terminal, nullptr, nullptr, nullptr);
  REQUIRE(pid >= 0);
  if (pid == 0) {
    ::execve(argv[0], argv.data(), envp.data());
    ::_exit(127);
  }
  std::string out;
  char buf[4096];
  for (;;) {
    pollfd p{terminal, POLLIN, 0};
    if (::poll(&p, 1, 30'000) <= 0) {
      break;
    }
    const ssize_t n = ::read(terminal, buf, sizeof buf);
    if (n <= 0) {
      break;  // EIO once the child has exited and closed the terminal
    }
    out.append(buf, static_cast<std::size_t>(n));
  }
  ::close(terminal);
  int status = 0;
  REQUIRE(::waitpid(pid, &status, 0) == pid);
  INFO(out);
  REQUIRE(WIFEXITED(status));
  REQUIRE(WEXITSTATUS(status) == 0);
  out.erase(std::remove(out.begin(), out.end(), '\r'), out.end());
  return out;
}

struct Fixture {
  Fixture() { fill(path); }
  TempDir dir;
  std::string path = dir.file("travelctl.db");
};

}  // namespace

TEST_CASE("outbox list: a table of every entry, oldest first, with the counts", "[integration]") {
  Fixture f;
  // Times are UTC whatever the local zone.
  const Run r = outbox({"list", "--store", f.path}, {{"TZ", "America/New_York"}});
  INFO(r.out << r.err);
  REQUIRE(r.status == 0);
  CHECK(r.err.empty());
  CHECK(r.out.rfind("ID      CLIENT      BOOKING  STATE      ATTEMPTS  NEXT ATTEMPT          "
                    "LAST ERROR                   OCCURRED AT\n",
                    0) == 0);
  CHECK(row_of(r.out, "evt_a1") ==
        "evt_a1  acme        B1       pending           1  2026-01-01T00:01:10Z  HTTP 503        "
        "             2026-01-01T00:00:01Z");
  CHECK(row_of(r.out, "evt_a2") ==
        "evt_a2  acme        B2       dead              1  -                     HTTP 410 Gone   "
        "             2026-01-01T00:00:03Z");
  CHECK(has(row_of(r.out, "evt_g1"), "globex      B3       delivered         1  -"));
  CHECK(has(row_of(r.out, "evt_g2"), "connect: connection refused"));
  CHECK(has(row_of(r.out, "evt_u1"), "(unrouted)  B9       pending           0  "));
  CHECK(r.out.find("evt_a1") < r.out.find("evt_a2"));
  CHECK(r.out.find("evt_g2") < r.out.find("evt_u1"));
  CHECK(has(r.out,
            "\noutbox: 2 pending (0 in flight, 1 unrouted), 1 delivered, 2 dead; oldest pending "
            "occurred 2026-01-01T00:00:01Z\n"));
  CHECK_FALSE(has(r.out, "\033["));  // no colour when stdout is not a terminal
}

TEST_CASE("outbox list: --dead, --state, --client and --limit filter, bad flags exit 2",
          "[integration]") {
  Fixture f;
  const Run dead = outbox({"list", "--store", f.path, "--dead"});
  REQUIRE(dead.status == 0);
  CHECK(has(dead.out, "evt_a2"));
  CHECK(has(dead.out, "evt_g2"));
  CHECK_FALSE(has(dead.out, "evt_a1"));
  CHECK_FALSE(has(dead.out, "evt_g1"));
  CHECK(has(dead.out, "2 dead"));  // the footer counts the whole outbox, not the filtered rows

  const Run acme = outbox({"list", "--store", f.path, "--client", "acme", "--format", "json"});
  REQUIRE(acme.status == 0);
  CHECK(json_ids(acme.out) == std::vector<std::string>{"evt_a1", "evt_a2"});
  const Run pending = outbox({"list", "--store", f.path, "--state", "pending", "--format", "json"});
  REQUIRE(pending.status == 0);
  CHECK(json_ids(pending.out) == std::vector<std::string>{"evt_a1", "evt_u1"});
  const Run globex_dead = outbox({"list", "--store", f.path, "--dead", "--client", "globex"});
  CHECK(has(globex_dead.out, "evt_g2"));
  CHECK_FALSE(has(globex_dead.out, "evt_a2"));
  const Run none = outbox({"list", "--store", f.path, "--client", "initech"});
  REQUIRE(none.status == 0);
  CHECK(none.out.rfind("no outbox entries match\noutbox: 2 pending", 0) == 0);

  const Run limited = outbox({"list", "--store", f.path, "--limit", "2", "--format", "json"});
  REQUIRE(limited.status == 0);
  CHECK(json_ids(limited.out) == std::vector<std::string>{"evt_a1", "evt_a2"});
  CHECK(has(limited.err, "showing the oldest 2; more match (raise --limit)"));
  const Run exact = outbox({"list", "--store", f.path, "--limit", "5"});
  CHECK(exact.err.empty());

  CHECK(outbox({"list", "--store", f.path, "--dead", "--state", "pending"}).status == 2);
  CHECK(outbox({"list", "--store", f.path, "--state", "lost"}).status == 2);
  CHECK(outbox({"list", "--store", f.path, "--limit", "0"}).status == 2);
  CHECK(outbox({"list", "--store", f.path, "--format", "xml"}).status == 2);
}

TEST_CASE("outbox list --format json: every field, exact payloads", "[integration]") {
  Fixture f;
  const Run r = outbox({"list", "--store", f.path, "--format", "json"});
  REQUIRE(r.status == 0);
  const json entries = json::parse(r.out);
  REQUIRE(entries.is_array());
  REQUIRE(entries.size() == 5);
  const json& a1 = entries[0];
  CHECK(a1 == json{{"id", "evt_a1"},
                   {"client_id", "acme"},
                   {"booking_id", "B1"},
                   {"state", "pending"},
                   {"attempts", 1},
                   {"next_attempt_at", "2026-01-01T00:01:10.000Z"},
                   {"last_error", "HTTP 503"},
                   {"occurred_at", "2026-01-01T00:00:01.000Z"},
                   {"created_at", "2026-01-01T00:00:02.000Z"},
                   {"updated_at", "2026-01-01T00:00:11.000Z"},
                   {"payload", payload_for("booking.confirmed", "B1")}});
  CHECK(r.out.find("\"id\"") < r.out.find("\"client_id\""));  // in the table's order
  CHECK(entries[3].at("payload") == "plain text, not JSON");
  CHECK(entries[4].at("client_id").is_null());
  CHECK(entries[4].at("last_error").is_null());
}

TEST_CASE("outbox show: every field and the payload, an unknown id exits 2", "[integration]") {
  Fixture f;
  const Run r = outbox({"show", "evt_a2", "--store", f.path});
  INFO(r.out << r.err);
  REQUIRE(r.status == 0);
  CHECK(r.out ==
        "id            evt_a2\n"
        "client        acme\n"
        "booking       B2\n"
        "state         dead\n"
        "attempts      1\n"
        "next attempt  -\n"
        "last error    HTTP 410 Gone\n"
        "occurred at   2026-01-01T00:00:03.000Z\n"
        "received at   2026-01-01T00:00:04.000Z\n"
        "updated at    2026-01-01T00:00:12.000Z\n"
        "payload       JSON, pretty-printed (the exact bytes: --format json):\n"
        "{\n"
        "  \"type\": \"booking.cancelled\",\n"
        "  \"booking_id\": \"B2\",\n"
        "  \"status\": \"confirmed\"\n"
        "}\n");

  const Run text = outbox({"show", "evt_g2", "--store", f.path});
  REQUIRE(text.status == 0);
  CHECK(has(text.out, "payload       20 bytes, as stored:\nplain text, not JSON\n"));
  const Run unrouted = outbox({"show", "evt_u1", "--store", f.path});
  CHECK(has(unrouted.out, "client        (unrouted: the booking's owner is unknown)\n"));
  CHECK(has(unrouted.out, "next attempt  2026-01-01T00:00:07.000Z\n"));

  const Run as_json = outbox({"show", "evt_a1", "--store", f.path, "--format", "json"});
  REQUIRE(as_json.status == 0);
  CHECK(json::parse(as_json.out).at("payload") == payload_for("booking.confirmed", "B1"));

  const Run unknown = outbox({"show", "evt_nope", "--store", f.path});
  CHECK(unknown.status == 2);
  CHECK(unknown.out.empty());
  CHECK(has(unknown.err, "no outbox entry with id 'evt_nope'"));
  CHECK(outbox({"show", "--store", f.path}).status == 2);  // the id is required
}

TEST_CASE("outbox retry ID: a dead entry becomes pending, others exit 2 with why",
          "[integration]") {
  Fixture f;
  const auto before = std::chrono::system_clock::now();
  const Run r = outbox({"retry", "evt_a2", "--store", f.path});
  INFO(r.out << r.err);
  REQUIRE(r.status == 0);
  CHECK(r.out == "retried evt_a2: dead -> pending, due now, attempts reset\n");
  const Run pending = outbox({"list", "--store", f.path, "--state", "pending", "--format", "json"});
  const json entries = json::parse(pending.out);
  REQUIRE(entries.size() == 3);
  const json& a2 = entries[1];
  CHECK(a2.at("id") == "evt_a2");
  CHECK(a2.at("attempts") == 0);
  CHECK(a2.at("next_attempt_at").get<std::string>() >= iso_ms(before));

  const Run again = outbox({"retry", "evt_a2", "--store", f.path});
  CHECK(again.status == 2);
  CHECK(has(again.err, "'evt_a2' is pending (0 attempt(s) so far), not dead"));
  const Run delivered = outbox({"retry", "evt_g1", "--store", f.path});
  CHECK(delivered.status == 2);
  CHECK(has(delivered.err, "'evt_g1' was delivered at 2026-01-01T00:00:13Z"));
  const Run unrouted = outbox({"retry", "evt_u1", "--store", f.path});
  CHECK(unrouted.status == 2);
  CHECK(has(unrouted.err, "not dead: it waits for its booking's owner to be known"));
  const Run unknown = outbox({"retry", "evt_nope", "--store", f.path});
  CHECK(unknown.status == 2);
  CHECK(has(unknown.err, "no outbox entry with id 'evt_nope'"));

  CHECK(outbox({"retry", "--store", f.path}).status == 2);  // neither ID nor --dead
  CHECK(outbox({"retry", "evt_g2", "--dead", "--store", f.path}).status == 2);
  CHECK(outbox({"retry", "evt_g2", "--client", "globex", "--store", f.path}).status == 2);
  CHECK(has(outbox({"list", "--store", f.path}).out, "1 dead"));  // evt_g2 was left alone
}

TEST_CASE("outbox retry --dead: every dead entry, or one client's, and says how many",
          "[integration]") {
  Fixture f;
  const Run globex = outbox({"retry", "--dead", "--client", "globex", "--store", f.path});
  REQUIRE(globex.status == 0);
  CHECK(globex.out ==
        "retried 1 dead entry of client globex: pending again, due now, attempts reset\n");
  const Run dead = outbox({"list", "--dead", "--format", "json", "--store", f.path});
  CHECK(json_ids(dead.out) == std::vector<std::string>{"evt_a2"});
  const Run rest = outbox({"retry", "--dead", "--store", f.path});
  CHECK(rest.out == "retried 1 dead entry: pending again, due now, attempts reset\n");
  const Run none = outbox({"retry", "--dead", "--store", f.path});
  REQUIRE(none.status == 0);
  CHECK(none.out == "no dead entries to retry\n");
  CHECK(outbox({"retry", "--dead", "--client", "acme", "--store", f.path}).out ==
        "no dead entries of client acme to retry\n");
  CHECK(has(outbox({"list", "--store", f.path}).out, "4 pending (0 in flight, 1 unrouted)"));
}

TEST_CASE("outbox: the store comes from --store, TRAVELCTL_STORE_PATH or --config, bad ones fail",
          "[integration]") {
  Fixture f;
  const std::string config = travelctl::test::write_temp_file(
      R"({"store": {"kind": "sqlite", "path": ")" + f.path + R"("}})");
  const Run from_config = outbox({"list", "--config", config, "--format", "json"});
  REQUIRE(from_config.status == 0);
  CHECK(json_ids(from_config.out).size() == 5);
  const Run from_env = outbox({"show", "evt_a1"}, {{"TRAVELCTL_STORE_PATH", f.path}});
  CHECK(from_env.status == 0);
  // As for serve, the environment wins over the file and --store over both.
  const std::string elsewhere = f.dir.file("elsewhere.db");
  const Run env_wins = outbox({"list", "--config", config}, {{"TRAVELCTL_STORE_PATH", elsewhere}});
  CHECK(env_wins.status == 3);
  CHECK(has(env_wins.err, "elsewhere.db': no such file"));
  const Run flag_wins = outbox({"list", "--config", config, "--store", f.path},
                               {{"TRAVELCTL_STORE_PATH", elsewhere}});
  CHECK(flag_wins.status == 0);
  // A mistyped path is reported, not created as an empty store.
  CHECK_FALSE(std::filesystem::exists(elsewhere));

  const std::string not_a_db = travelctl::test::write_temp_file("just some notes\n", ".txt");
  const Run bad = outbox({"list", "--store", not_a_db});
  CHECK(bad.status == 3);
  CHECK(bad.err == "error: store '" + not_a_db + "': not a SQLite database\n");
  CHECK(outbox({"retry", "--dead", "--store", not_a_db}).status == 3);
  const Run bad_config = outbox({"list", "--config", f.dir.file("missing.json")});
  CHECK(bad_config.status == 2);
  CHECK(has(bad_config.err, "missing.json: cannot read the file"));
  const Run broken =
      outbox({"list", "--config", travelctl::test::write_temp_file("{\"store\": 1")});
  CHECK(broken.status == 2);
}

TEST_CASE("outbox: list and retry work while another Store instance writes the file",
          "[integration]") {
  Fixture f;
  // As serve's webhook route would: a Store of its own recording events, on its own thread.
  std::atomic<bool> stop{false};
  std::atomic<int> written{0};
  std::atomic<int> failed{0};
  std::thread writer([&] {
    asio::io_context ioc;  // outlives the store
    auto opened = store::open_store(options_for(f.path));
    if (!opened.has_value()) {
      ++failed;
      return;
    }
    for (int i = 0; !stop.load(); ++i) {
      const auto now = std::chrono::system_clock::now();
      store::InboundEvent event{"live_" + std::to_string(i), "B1", "{}", now, now};
      auto r = run_awaitable(ioc, opened.value()->record_event(std::move(event)));
      ++(r.has_value() ? written : failed);
    }
  });
  const auto deadline = std::chrono::steady_clock::now() + 10s;
  while (written.load() < 20 && failed.load() == 0 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(5ms);
  }
  const Run list = outbox({"list", "--store", f.path, "--format", "json", "--limit", "100000"});
  const Run one = outbox({"retry", "evt_a2", "--store", f.path});
  const Run all = outbox({"retry", "--dead", "--store", f.path});
  const Run table = outbox({"list", "--store", f.path, "--client", "acme"});
  stop = true;
  writer.join();
  INFO(list.err << one.err << all.err << table.err);
  CHECK(failed.load() == 0);
  REQUIRE(written.load() >= 20);
  REQUIRE(list.status == 0);
  CHECK(json::parse(list.out).size() >= 5 + 20);
  CHECK(one.status == 0);
  CHECK(all.out == "retried 1 dead entry: pending again, due now, attempts reset\n");
  CHECK(table.status == 0);
  CHECK(has(table.out, "live_0"));
  const Run final_list =
      outbox({"list", "--store", f.path, "--format", "json", "--limit", "100000"});
  CHECK(json::parse(final_list.out).size() == 5 + static_cast<std::size_t>(written.load()));
}

TEST_CASE("outbox: a command waits for another process's write lock instead of failing",
          "[integration]") {
  Fixture f;
  sqlite3* other = nullptr;
  REQUIRE(sqlite3_open(f.path.c_str(), &other) == SQLITE_OK);
  // A write transaction held open, as a long group commit of serve would.
  REQUIRE(sqlite3_exec(other, "BEGIN IMMEDIATE; UPDATE outbox SET attempts = 2 WHERE id = 'evt_g1'",
                       nullptr, nullptr, nullptr) == SQLITE_OK);
  ChildProcess retry({TRAVELCTL_BINARY, "outbox", "retry", "--dead", "--store", f.path});
  std::this_thread::sleep_for(500ms);
  CHECK_FALSE(retry.wait_exit(0ms).has_value());  // still waiting: neither done nor failed
  CHECK(sqlite3_exec(other, "COMMIT", nullptr, nullptr, nullptr) == SQLITE_OK);
  sqlite3_close(other);
  const auto status = retry.wait_exit(10s);
  INFO(retry.stderr_text());
  REQUIRE(status.has_value());
  CHECK(*status == 0);
  CHECK(retry.stdout_text() == "retried 2 dead entries: pending again, due now, attempts reset\n");
}

TEST_CASE("outbox: colour only on a terminal, never with NO_COLOR, control characters defused",
          "[integration]") {
  Fixture f;
  {
    asio::io_context ioc;  // outlives the store
    auto opened = store::open_store(options_for(f.path));
    REQUIRE(opened.has_value());
    // What a hostile or broken supplier could send: terminal escape sequences.
    store::InboundEvent event{"evt_esc", "B\033]0;title\007", "\033[2Jcleared\007\nline two\n",
                              at(8s), at(8s)};
    REQUIRE(run_awaitable(ioc, opened.value()->record_event(std::move(event))).has_value());
  }
  const std::string coloured = outbox_on_tty({"list", "--store", f.path, "--dead"}, false);
  CHECK(has(coloured, "\033[1mID "));
  CHECK(has(coloured, "\033[31mdead"));
  const std::string plain = outbox_on_tty({"list", "--store", f.path}, true);
  CHECK(has(row_of(plain, "evt_a2"), " acme "));
  CHECK(has(plain, "B?]0;title?  pending"));  // a table cell never carries a control character
  CHECK_FALSE(has(plain, "\033"));
  const std::string shown = outbox_on_tty({"show", "evt_esc", "--store", f.path}, false);
  CHECK(has(shown, "\033[33mpending\033[0m"));
  CHECK(has(shown, "booking       B\\x1B]0;title\\x07\n"));
  CHECK(has(shown, "as stored:\n\\x1B[2Jcleared\\x07\nline two\n"));
  // Piped, the payload is printed byte for byte.
  const Run piped = outbox({"show", "evt_esc", "--store", f.path});
  CHECK(has(piped.out, "as stored:\n\033[2Jcleared\007\nline two\n"));
}
